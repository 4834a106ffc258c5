/*
 * The measured side of the feature-sync benchmark, in its own process so its
 * RSS and heap are the sync's: the bare paginated REST read and the sync,
 * alternately, against the Feast registry at argv[2]; argv[3] is JSON
 * { rounds, change, profileDir }. Asks the parent over IPC to change views
 * in the registry ({ type: 'materialize', count, round }) and sends one
 * { type: 'feature-sync-result' } message at the end.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const knexFactory = require('knex');
const { ConfigReader } = require('@backstage/config');
const {
  IdRegistry,
  FeastRegistryConnector,
  readFeastRegistryConfigs,
} = require('@ml-marketplace/plugin-ml-node');
const {
  migrateKnex,
} = require('../../plugins/ml-backend/src/database/migrations');
const {
  RegistryStore,
} = require('../../plugins/ml-backend/src/database/RegistryStore');
const {
  FeatureStoreStore,
} = require('../../plugins/ml-backend/src/database/FeatureStoreStore');
const {
  RegistrySync,
} = require('../../plugins/ml-backend/src/services/registry/RegistrySync');
const { cpuProfiler } = require('../lib/cpuProfile');

const url = process.argv[2];
const { rounds, change, profileDir } = JSON.parse(process.argv[3]);
const ID = 'bench';
const [config] = readFeastRegistryConfigs(
  new ConfigReader({
    ml: { registries: { feast: [{ id: ID, baseUrl: url }] } },
  }),
);

// ---------------------------------------------------------------------------
// The baseline: the requests the connector makes, in the same order and one
// at a time as it sends them, each answer read as text and parsed as JSON
// (what the connector's client does too); nothing validated, mapped or stored.

let requests = 0;
let bytes = 0;
async function getJson(route, params) {
  const u = new URL(`${config.baseUrl}/api/v1/${route}`);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, String(v));
  requests++;
  const res = await fetch(u, { headers: { Accept: 'application/json' } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${route}: ${res.status} ${text.slice(0, 200)}`);
  bytes += text.length;
  return JSON.parse(text);
}

async function pages(route, key, params) {
  const items = [];
  for (let page = 1; ; page++) {
    const answer = await getJson(route, {
      ...params,
      page,
      limit: config.pageSize,
    });
    items.push(...(answer[key] ?? []));
    if (!answer.pagination?.hasNext) return items;
  }
}

async function bareRead() {
  requests = 0;
  bytes = 0;
  const projects = (await pages('projects', 'projects', {})).map(
    p => p.spec.name,
  );
  let views = 0;
  let services = 0;
  for (const project of projects) {
    const params = { project, sort_by: 'name' };
    views += (await pages('feature_views', 'featureViews', params)).length;
    services += (await pages('feature_services', 'featureServices', params))
      .length;
  }
  return { projects: projects.length, views, services, requests, bytes };
}

// ---------------------------------------------------------------------------

const logger = {
  info() {},
  warn: m => console.warn(m),
  error: m => console.error(m),
  debug() {},
  child() {
    return logger;
  },
};

/** Asks the parent (which serves the registry) something over IPC. */
function ask(message) {
  return new Promise(resolve => {
    const onMessage = m => {
      if (m?.type !== message.type) return;
      process.off('message', onMessage);
      resolve(m);
    };
    process.on('message', onMessage);
    process.send(message);
  });
}

/** This process's peak RSS since the last reset (VmHWM), or undefined. */
function peakRss() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(
      fs.readFileSync('/proc/self/status', 'utf8'),
    );
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
/** Resets VmHWM to the current RSS (Linux: clear_refs 5); false when it cannot. */
function resetPeakRss() {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** A migrated in-memory SQLite database and a RegistrySync over it, as the backend builds it. */
async function syncer() {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await migrateKnex(db);
  // Statements that write the feature store's table: an unchanged re-sync must send none.
  const writes = { objects: 0, runLog: 0 };
  db.on('query', q => {
    if (!/^\s*(insert|update|delete|replace)/i.test(q.sql)) return;
    if (q.sql.includes('ml_feature_store_objects')) writes.objects++;
    else writes.runLog++;
  });
  const stores = new IdRegistry('store');
  stores.add(new FeastRegistryConnector(config));
  const sync = new RegistrySync({
    store: new RegistryStore(db),
    connectors: new IdRegistry('connector'),
    featureStores: { connectors: stores, store: new FeatureStoreStore(db) },
    logger,
    replica: 'bench',
  });
  const signal = new AbortController().signal;
  const run = async () => {
    const value = await sync.sync(ID, 'manual', signal);
    if (value.status !== 'succeeded') {
      throw new Error(`sync ${value.status}: ${value.error}`);
    }
    return value;
  };
  return { db, writes, run };
}

/** Every stored object's row as text, by object. */
const rowsOf = db =>
  db('ml_feature_store_objects')
    .select()
    .then(
      list =>
        new Map(
          list.map(r => [
            `${r.object_type}/${r.project}/${r.name}`,
            JSON.stringify(r),
          ]),
        ),
    );

/** Wall time of `fn`, after a full GC so that no earlier garbage is collected on its time. */
async function timed(fn) {
  global.gc?.();
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

/**
 * Heap used while `fn` runs, sampled every 2 ms whenever the event loop is
 * free (between requests and queries); for the untimed memory pass only,
 * since sampling costs time.
 */
async function heapDuring(fn) {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 2);
  const value = await fn();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  global.gc?.();
  const after = process.memoryUsage().heapUsed;
  return { value, before, peak, after };
}

async function main() {
  const { db, writes, run } = await syncer();

  // Warm the server, the connection pool and the baseline's code once.
  const shape = await bareRead();

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const hwm = resetPeakRss();
  const first = await timed(run);
  const firstPeakRss = hwm ? peakRss() : undefined;
  const rowCount = (await rowsOf(db)).size;

  const bare = [];
  const unchanged = [];
  const changed = [];
  const unchangedWritten = [];
  const changedRuns = [];
  let unchangedObjectWrites = 0;
  let unchangedRowsChanged = 0;
  let resyncPeakRss = 0;
  for (let round = 0; round < rounds; round++) {
    bare.push((await timed(bareRead)).ms);

    const rowsBefore = await rowsOf(db);
    const writesBefore = writes.objects;
    resetPeakRss();
    const u = await timed(run);
    if (hwm) resyncPeakRss = Math.max(resyncPeakRss, peakRss());
    unchanged.push(u.ms);
    unchangedWritten.push(u.value.modelsWritten);
    unchangedObjectWrites += writes.objects - writesBefore;
    const rowsAfter = await rowsOf(db);
    for (const [key, row] of rowsAfter) {
      if (rowsBefore.get(key) !== row) unchangedRowsChanged++;
    }
    for (const key of rowsBefore.keys()) {
      if (!rowsAfter.has(key)) unchangedRowsChanged++;
    }

    const { names } = await ask({ type: 'materialize', count: change, round });
    const c = await timed(run);
    changed.push(c.ms);
    changedRuns.push({
      written: c.value.modelsWritten,
      deleted: c.value.modelsDeleted,
      expected: names.length,
    });
  }

  // Untimed: the heap of a first sync into a fresh database and of an
  // unchanged re-sync, sampled.
  const fresh = await syncer();
  const firstHeap = await heapDuring(fresh.run);
  const resyncHeap = await heapDuring(fresh.run);
  await fresh.db.destroy();

  let profiles;
  if (profileDir) {
    // Diagnostic: the same work again under the profiler, figures above unaffected.
    const profiler = cpuProfiler();
    profiles = {};
    for (const [name, fn] of [
      ['bare-read', bareRead],
      ['unchanged-resync', run],
    ]) {
      await fn();
      await profiler.start();
      for (let i = 0; i < rounds; i++) await fn();
      const file = path.join(profileDir, `${name}.cpuprofile`);
      await profiler.stop(file);
      profiles[name] = file;
    }
  }

  const result = {
    type: 'feature-sync-result',
    shape,
    connectorPageSize: config.pageSize,
    node: process.version,
    first: { ms: first.ms, run: first.value },
    memory: {
      rssBefore,
      firstPeakRss,
      resyncPeakRss: hwm ? resyncPeakRss : undefined,
      firstHeap: { ...firstHeap, value: undefined },
      resyncHeap: { ...resyncHeap, value: undefined },
    },
    rows: rowCount,
    bare,
    unchanged,
    unchangedWritten,
    unchangedObjectWrites,
    unchangedRowsChanged,
    changed,
    changedRuns,
    profiles,
  };
  await db.destroy();
  // Exit once the message is out: an exit right after send() can lose it.
  process.send(result, () => process.exit(0));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
