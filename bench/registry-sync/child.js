/*
 * The measured side of the registry-sync benchmark, in its own process so its
 * RSS is the sync's: the bare REST read and the sync, alternately, against the
 * MLflow server at argv[2]. Sends one result message to the parent.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const knexFactory = require('knex');
const { ConfigReader } = require('@backstage/config');
const {
  IdRegistry,
  MlflowRegistryConnector,
  readMlflowRegistryConfigs,
} = require('@ml-marketplace/plugin-ml-node');
const {
  migrateKnex,
} = require('../../plugins/ml-backend/src/database/migrations');
const {
  RegistryStore,
} = require('../../plugins/ml-backend/src/database/RegistryStore');
const {
  RegistrySync,
} = require('../../plugins/ml-backend/src/services/registry/RegistrySync');

const url = process.argv[2];
const [config] = readMlflowRegistryConfigs(
  new ConfigReader({
    ml: { registries: { mlflow: [{ id: 'bench', baseUrl: url }] } },
  }),
);

let requests = 0;
async function getJson(endpoint, params) {
  const u = new URL(`${url}/api/2.0/mlflow/${endpoint}`);
  for (const [k, v] of Object.entries(params))
    if (v !== undefined) u.searchParams.set(k, String(v));
  requests++;
  const res = await fetch(u, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${endpoint}: ${res.status}`);
  return res.json();
}

async function pages(endpoint, key, pageSize) {
  const items = [];
  let token;
  do {
    const page = await getJson(endpoint, {
      max_results: pageSize,
      page_token: token,
    });
    items.push(...(page[key] ?? []));
    token = page.next_page_token;
  } while (token);
  return items;
}

/** The same requests the sync makes, with the same concurrency; nothing parsed or stored. */
async function bareRead() {
  requests = 0;
  const models = await pages(
    'registered-models/search',
    'registered_models',
    config.pageSize,
  );
  const versions = await pages(
    'model-versions/search',
    'model_versions',
    config.versionPageSize,
  );
  const runIds = [...new Set(versions.map(v => v.run_id).filter(Boolean))];
  let next = 0;
  const runs = [];
  await Promise.all(
    Array.from({ length: config.runConcurrency }, async () => {
      while (next < runIds.length) {
        const id = runIds[next++];
        runs.push(await getJson('runs/get', { run_id: id }));
      }
    }),
  );
  return {
    models: models.length,
    versions: versions.length,
    runs: runs.length,
    requests,
  };
}

const logger = {
  info() {},
  warn: m => console.warn(m),
  error: m => console.error(m),
  debug() {},
  child() {
    return logger;
  },
};

async function main() {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await migrateKnex(db);
  const store = new RegistryStore(db);
  const connectors = new IdRegistry('connector');
  connectors.add(new MlflowRegistryConnector(config));
  const sync = new RegistrySync({
    store,
    connectors,
    logger,
    replica: 'bench',
  });
  const signal = new AbortController().signal;

  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const timer = setInterval(sample, 20);

  const timed = async fn => {
    const t0 = performance.now();
    const value = await fn();
    return { value, ms: performance.now() - t0 };
  };

  // Warm the server's and our caches once, then alternate.
  const warm = await bareRead();
  const bare1 = await timed(bareRead);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  peak = rssBefore;
  const first = await timed(() => sync.sync('bench', 'manual', signal));
  const peakRss = peak;
  const bare2 = await timed(bareRead);
  const before = await db('ml_registry_models').select(
    'name',
    'hash',
    'changed_at',
  );
  const second = await timed(() => sync.sync('bench', 'manual', signal));
  const after = await db('ml_registry_models').select(
    'name',
    'hash',
    'changed_at',
  );
  const was = new Map(before.map(r => [r.name, `${r.hash}${r.changed_at}`]));
  const rowsChanged = after.filter(
    r => was.get(r.name) !== `${r.hash}${r.changed_at}`,
  ).length;
  clearInterval(timer);
  if (first.value.status !== 'succeeded')
    throw new Error(`sync ${first.value.status}: ${first.value.error}`);

  const bareRuns = [bare1.ms, bare2.ms].sort((a, b) => a - b);
  process.send({
    type: 'registry-sync-result',
    ...warm,
    bareRuns,
    bareMs: (bareRuns[0] + bareRuns[1]) / 2,
    syncMs: first.ms,
    resyncMs: second.ms,
    peakRss,
    rssBefore,
    first: first.value,
    second: second.value,
    rows: after.length,
    rowsChanged,
  });
  await db.destroy();
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
