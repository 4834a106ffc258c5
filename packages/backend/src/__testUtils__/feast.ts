import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './mlflow';
import { run } from './run';

/**
 * A real Feast feature store for integration tests: `scripts/feast.sh`
 * applies and materializes scripts/feast/repo and serves its registry over
 * REST from the virtualenv `bash scripts/feast.sh install` makes. Tests that
 * need it use `describeWithFeast`, which skips them when the virtualenv is
 * missing (and fails instead when ML_TEST_REQUIRE_FEAST=1, as in CI).
 */

const REPO_ROOT = resolvePackagePath('backend', '../..');
const FEAST_SH = path.join(REPO_ROOT, 'scripts', 'feast.sh');
const VENV_FEAST = path.join(
  REPO_ROOT,
  '.ml-marketplace',
  'feast-venv',
  'bin',
  'feast',
);

/** The project scripts/feast/repo defines. */
export const FEAST_DEMO_PROJECT = 'ml_marketplace_demo';

export interface FeastServer {
  /** REST API base, e.g. http://127.0.0.1:40123/api/v1. */
  api: string;
  dir: string;
  /** Stops the server and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

export async function startFeastServer(): Promise<FeastServer> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'ml-feast-'));
  const sh = (args: string[]) =>
    run(`scripts/feast.sh ${args[0]}`, 'bash', [FEAST_SH, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
  let api: string | undefined;
  try {
    for (let attempt = 1; !api; attempt++) {
      const port = await freePort();
      try {
        api = (await sh(['start', dir, String(port)])).stdout
          .trim()
          .split('\n')
          .pop();
      } catch (error) {
        const busy = /address already in use|Errno 98/i.test(String(error));
        if (!busy || attempt >= 3) throw error;
      }
    }
  } catch (error) {
    await sh(['stop', dir]).catch(() => undefined);
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    api: api!,
    dir,
    stop() {
      stopped ??= (async () => {
        try {
          await sh(['stop', dir]);
        } finally {
          await fs.promises.rm(dir, { recursive: true, force: true });
        }
      })();
      return stopped;
    },
  };
}

function chooseDescribe(): jest.Describe {
  if (fs.existsSync(VENV_FEAST)) return describe;
  const message = `no virtualenv with feast at ${VENV_FEAST} (run \`bash scripts/feast.sh install\`)`;
  if (process.env.ML_TEST_REQUIRE_FEAST === '1') {
    throw new Error(
      `Feast tests cannot run: ${message}; ML_TEST_REQUIRE_FEAST=1 forbids skipping them`,
    );
  }
  console.warn(`Feast tests skipped: ${message}`);
  return describe.skip;
}

/**
 * `describe` for tests that need a real Feast registry server: skipped (with
 * one warning) without the virtualenv, an error when ML_TEST_REQUIRE_FEAST=1.
 */
export const describeWithFeast: jest.Describe = chooseDescribe();
