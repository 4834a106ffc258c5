import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { run as runCommand, type RunOptions, type RunResult } from './run';

/**
 * A real MLflow tracking server for integration tests: `scripts/mlflow.sh`
 * runs it from the virtualenv that `bash scripts/mlflow.sh install` makes,
 * and `scripts/mlflow/seed.py` fills it through MLflow's own Python client.
 * Tests that need it use `describeWithMlflow`, which skips them when the
 * virtualenv is missing (and fails instead when ML_TEST_REQUIRE_MLFLOW=1).
 */

const REPO_ROOT = resolvePackagePath('backend', '../..');
const MLFLOW_SH = path.join(REPO_ROOT, 'scripts', 'mlflow.sh');
const SEED_PY = path.join(REPO_ROOT, 'scripts', 'mlflow', 'seed.py');
const VENV_PYTHON = path.join(
  REPO_ROOT,
  '.ml-marketplace',
  'mlflow-venv',
  'bin',
  'python',
);

/** A metric value; the strings stand for the non-finite floats. */
export type SeedMetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

/** One model version of a seed plan (see the docstring of seed.py). */
export interface SeedVersionPlan {
  /** Fit and log a tiny scikit-learn model and register that logged model. */
  train?: 'logistic-regression' | 'gradient-boosting' | null;
  /** Logged at step 0. */
  metrics?: Record<string, SeedMetricValue>;
  /** Logged at steps 0..n-1. */
  metricHistory?: Record<string, SeedMetricValue[]>;
  params?: Record<string, string | number | boolean>;
  runTags?: Record<string, string>;
  /** A run input with context "training" (source type "external"). */
  dataset?: { name: string; source?: string };
  /** The model version description. */
  description?: string;
  /** Model version tags. */
  tags?: Record<string, string>;
  /** Legacy stage, set with transition_model_version_stage. */
  stage?: 'None' | 'Staging' | 'Production' | 'Archived';
  /** No run at all: the version is created from `source` alone. */
  noRun?: boolean;
  /** With noRun only; default s3://ml-models/<name>/<version>. */
  source?: string;
}

export interface SeedModelPlan {
  name: string;
  description?: string;
  tags?: Record<string, string>;
  /** Experiment of the runs; default: the model name. */
  experiment?: string;
  versions?: SeedVersionPlan[];
  /** Alias -> version number (1-based). */
  aliases?: Record<string, number>;
  /** Delete the registered model once seeded. */
  deleteAfter?: boolean;
}

export interface SeedPlan {
  /** Models seeded in parallel (default 8). */
  threads?: number;
  models: SeedModelPlan[];
}

export interface SeedResult {
  models: Array<{
    name: string;
    versions: Array<{
      /** As MLflow numbers them: "1", "2", … */
      version: string;
      /** null for a noRun version. */
      runId: string | null;
      experimentId: string | null;
    }>;
  }>;
  /** Time spent seeding, in seconds. */
  seconds: number;
}

export interface MlflowServer {
  /** Base URL, e.g. http://127.0.0.1:40123 (REST API under /api/2.0/mlflow). */
  url: string;
  /** The directory holding the server's database, artifacts and log. */
  dir: string;
  seed(plan: SeedPlan): Promise<SeedResult>;
  /** Stops the server and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The Python of the MLflow virtualenv: ML_TEST_MLFLOW_PYTHON when set, else
 * the repo's .ml-marketplace/mlflow-venv when it exists.
 */
export function mlflowPython(): string | undefined {
  const fromEnv = process.env.ML_TEST_MLFLOW_PYTHON;
  if (fromEnv) {
    return fromEnv;
  }
  return fs.existsSync(VENV_PYTHON) ? VENV_PYTHON : undefined;
}

function pythonEnv(python: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.dirname(python)}${path.delimiter}${process.env.PATH ?? ''}`,
    MLFLOW_PYTHON: python,
    MLFLOW_DISABLE_TELEMETRY: 'true',
    DO_NOT_TRACK: 'true',
    PYTHONUNBUFFERED: '1',
  };
}

/** Runs a command from the repo's root (see `run` in python.ts). */
function run(
  label: string,
  command: string,
  args: string[],
  options: RunOptions,
): Promise<RunResult> {
  return runCommand(label, command, args, { cwd: REPO_ROOT, ...options });
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts an MLflow server on a free loopback port with its SQLite database
 * and artifacts in a fresh temporary directory; resolves once /health
 * answers.
 */
export async function startMlflowServer(): Promise<MlflowServer> {
  const python = mlflowPython();
  if (!python) {
    throw new Error(
      `No MLflow virtualenv at ${VENV_PYTHON}: run \`bash scripts/mlflow.sh install\``,
    );
  }
  const env = pythonEnv(python);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'ml-mlflow-'));
  let url: string | undefined;
  try {
    // Another process may take the port between the probe and the start.
    for (let attempt = 1; !url; attempt++) {
      const port = await freePort();
      try {
        const { stdout } = await run(
          'scripts/mlflow.sh start',
          'bash',
          [MLFLOW_SH, 'start', dir, String(port)],
          { env },
        );
        url = stdout.trim().split('\n').pop();
      } catch (error) {
        const busy = /address already in use|Errno 98/i.test(String(error));
        if (!busy || attempt >= 3) {
          throw error;
        }
      }
    }
  } catch (error) {
    await run('scripts/mlflow.sh stop', 'bash', [MLFLOW_SH, 'stop', dir], {
      env,
    }).catch(() => {});
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw error;
  }

  const baseUrl = url;
  let stopped: Promise<void> | undefined;
  return {
    url: baseUrl,
    dir,
    async seed(plan) {
      const { stdout } = await run(
        'scripts/mlflow/seed.py',
        python,
        [SEED_PY, '--tracking-uri', baseUrl, '--plan', '-'],
        { env, input: JSON.stringify(plan) },
      );
      return JSON.parse(stdout) as SeedResult;
    },
    stop() {
      stopped ??= (async () => {
        try {
          await run(
            'scripts/mlflow.sh stop',
            'bash',
            [MLFLOW_SH, 'stop', dir],
            {
              env,
            },
          );
        } finally {
          await fs.promises.rm(dir, { recursive: true, force: true });
        }
      })();
      return stopped;
    },
  };
}

function chooseDescribe(): jest.Describe {
  if (mlflowPython()) {
    return describe;
  }
  const message = `no virtualenv at ${VENV_PYTHON} (run \`bash scripts/mlflow.sh install\`)`;
  if (process.env.ML_TEST_REQUIRE_MLFLOW === '1') {
    throw new Error(
      `MLflow tests cannot run: ${message}; ML_TEST_REQUIRE_MLFLOW=1 forbids skipping them`,
    );
  }
  console.warn(`MLflow tests skipped: ${message}`);
  return describe.skip;
}

/**
 * `describe` for tests that need a real MLflow server: `describe.skip` (with
 * one warning) when there is no MLflow virtualenv, an error instead when
 * ML_TEST_REQUIRE_MLFLOW=1 (as in CI).
 */
export const describeWithMlflow: jest.Describe = chooseDescribe();
