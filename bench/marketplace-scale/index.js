#!/usr/bin/env node
/*
 * `npm run bench -- marketplace-scale [--n 100000] [--reps 20] [--port 7312]
 *   [--clients 20 [--client-requests 10]] [--no-http] [--profile]`
 *
 * Marketplace search at scale (issue 14): N generated ML assets (default
 * 100,000; bench/ml-trust/generate.js, the same catalog shape as ml-trust)
 * with the marketplace index next to the catalog's own list call. See
 * README.md for why it is built this way. Steps:
 *
 * 0. The catalog snapshot (snapshot.js): every generated entity processed by
 *    the catalog's own processing orchestrator and processors, stitched the
 *    way the catalog's stitcher does, written in bulk into a migrated catalog
 *    SQLite database file (catalogDb.js) - the rows a live catalog would hold
 *    after ingesting them, without its ~27 entities/s processing loop.
 * A. In process, the marketplace index through its own code path: a
 *    MarketplaceIndex whose catalog streams the snapshot's final entities in
 *    pages of 500 (parsed from their JSON, as a catalog client would), on a
 *    migrated in-memory SQLite database whose lineage index a LineageIndexer
 *    filled from the same stream; read access allowed outright, as with
 *    permissions off. Measures the cold first search (builds the index), the
 *    index's memory (heap used after global.gc() before and after the build;
 *    RSS), and the warm shapes of ml-trust (empty query, a text query with a
 *    typo, two facets, sort by reuse, the last page), --reps each, median and
 *    p95, each timed to the answer's JSON (what the route sends).
 * B. Over HTTP (skipped with --no-http): a real backend (child.js:
 *    createBackend with the catalog, our catalog module and the ml plugin) on
 *    that catalog database. Fills the ml plugin's lineage index (its
 *    scheduled task, triggered through the scheduler's REST API), then times
 *    GET /api/ml/marketplace - the first request, which builds the index
 *    from the catalog over HTTP, and the backend's RSS before and after it -
 *    and the warm shapes, interleaved with the catalog's own
 *    GET /api/catalog/entities/by-query?filter=kind=model,kind=feature,kind=dataset&limit=24
 *    (the baseline); with --clients, that many concurrent closed-loop
 *    clients without pause, each sending --client-requests requests, for
 *    both (bench/lib/load.js; a saturating loop, whose answer times grow
 *    with the number of clients: ml-trust's (g) also runs clients as users
 *    who pause between searches).
 *
 * Prints a table (figure, marketplace, catalog, ratio, target) and writes the
 * figures to test-results/bench/marketplace-scale.json. Figures are
 * reported, not asserted. --profile writes V8 CPU profiles of the warm loops
 * (A in this process, B in the backend) to the work directory, which is then
 * kept; summarise them with `node bench/ml-trust/profile-summary.js FILE`.
 */
const path = require('node:path');

// The index's memory is measured after a full garbage collection.
if (typeof global.gc !== 'function') {
  const { spawnSync } = require('node:child_process');
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', ...process.execArgv, __filename, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}

const fs = require('node:fs');
const os = require('node:os');
const { performance } = require('node:perf_hooks');

const ROOT = path.resolve(__dirname, '../..');
process.chdir(ROOT);
require('@backstage/cli/config/nodeTransform.cjs');
const { mlCatalog } = require('../ml-trust/generate');
const { catalogSnapshot } = require('./snapshot');
const { catalogDbWriter } = require('./catalogDb');
const { numberArg: arg, hasFlag } = require('../lib/args');
const { med, p95, ms, columns } = require('../lib/stats');
const { backendClient, sleep } = require('../lib/http');
const { manualSchedule, runTask } = require('../lib/scheduler');
const { oursAgainstBaseline } = require('../lib/load');
const { cpuProfiler } = require('../lib/cpuProfile');
const {
  CATALOG_RULES,
  benchAppConfig,
  startBackendChild,
} = require('../lib/backendChild');
const {
  PAGE_SIZE,
  CATALOG_LIST,
  marketplacePath,
  warmShapes,
} = require('../lib/marketplaceQueries');

const N = arg('n', 100000);
const REPS = arg('reps', 20);
/** Catalog changes taken in (each an edit and an addition), and full rebuilds timed against them. */
const CHANGE_REPS = 10;
const REBUILD_REPS = 3;
const PORT = arg('port', 7312);
// Off unless asked for: at 100,000 assets it takes minutes.
const CLIENTS = hasFlag('clients') ? arg('clients') : 0;
const CLIENT_REQUESTS = arg('client-requests', 10);
const HTTP = !hasFlag('no-http');
const PROFILE = hasFlag('profile');
const STREAM_PAGE = 500;
const TOKEN = 'bench-static-token-marketplace-scale-0123';
const BASE = `http://localhost:${PORT}`;
const OUT = path.join(ROOT, 'test-results/bench/marketplace-scale.json');
const TARGET_P95 = 1.5;
const TARGET_MB = 200;
const TARGET_LOAD = 2;

const START = Date.now();
const log = msg =>
  process.stderr.write(
    `[marketplace-scale ${((Date.now() - START) / 1000).toFixed(0)}s] ${msg}\n`,
  );
const MB = bytes => bytes / 1024 / 1024;

/**
 * Memory after full garbage collections. V8 sweeps concurrently: right after
 * gc() the heap still counts unswept garbage, so each collection is followed
 * by a pause for the sweeper.
 */
async function settledMemory() {
  for (let i = 0; i < 3; i++) {
    global.gc();
    await sleep(200);
  }
  return process.memoryUsage();
}

/**
 * Long words of the generated descriptions and titles, each with one letter
 * changed, at every inner position: distinct typos to ask one after another.
 */
function typoWords(docs) {
  const words = new Set();
  for (const d of docs) {
    const text = `${d.metadata.title ?? ''} ${d.metadata.description ?? ''}`;
    for (const w of text.split(/\s+/)) {
      if (/^[a-z]{6,}$/i.test(w)) words.add(w.toLowerCase());
    }
    if (words.size > 50) break;
  }
  const typos = new Set();
  for (const word of words) {
    for (let i = 1; i < word.length - 1; i++) {
      const swapped =
        word[i] === 'z' ? 'a' : String.fromCharCode(word.charCodeAt(i) + 1);
      typos.add(word.slice(0, i) + swapped + word.slice(i + 1));
    }
  }
  return [...typos];
}

/**
 * ml-trust's warm shapes, given the first answer (for facets and last page),
 * and two that ask something different every time (`queryAt(rep)`), so the
 * index's cache of recent answers cannot answer them: what a search costs.
 */
function shapes(first, docs) {
  const top = facet => first.facets[facet][0]?.value;
  const typos = typoWords(docs);
  const owners = first.facets.owner.map(f => f.value);
  return [
    ...warmShapes(first, docs),
    {
      label: '(g) a typo, another word each time',
      query: { q: typos[0] },
      queryAt: rep => ({ q: typos[(rep + 1) % typos.length] }),
      note: `uncached: ${typos.length} words`,
    },
    {
      label: '(h) kind and another owner each time',
      query: { kind: top('kind'), owner: owners[0] },
      queryAt: rep => ({
        kind: top('kind'),
        owner: owners[(rep + 1) % owners.length],
      }),
      note: `uncached: ${owners.length} owners`,
    },
  ];
}

/** Starts or stops a CPU profile of this process (--profile). */
const profiler = cpuProfiler();
async function selfProfile(action, file) {
  if (!PROFILE) return;
  if (action === 'start') await profiler.start();
  else await profiler.stop(file);
}

// ------------------------------------------------------------ A. in process

/** A catalog service streaming the snapshot's final entities, as the catalog's client does. */
function snapshotCatalog(finals, kinds) {
  return {
    async *streamEntities(request) {
      const wanted = request?.filter?.kind;
      let page = [];
      for (let i = 0; i < finals.length; i++) {
        if (wanted && !wanted.includes(kinds[i])) continue;
        page.push(JSON.parse(finals[i]));
        if (page.length === STREAM_PAGE) {
          yield page;
          page = [];
        }
      }
      if (page.length) yield page;
    },
    async getEntitiesByRefs() {
      throw new Error('read access is allowed outright in this bench');
    },
  };
}

async function inProcess(finals, kinds, docs, dir) {
  const src = '@ml-marketplace/plugin-ml-backend/src';
  const { migrateKnex } = require(`${src}/database/migrations`);
  const { HealthStore } = require(`${src}/database/HealthStore`);
  const { CertificationStore } = require(`${src}/database/CertificationStore`);
  const { DatabaseLineageStore } = require(`${src}/database/LineageStore`);
  const { LineageIndexer } = require(`${src}/services/lineage/LineageIndexer`);
  const { DEFAULT_LEVELS } = require(`${src}/services/certification/policy`);
  const {
    MarketplaceIndex,
  } = require(`${src}/services/marketplace/MarketplaceIndex`);
  const {
    ReadableEntities,
  } = require(`${src}/services/access/ReadableEntities`);
  const {
    marketplaceQuerySchema,
  } = require('@ml-marketplace/plugin-ml-common');
  const { AuthorizeResult } = require('@backstage/plugin-permission-common');

  const db = require('knex')({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await migrateKnex(db);
  const credentials = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'service', subject: 'bench' },
  };
  const auth = { getOwnServiceCredentials: async () => credentials };
  const logger = {
    error: m => log(`index: ${m}`),
    warn: m => log(`index: ${m}`),
    info() {},
    debug() {},
    child() {
      return logger;
    },
  };
  const catalog = snapshotCatalog(finals, kinds);
  const lineage = new DatabaseLineageStore(db);
  const t0 = performance.now();
  const synced = await new LineageIndexer({
    catalog,
    auth,
    store: lineage,
    logger,
  }).sync();
  const lineageSeconds = (performance.now() - t0) / 1000;
  log(
    `in process: lineage index filled (${
      synced.seen
    } entities) in ${lineageSeconds.toFixed(1)} s; cold search`,
  );
  let index = new MarketplaceIndex({
    catalog,
    auth,
    health: new HealthStore(db),
    certificates: new CertificationStore(db),
    lineage,
    readable: new ReadableEntities({
      catalog,
      permissions: {
        authorizeConditional: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      },
    }),
    policy: {
      levels: DEFAULT_LEVELS,
      validityDays: 90,
      approvalValidityDays: 365,
    },
    logger,
    refreshMs: 3600_000,
  });
  const search = async query => {
    const t = performance.now();
    const answer = await index.search(
      marketplaceQuerySchema.parse({ pageSize: PAGE_SIZE, ...query }),
      credentials,
    );
    const json = JSON.stringify(answer);
    return { ms: performance.now() - t, answer, bytes: json.length };
  };

  const before = await settledMemory();
  const first = await search({});
  const after = await settledMemory();
  log(
    `in process: cold first search ${(first.ms / 1000).toFixed(1)} s over ${
      first.answer.total
    } assets; warm shapes`,
  );

  const variants = shapes(first.answer, docs).map(v => ({ ...v, times: [] }));
  for (const v of variants) {
    const { answer, bytes } = await search(v.query);
    v.detail = `${answer.total} hits, ${answer.items.length} items, ${(
      bytes / 1024
    ).toFixed(0)} KiB`;
  }
  await selfProfile('start');
  for (let rep = 0; rep < REPS; rep++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(k + rep) % variants.length];
      v.times.push((await search(v.queryAt ? v.queryAt(rep) : v.query)).ms);
    }
  }
  await selfProfile('stop', path.join(dir, 'in-process-warm.cpuprofile'));
  const changes = await catalogChanges(index, finals, kinds, search);
  index = undefined;
  await db.destroy();
  return {
    lineageSeconds,
    changes,
    indexed: first.answer.total,
    cold: first.ms,
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    externalBefore: before.external + before.arrayBuffers,
    externalAfter: after.external + after.arrayBuffers,
    rssBefore: before.rss,
    rssAfter: after.rss,
    variants: variants.map(({ label, query, note, detail, times }) => ({
      label,
      query,
      note,
      detail,
      times,
    })),
  };
}

/**
 * Issue 16: a catalog change taken in between rebuilds (MarketplaceIndex.apply,
 * what the ml backend does when the catalog module reports a processed ML
 * entity) against the full rebuild it replaces, in the same run: an edited
 * model (a new word in its description) and a new model, each then found by
 * that word.
 */
async function catalogChanges(index, finals, kinds, search) {
  const models = [];
  for (let i = 0; i < finals.length && models.length < CHANGE_REPS; i++) {
    if (kinds[i] === 'model') models.push(JSON.parse(finals[i]));
  }
  const edits = [];
  const additions = [];
  for (const [i, model] of models.entries()) {
    const word = `zqxedit${i}`;
    const edited = {
      ...model,
      metadata: {
        ...model.metadata,
        description: `${model.metadata.description ?? ''} ${word}`,
      },
    };
    let t = performance.now();
    await index.apply([edited]);
    edits.push(performance.now() - t);
    const found = await search({ q: word });
    if (found.answer.items[0]?.name !== model.metadata.name) {
      throw new Error(
        `the edit of ${model.metadata.name} is not found by ${word}`,
      );
    }
    const name = `${model.metadata.name}-zqxnew${i}`;
    const added = {
      ...model,
      metadata: { ...model.metadata, name, uid: undefined, etag: undefined },
    };
    t = performance.now();
    await index.apply([added]);
    additions.push(performance.now() - t);
    if ((await search({ q: name })).answer.items[0]?.name !== name) {
      throw new Error(`the new model ${name} is not found`);
    }
  }
  const rebuilds = [];
  for (let i = 0; i < REBUILD_REPS; i++) {
    const t = performance.now();
    await index.refresh();
    rebuilds.push(performance.now() - t);
  }
  log(
    `in process: ${edits.length} edits and ${additions.length} additions taken in; ${rebuilds.length} full rebuilds`,
  );
  return { edits, additions, rebuilds };
}

// ----------------------------------------------------------------- B. HTTP

const api = backendClient({ base: BASE, token: TOKEN });
const { timedGet } = api;

async function overHttp(dir, docs, expected) {
  const backend = startBackendChild({
    script: path.join(__dirname, 'child.js'),
    dir,
    config: benchAppConfig({
      port: PORT,
      token: TOKEN,
      // One SQLite file per plugin in the work directory; catalog.sqlite
      // is the one catalogDb.js filled.
      database: { client: 'better-sqlite3', connection: { directory: dir } },
      catalog: { processingInterval: { minutes: 180 } },
      ml: {
        marketplace: { refreshSeconds: 3600 },
        lineage: { schedule: manualSchedule(30) },
        healthChecks: { schedule: manualSchedule(30) },
      },
    }),
    // Production, as deployed: answers are compact JSON (in development
    // Express pretty-prints them, as in ml-trust).
    env: { LOG_LEVEL: 'warn', NODE_ENV: 'production' },
  });
  const { guard, ask } = backend;
  try {
    const t0 = performance.now();
    await backend.ready;
    const readySeconds = (performance.now() - t0) / 1000;
    const count = (
      await guard(
        timedGet(`${CATALOG_LIST.replace('limit=24', 'limit=1')}&fields=kind`),
      )
    ).body.totalItems;
    if (count !== expected) {
      throw new Error(`the catalog lists ${count} ML assets, not ${expected}`);
    }
    log(
      `backend ready in ${readySeconds.toFixed(
        1,
      )} s, its catalog lists ${count} ML assets; filling the lineage index`,
    );
    // From the trigger on, polled every 200 ms: the scheduler's pickup
    // included.
    const { sinceTrigger: lineageSeconds } = await guard(
      runTask(api, 'ml-lineage-index', { pollMs: 200 }),
    );
    log(
      `lineage index filled in ~${lineageSeconds.toFixed(1)} s; cold request`,
    );

    const market = marketplacePath;
    const rssBefore = (await guard(ask({ type: 'rss' }))).current;
    const first = await guard(timedGet(market({})));
    const rssAfter = (await guard(ask({ type: 'rss' }))).current;
    log(
      `cold first request ${(first.ms / 1000).toFixed(1)} s over ${
        first.body.total
      } assets; warm shapes and the catalog's list`,
    );
    const variants = shapes(first.body, docs).map(v => ({
      ...v,
      path: market(v.query),
      times: [],
    }));
    const catalogTimes = [];
    const all = [
      ...variants.map(v => ({
        path: v.path,
        pathAt: v.queryAt && (rep => market(v.queryAt(rep))),
        times: v.times,
        v,
      })),
      { path: CATALOG_LIST, times: catalogTimes },
    ];
    let catalogDetail;
    for (const a of all) {
      const { body, bytes } = await guard(timedGet(a.path));
      const size = `${(bytes / 1024).toFixed(0)} KiB`;
      if (a.v) {
        a.v.detail = `${body.total} hits, ${body.items.length} items, ${size}`;
      } else {
        catalogDetail = `${body.totalItems} matches, ${body.items.length} items, ${size}`;
      }
    }
    if (PROFILE) {
      await guard(ask({ type: 'profile', action: 'start' }));
    }
    for (let rep = 0; rep < REPS; rep++) {
      // Rotate the order, so none gains from another's warm-up.
      for (let k = 0; k < all.length; k++) {
        const a = all[(k + rep) % all.length];
        a.times.push(
          (await guard(timedGet(a.pathAt ? a.pathAt(rep) : a.path))).ms,
        );
      }
    }
    if (PROFILE) {
      await guard(
        ask({
          type: 'profile',
          action: 'stop',
          file: path.join(dir, 'http-warm.cpuprofile'),
        }),
      );
    }
    let load;
    if (CLIENTS > 1) {
      log(`${CLIENTS} concurrent clients`);
      // A closed loop without pause (bench/lib/load.js).
      const { ours, baseline } = await guard(
        oursAgainstBaseline(timedGet, {
          ours: (client, i) => variants[(client + i) % variants.length].path,
          baseline: CATALOG_LIST,
          warmup: variants.length,
          clients: CLIENTS,
          requests: CLIENT_REQUESTS,
        }),
      );
      load = { ours, catalog: baseline };
    }
    return {
      readySeconds,
      lineageSeconds,
      indexed: first.body.total,
      cold: first.ms,
      rssBefore,
      rssAfter,
      variants: variants.map(({ label, query, detail, times }) => ({
        label,
        query,
        detail,
        times,
      })),
      catalog: catalogTimes,
      catalogDetail,
      load,
    };
  } finally {
    await backend.stop();
  }
}

// -------------------------------------------------------------------- main

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marketplace-scale-'));
  const catalog = mlCatalog(N);
  const { docs } = catalog;
  const entitiesFile = path.join(dir, 'entities.yaml');
  log(
    `${N} ML assets + ${
      docs.length - N
    } groups, systems, resources and APIs; work dir ${dir}`,
  );

  // ---- 0. the catalog snapshot, into the catalog's database
  const finals = [];
  const kinds = [];
  const writer = await catalogDbWriter(path.join(dir, 'catalog.sqlite'));
  let writeMs = 0;
  const snap = await catalogSnapshot(
    docs,
    {
      location: `file:${entitiesFile}`,
      config: {
        catalog: { rules: CATALOG_RULES },
      },
    },
    row => {
      finals.push(row.final);
      kinds.push(
        row.entityRef.slice(0, row.entityRef.indexOf(':')).toLowerCase(),
      );
      const t = performance.now();
      writer.add(row);
      writeMs += performance.now() - t;
    },
  );
  if (snap.errors.length) {
    throw new Error(
      `${snap.errors.length} entities failed processing, e.g. ${snap.errors[0]}`,
    );
  }
  const t = performance.now();
  const rows = writer.finish();
  const dbSeconds = (writeMs + performance.now() - t) / 1000;
  const dbBytes = fs.statSync(path.join(dir, 'catalog.sqlite')).size;
  log(
    `snapshot: processed in ${snap.processSeconds.toFixed(
      1,
    )} s, stitched in ${snap.stitchSeconds.toFixed(
      1,
    )} s (incl. writing), database written in ${dbSeconds.toFixed(
      1,
    )} s (${Math.round(MB(dbBytes))} MB; ${JSON.stringify(rows)})`,
  );

  // ---- A. in process
  const a = await inProcess(finals, kinds, docs, dir);
  finals.length = 0;
  kinds.length = 0;

  // ---- B. over HTTP
  let b;
  let failure;
  if (HTTP) {
    try {
      b = await overHttp(dir, docs, N);
    } catch (error) {
      // Still report what was measured in process.
      failure = error;
    }
  }

  // ---- report
  const pair = v => `${ms(med(v))} / ${ms(p95(v))}`;
  const cols = columns([46, 22, 22, 16]);
  const ratio = (x, y) => `${(x / y).toFixed(2)}x`;
  const { counts } = catalog;
  const catalogTimes = b?.catalog;
  console.log('');
  console.log(
    `Marketplace search at scale: ${N} ML assets (${
      counts.datasets
    } datasets, ${counts.features} features, ${counts.models} models) + ${
      docs.length - N
    } other entities`,
  );
  console.log(
    `  catalog snapshot: processed by the catalog's orchestrator ${snap.processSeconds.toFixed(
      1,
    )} s, stitched ${snap.stitchSeconds.toFixed(
      1,
    )} s, rows written ${dbSeconds.toFixed(1)} s: ${
      rows.final_entities
    } final entities, ${rows.search} search rows, ${
      rows.relations
    } relations; ${Math.round(MB(dbBytes))} MB SQLite file`,
  );
  console.log('');
  console.log(cols('', 'marketplace', 'catalog', 'ratio', 'target'));
  console.log(
    cols(
      'A. in process: MarketplaceIndex fed the snapshot',
      `(${a.indexed} assets)`,
      catalogTimes ? '(over HTTP, from B)' : '',
    ),
  );
  console.log(
    cols('  lineage index filled (setup)', `${a.lineageSeconds.toFixed(1)} s`),
  );
  console.log(
    cols(
      '  cold: first search, builds the index',
      `${(a.cold / 1000).toFixed(2)} s`,
    ),
  );
  const heap = a.heapAfter - a.heapBefore;
  console.log(
    cols(
      '  index memory: heap used after - before gc',
      `${MB(heap).toFixed(0)} MB`,
      '',
      '',
      `< ${TARGET_MB} MB`,
    ),
  );
  console.log(
    cols(
      '  external + array buffers after - before',
      `${MB(a.externalAfter - a.externalBefore).toFixed(0)} MB`,
    ),
  );
  console.log(
    cols(
      '  process RSS before / after',
      `${MB(a.rssBefore).toFixed(0)} / ${MB(a.rssAfter).toFixed(0)} MB`,
    ),
  );
  console.log(
    cols(
      '  warm, median / p95 (search + JSON):',
      '',
      '',
      catalogTimes ? 'p95 / catalog p95' : '',
    ),
  );
  for (const v of a.variants) {
    console.log(
      cols(
        `  ${v.label}`,
        pair(v.times),
        catalogTimes ? pair(catalogTimes) : '-',
        catalogTimes ? ratio(p95(v.times), p95(catalogTimes)) : '-',
        `p95 < ${TARGET_P95}x (no HTTP)`,
      ),
    );
    console.log(`      ${v.detail}${v.note ? `; ${v.note}` : ''}`);
  }
  const { edits, additions, rebuilds } = a.changes;
  console.log(
    cols(
      '  a catalog change, median / p95 (issue 16):',
      '',
      'full rebuild',
      'ratio (median)',
    ),
  );
  for (const [label, times] of [
    ['  edited model taken in (apply)', edits],
    ['  new model taken in (apply)', additions],
  ]) {
    console.log(
      cols(
        label,
        pair(times),
        pair(rebuilds),
        ratio(med(times), med(rebuilds)),
        'well under a rebuild',
      ),
    );
  }
  if (b) {
    console.log(
      cols(
        'B. over HTTP: GET /api/ml/marketplace vs the catalog',
        `(${b.indexed} assets)`,
        '(by-query, 3 kinds, limit 24)',
      ),
    );
    console.log(
      cols(
        '  backend ready; lineage index filled (setup)',
        `${b.readySeconds.toFixed(1)} s; ${b.lineageSeconds.toFixed(1)} s`,
      ),
    );
    console.log(
      cols(
        '  cold: first request, builds the index',
        `${(b.cold / 1000).toFixed(2)} s`,
        '',
        `${(b.cold / med(b.catalog)).toFixed(0)}x median`,
      ),
    );
    console.log(
      cols(
        '  backend RSS before / after it',
        `${MB(b.rssBefore).toFixed(0)} / ${MB(b.rssAfter).toFixed(0)} MB`,
      ),
    );
    console.log(
      cols(`  warm, ${REPS} reps, median / p95:`, '', '', 'p95 / catalog p95'),
    );
    for (const v of b.variants) {
      console.log(
        cols(
          `  ${v.label}`,
          pair(v.times),
          pair(b.catalog),
          ratio(p95(v.times), p95(b.catalog)),
          `p95 < ${TARGET_P95}x`,
        ),
      );
      console.log(`      ${v.detail}`);
    }
    console.log(`      catalog: ${b.catalogDetail}`);
    if (api.retries) {
      console.log(
        `      requests sent again after a closed connection: ${api.retries}`,
      );
    }
    if (b.load) {
      const { ours, catalog: theirs } = b.load;
      const single = b.variants.flatMap(v => v.times);
      console.log(
        cols(
          `  under ${CLIENTS} clients (closed loop, ${CLIENT_REQUESTS} each), median / p95:`,
          '',
          '',
          'p95 / 1 client p95',
        ),
      );
      console.log(
        cols(
          '  (g) shapes (b)-(f) mixed; catalog list',
          pair(ours.times),
          pair(theirs.times),
          `${ratio(p95(ours.times), p95(single))}; ${ratio(
            p95(theirs.times),
            p95(b.catalog),
          )}`,
          `<= ${TARGET_LOAD}x (ours)`,
        ),
      );
      console.log(
        cols(
          '      ours / catalog under load, p95',
          '',
          '',
          ratio(p95(ours.times), p95(theirs.times)),
        ),
      );
      console.log(
        cols(
          '      throughput',
          `${(ours.times.length / ours.seconds).toFixed(0)} req/s`,
          `${(theirs.times.length / theirs.seconds).toFixed(0)} req/s`,
        ),
      );
    }
  }
  console.log('');

  const summary = v => ({ median: med(v), p95: p95(v), times: v });
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(
    OUT,
    `${JSON.stringify(
      {
        n: N,
        entities: docs.length,
        counts,
        reps: REPS,
        node: process.version,
        cpus: os.cpus().length,
        snapshot: {
          processSeconds: snap.processSeconds,
          stitchSeconds: snap.stitchSeconds,
          dbSeconds,
          dbBytes,
          rows,
        },
        inProcess: {
          lineageSeconds: a.lineageSeconds,
          indexed: a.indexed,
          coldMs: a.cold,
          heapUsedBytes: { before: a.heapBefore, after: a.heapAfter },
          indexHeapBytes: heap,
          rssBytes: { before: a.rssBefore, after: a.rssAfter },
          variants: a.variants.map(v => ({
            label: v.label,
            query: v.query,
            detail: v.detail,
            ...summary(v.times),
          })),
          catalogChange: {
            edit: summary(a.changes.edits),
            addition: summary(a.changes.additions),
            fullRebuild: summary(a.changes.rebuilds),
          },
        },
        http: b && {
          readySeconds: b.readySeconds,
          lineageSeconds: b.lineageSeconds,
          indexed: b.indexed,
          coldMs: b.cold,
          rssBytes: { before: b.rssBefore, after: b.rssAfter },
          catalog: { detail: b.catalogDetail, ...summary(b.catalog) },
          variants: b.variants.map(v => ({
            label: v.label,
            query: v.query,
            detail: v.detail,
            ...summary(v.times),
            p95OverCatalogP95: p95(v.times) / p95(b.catalog),
          })),
          load: b.load && {
            clients: CLIENTS,
            requestsPerClient: CLIENT_REQUESTS,
            marketplace: {
              ...summary(b.load.ours.times),
              seconds: b.load.ours.seconds,
            },
            catalog: {
              ...summary(b.load.catalog.times),
              seconds: b.load.catalog.seconds,
            },
          },
        },
        targets: {
          warmP95OverCatalogP95: TARGET_P95,
          indexHeapMB: TARGET_MB,
          loadP95OverSingleP95: TARGET_LOAD,
        },
      },
      null,
      2,
    )}\n`,
  );
  log(`figures written to ${path.relative(ROOT, OUT)}`);
  if (failure) {
    log(`kept ${dir}`);
    throw failure;
  }
  if (PROFILE || process.env.MARKETPLACE_SCALE_KEEP) {
    log(`kept ${dir}`);
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(`marketplace-scale: ${error.stack ?? error}`);
  process.exit(1);
});
