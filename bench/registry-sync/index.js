#!/usr/bin/env node
/*
 * `npm run bench -- registry-sync [MODELS] [VERSIONS]` (default 1000 x 5):
 * the registry sync against a real MLflow server.
 *
 *   1. Starts `mlflow server` (SQLite store) from the repo's virtualenv on a
 *      free loopback port and seeds it with MLflow's own Python client:
 *      MODELS registered models x VERSIONS versions, each with a run holding
 *      metrics, params and a training dataset, aliases on the last two. The
 *      seeded store is kept (in /dev/shm when there is one) and reused.
 *   2. In a child process (for its memory), alternately:
 *      - the baseline: a bare paginated read of the same data through the REST
 *        API (registered-models/search, model-versions/search, runs/get per
 *        version, as many requests in flight as the sync uses), no parsing
 *        beyond JSON and nothing stored;
 *      - the sync: MlflowRegistryConnector + RegistrySync into a migrated
 *        in-memory SQLite database, as the backend runs it;
 *      - a re-sync with nothing changed in the registry.
 *   Prints wall times, the ratio sync / bare read (target <= 1.5x), peak RSS
 *   during the sync, and what the re-sync wrote (target: nothing).
 */
const { execFileSync, fork } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const MODELS = Number(process.argv[2] ?? 1000);
const VERSIONS = Number(process.argv[3] ?? 5);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function plan() {
  const models = [];
  for (let m = 0; m < MODELS; m++) {
    const versions = [];
    for (let v = 1; v <= VERSIONS; v++) {
      versions.push({
        metrics: {
          auc: Number((0.7 + ((m * 7 + v * 13) % 29) / 100).toFixed(3)),
          f1: Number((0.6 + ((m * 11 + v * 5) % 31) / 100).toFixed(3)),
          log_loss: v === 2 && m % 50 === 0 ? 'NaN' : 0.3 + v / 100,
        },
        params: {
          learning_rate: String(0.1 / v),
          max_depth: String(3 + v),
          seed: String(m),
        },
        dataset: {
          name: `dataset-${m % 200}`,
          source: `s3://lake/bench/dataset-${m % 200}`,
        },
        description: `Version ${v} of bench model ${m}`,
      });
    }
    models.push({
      name: `bench-model-${String(m).padStart(4, '0')}`,
      tags: { owner: `group:default/team-${m % 20}` },
      experiment: `bench-${m % 10}`,
      versions,
      aliases: {
        champion: VERSIONS,
        ...(VERSIONS > 1 && { challenger: VERSIONS - 1 }),
      },
    });
  }
  return { threads: 8, models };
}

async function main() {
  const python = execFileSync(
    'bash',
    [path.join(ROOT, 'scripts/mlflow.sh'), 'install'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
    .toString()
    .trim()
    .split('\n')
    .pop();
  // Seeding is bound by the server's SQLite writes: /dev/shm when there is one.
  const base = fs.existsSync('/dev/shm')
    ? '/dev/shm/ml-marketplace-bench-mlflow'
    : path.join(ROOT, '.ml-marketplace/bench-mlflow');
  const dir = path.join(base, `${MODELS}x${VERSIONS}`);
  // A server left by an interrupted run holds the directory: stop it first.
  execFileSync('bash', [path.join(ROOT, 'scripts/mlflow.sh'), 'stop', dir], {
    stdio: 'ignore',
  });
  const port = await freePort();
  const url = execFileSync(
    'bash',
    [path.join(ROOT, 'scripts/mlflow.sh'), 'start', dir, String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
    .toString()
    .trim()
    .split('\n')
    .pop();
  try {
    const stamp = path.join(dir, 'seeded');
    if (!fs.existsSync(stamp)) {
      process.stdout.write(
        `seeding ${MODELS} models x ${VERSIONS} versions with MLflow's client… `,
      );
      const t0 = Date.now();
      const planFile = path.join(dir, 'plan.json');
      fs.writeFileSync(planFile, JSON.stringify(plan()));
      execFileSync(
        python,
        [
          path.join(ROOT, 'scripts/mlflow/seed.py'),
          '--tracking-uri',
          url,
          '--plan',
          planFile,
        ],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
          maxBuffer: 1 << 26,
        },
      );
      fs.writeFileSync(stamp, new Date().toISOString());
      console.log(`${((Date.now() - t0) / 1000).toFixed(0)} s`);
    } else {
      console.log(`reusing the seeded registry in ${dir}`);
    }

    const child = fork(path.join(__dirname, 'child.js'), [url], {
      stdio: 'inherit',
    });
    const result = await new Promise((resolve, reject) => {
      // The CLI's module loader may send its own messages: take ours only.
      child.on(
        'message',
        m => m?.type === 'registry-sync-result' && resolve(m),
      );
      child.on(
        'exit',
        code => code && reject(new Error(`child exited with ${code}`)),
      );
    });
    const s = ms => `${(ms / 1000).toFixed(2)} s`;
    const mb = b => `${(b / 1024 / 1024).toFixed(0)} MB`;
    console.log(
      `\nMLflow ${url}, ${result.models} models, ${result.versions} versions, ${result.runs} runs, ${result.requests} requests per read`,
    );
    console.log(
      `bare paginated REST read (baseline)  ${s(result.bareMs)}   (mean of ${
        result.bareRuns.length
      }: ${result.bareRuns.map(s).join(', ')})`,
    );
    console.log(
      `sync into SQLite                     ${s(result.syncMs)}   ${(
        result.syncMs / result.bareMs
      ).toFixed(2)}x baseline (target <= 1.5x)`,
    );
    console.log(
      `  written: ${result.first.modelsWritten} models, status ${result.first.status}`,
    );
    console.log(
      `  peak RSS during the sync           ${mb(result.peakRss)} (${mb(
        result.rssBefore,
      )} before)`,
    );
    console.log(
      `re-sync, registry unchanged          ${s(result.resyncMs)}   ${(
        result.resyncMs / result.bareMs
      ).toFixed(2)}x baseline`,
    );
    console.log(
      `  written: ${result.second.modelsWritten} models, ${result.second.modelsDeleted} deleted; model rows changed: ${result.rowsChanged} of ${result.rows}`,
    );
  } finally {
    execFileSync('bash', [path.join(ROOT, 'scripts/mlflow.sh'), 'stop', dir], {
      stdio: 'ignore',
    });
  }
}

main().catch(error => {
  console.error(`registry-sync: ${error.stack ?? error.message}`);
  process.exit(1);
});
