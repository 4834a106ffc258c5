#!/usr/bin/env node
/*
 * `npm run bench -- feature-sync [--views 500] [--features 20] [--rounds 5]
 *   [--projects 1] [--change 10] [--profile]`
 *
 * Figures for issue 17 (the Feast feature-store sync): a Feast registry with
 * --views feature views (500) of --features features (20) each, in
 * --projects projects (1), and one feature service per 10 views.
 *
 * The registry is a LOOPBACK FAKE of Feast's REST registry server
 * (feast.js): a Node http server in this process serving the list routes the
 * connector reads (/api/v1/projects, feature_views, feature_services) with
 * the real server's JSON shapes and pagination (feast 0.67.0, max limit 100,
 * `hasNext` only when true, sort_by=name; see feast.js and
 * docs/research/feast-registry-rest.md). Why not the real server: 500 x 20
 * would have to be written with `feast apply` and materialized through
 * Feast's Python CLI, which takes very long on a 2-core machine and would
 * dominate every run. The real server is covered by the integration tests
 * (packages/backend/src/feast.test.ts, featureStore.test.ts against
 * `scripts/feast.sh`). The fake answers a page in a few milliseconds, far
 * faster than Feast's Python server, so the ratio below is a strict one:
 * against a slow real server both sides wait on it alike and the ratio
 * falls toward 1.
 *
 * In a child process (child.js, so that its RSS and heap are the sync's; the
 * fake registry stays here), alternately, --rounds times (5):
 *   - the baseline: a bare paginated REST read of all views and services,
 *     the connector's own requests in its order (projects, then per project
 *     feature_views?project=P&sort_by=name&page=N&limit=100 and
 *     feature_services likewise), one at a time as it sends them, each answer
 *     parsed as JSON and nothing else;
 *   - an unchanged re-sync: FeastRegistryConnector + RegistrySync (with
 *     `featureStores`: FeatureStoreStore) into a migrated in-memory SQLite
 *     database, as the backend runs it. Target <= 1.5x the bare read. It must
 *     write nothing: its run's written count, the statements sent to
 *     ml_feature_store_objects and the rows themselves (snapshot, hash,
 *     changed_at, deleted_at) are checked, and the bench exits non-zero if
 *     anything was written, since that is a correctness property, not timing;
 *   - a re-sync after a materialization job ran on --change (10) views (a new
 *     interval, a new lastUpdatedTimestamp): it must write those views.
 * Before the rounds, the first sync (writes every view and service) is timed
 * once. Prints medians and each figure's ratio to the bare read's median
 * (no timed assertions), and the child's memory: peak RSS during the timed
 * syncs (VmHWM, reset before each), and heap used before, at its peak and
 * after a GC in an untimed extra pass (a first sync into a fresh database and
 * an unchanged re-sync; sampling the heap costs time, so it is kept out of
 * the timed runs).
 *
 * --profile (diagnostic): afterwards, V8 CPU profiles of --rounds bare reads
 * and --rounds unchanged re-syncs in the child; summarise them with
 * `node bench/ml-trust/profile-summary.js FILE`.
 */
const { fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { numberArg, hasFlag } = require('../lib/args');
const { med, columns } = require('../lib/stats');
const { startFakeFeast } = require('./feast');

const VIEWS = numberArg('views', 500);
const FEATURES = numberArg('features', 20);
const ROUNDS = numberArg('rounds', 5);
const PROJECTS = numberArg('projects', 1);
const CHANGE = numberArg('change', 10);
const PROFILE = hasFlag('profile');
const TARGET = 1.5;

const ms = v => `${v.toFixed(1)} ms`;
const mb = b => `${(b / 1024 / 1024).toFixed(0)} MB`;
const x = v => `${v.toFixed(2)}x`;

async function main() {
  if (hasFlag('real')) {
    console.log(
      '--real is not supported: the bench runs against the loopback fake (see the header of bench/feature-sync/index.js); the real server is covered by the integration tests.',
    );
  }
  const feast = await startFakeFeast({
    views: VIEWS,
    features: FEATURES,
    projects: PROJECTS,
  });
  const profileDir = PROFILE
    ? fs.mkdtempSync(path.join(os.tmpdir(), 'feature-sync-profile-'))
    : undefined;
  try {
    const child = fork(
      path.join(__dirname, 'child.js'),
      [
        feast.baseUrl,
        JSON.stringify({ rounds: ROUNDS, change: CHANGE, profileDir }),
      ],
      { stdio: 'inherit', execArgv: ['--expose-gc', ...process.execArgv] },
    );
    const result = await new Promise((resolve, reject) => {
      // The CLI's module loader may send its own messages: take ours only.
      child.on('message', m => {
        if (m?.type === 'feature-sync-result') resolve(m);
        if (m?.type === 'materialize') {
          const names = feast.materialize(m.count, m.round);
          child.send({ type: 'materialize', names });
        }
      });
      child.on(
        'exit',
        code => code && reject(new Error(`child exited with ${code}`)),
      );
    });
    const exitCode = report(result, feast);
    process.exitCode = exitCode;
  } finally {
    await feast.close();
  }
}

function report(r, feast) {
  const { shape } = r;
  const bare = med(r.bare);
  const row = columns([40, 11, 8]);
  const list = v => v.map(t => t.toFixed(1)).join(', ');
  /** Per-round values, once when they are all the same. */
  const each = v =>
    v.every(e => e === v[0]) ? `${v[0]} in every round` : v.join(', ');
  const unchanged = med(r.unchanged);
  const changed = med(r.changed);
  const pass = unchanged / bare <= TARGET;

  console.log(
    `\nfeature-sync: loopback fake of Feast's REST registry (feast 0.67 shapes) at ${feast.baseUrl}`,
  );
  console.log(
    `  ${shape.views} feature views x ${FEATURES} features, ${shape.services} feature services, ${shape.projects} project(s)`,
  );
  console.log(
    `  one read: ${shape.requests} requests (pages of ${
      r.connectorPageSize
    }), ${(shape.bytes / 1024 / 1024).toFixed(1)} MB of JSON; ${
      r.rows
    } rows stored`,
  );
  console.log(
    `  child ${r.node}, ${ROUNDS} rounds alternating; medians, ratios to the bare read's median`,
  );
  console.log('');
  console.log(row('', 'median', 'ratio', 'rounds (ms)'));
  console.log(
    row('bare paginated REST read (baseline)', ms(bare), x(1), list(r.bare)),
  );
  console.log(
    row(
      `first sync (${r.first.run.modelsWritten} views written)`,
      ms(r.first.ms),
      x(r.first.ms / bare),
      '(once)',
    ),
  );
  console.log(
    row(
      'unchanged re-sync',
      ms(unchanged),
      x(unchanged / bare),
      list(r.unchanged),
    ),
  );
  console.log(
    `    target <= ${TARGET}x the bare read: ${pass ? 'pass' : 'MISS'} (${x(
      unchanged / bare,
    )})`,
  );
  const wrote =
    r.unchangedWritten.reduce((a, b) => a + b, 0) +
    r.unchangedObjectWrites +
    r.unchangedRowsChanged;
  console.log(
    `    written by the unchanged re-syncs (must be 0): ${wrote} (views written: ${each(
      r.unchangedWritten,
    )}; statements to ml_feature_store_objects: ${
      r.unchangedObjectWrites
    }; rows changed: ${r.unchangedRowsChanged} of ${r.rows})`,
  );
  console.log(
    row(
      `re-sync after ${CHANGE} views changed`,
      ms(changed),
      x(changed / bare),
      list(r.changed),
    ),
  );
  const changedOk = r.changedRuns.every(
    c => c.written === c.expected && c.deleted === 0,
  );
  console.log(
    `    views written: ${each(
      r.changedRuns.map(c => c.written),
    )} (expected ${each(r.changedRuns.map(c => c.expected))}); deleted: ${each(
      r.changedRuns.map(c => c.deleted),
    )}`,
  );
  console.log('');
  const m = r.memory;
  console.log('memory of the child (the sync process):');
  if (m.firstPeakRss !== undefined) {
    console.log(
      `  peak RSS during the first sync      ${mb(m.firstPeakRss)} (${mb(
        m.rssBefore,
      )} before it, +${mb(m.firstPeakRss - m.rssBefore)}; VmHWM)`,
    );
    console.log(`  peak RSS during the re-syncs        ${mb(m.resyncPeakRss)}`);
  } else {
    console.log(
      `  RSS before the first sync ${mb(m.rssBefore)} (no VmHWM here)`,
    );
  }
  const heap = (label, h) =>
    console.log(
      `  heap used, ${label} ${mb(h.before)} before, peak ${mb(h.peak)} (+${mb(
        h.peak - h.before,
      )}), ${mb(h.after)} after a GC`,
    );
  heap('first sync         ', m.firstHeap);
  heap('unchanged re-sync  ', m.resyncHeap);
  console.log(
    '    (heap: an untimed extra pass into a fresh database, sampled every 2 ms between requests)',
  );
  if (r.profiles) {
    console.log(
      `\n--profile: CPU profiles of ${ROUNDS} bare reads and ${ROUNDS} unchanged re-syncs:`,
    );
    for (const file of Object.values(r.profiles)) {
      console.log(`  node bench/ml-trust/profile-summary.js ${file}`);
    }
  }

  let code = 0;
  if (wrote !== 0) {
    console.error(
      '\nfeature-sync: FAILED: an unchanged re-sync wrote to the feature store',
    );
    code = 1;
  }
  if (!changedOk) {
    console.error(
      `\nfeature-sync: FAILED: a re-sync after ${CHANGE} views changed did not write exactly those views`,
    );
    code = 1;
  }
  return code;
}

main().catch(error => {
  console.error(`feature-sync: ${error.stack ?? error.message}`);
  process.exit(1);
});
