#!/usr/bin/env node
/*
 * `npm run bench -- sweep-notifications [--assets 5000] [--rounds 7]`
 *
 * Figures for issue 18 (notifications): what telling people costs a health
 * sweep. After every sweep the ml backend compares what is true of each asset
 * (failing checks, registry drift, certificates about to lapse, consumers,
 * deprecation and failure of what consumers use) with what it last told
 * people, and sends only what changed (SweepNotifier).
 *
 * Over --assets generated assets (5000: datasets, features and models in
 * lineage chains, each dataset read by ~3 models, 8% failing an error-level
 * check, 4% deprecated with consumers), in a migrated in-memory SQLite
 * database with the lineage index and the sweep's stored results:
 *   - the baseline: what every sweep already does before checking anything,
 *     reading its stored state (HealthStore.assets() and results()) for the
 *     same assets;
 *   - the first notifying sweep: every condition is new, so it sends them
 *     all (to an in-process NotificationService that records the calls: the
 *     notifications backend's own cost is not ours) and records the state;
 *   - an unchanged sweep, --rounds times (7): it must send nothing and write
 *     nothing (sends counted; ml_notification_state compared row by row),
 *     which the bench checks and fails on, since that is a correctness
 *     property, not timing.
 * Prints medians and their ratios to the baseline's median. No timed
 * assertions.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { performance } = require('node:perf_hooks');
const knexFactory = require('knex');
const { numberArg } = require('./lib/args');
const { med, ms, columns } = require('./lib/stats');
const { seededRandom } = require('./lib/random');
const {
  migrateKnex,
} = require('../plugins/ml-backend/src/database/migrations');
const {
  HealthStore,
} = require('../plugins/ml-backend/src/database/HealthStore');
const {
  CertificationStore,
} = require('../plugins/ml-backend/src/database/CertificationStore');
const {
  DatabaseLineageStore,
} = require('../plugins/ml-backend/src/database/LineageStore');
const {
  NotificationStateStore,
} = require('../plugins/ml-backend/src/database/NotificationStateStore');
const {
  MlNotifier,
} = require('../plugins/ml-backend/src/services/notifications/MlNotifier');
const {
  SweepNotifier,
} = require('../plugins/ml-backend/src/services/notifications/SweepNotifier');

const N = numberArg('assets', 5000);
const ROUNDS = numberArg('rounds', 7);
const CHECKS = [
  'card-completeness',
  'deprecated-dependencies',
  'licence',
  'owner-exists',
  'refs-resolve',
  'restricted-data',
  'staleness',
];
const TEAMS = Array.from({ length: 12 }, (_, i) => `group:default/team-${i}`);

function generate() {
  const random = seededRandom(18);
  const pick = list => list[Math.floor(random() * list.length)];
  const assets = [];
  const edges = [];
  const datasets = Math.round(N * 0.3);
  const features = Math.round(N * 0.2);
  for (let i = 0; i < N; i++) {
    const kind =
      i < datasets ? 'Dataset' : i < datasets + features ? 'Feature' : 'Model';
    const name = `${kind.toLowerCase()}-${i}`;
    const owner = pick(TEAMS);
    const deprecated = random() < 0.04;
    const entity = {
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind,
      metadata: { name, namespace: 'default', title: `${kind} ${i}` },
      spec: {
        owner,
        lifecycle: deprecated
          ? 'deprecated'
          : random() < 0.5
          ? 'production'
          : 'experimental',
      },
    };
    const failing = random() < 0.08 ? pick(CHECKS) : undefined;
    const runs = CHECKS.map(checkId => ({
      checkId,
      status: checkId === failing ? 'fail' : 'pass',
      severity: 'error',
      message:
        checkId === failing ? `${checkId} found a problem in ${name}` : 'ok',
    }));
    assets.push({
      entity,
      runs,
      ref: `${kind.toLowerCase()}:default/${name}`,
      owner,
    });
  }
  const models = assets.filter(a => a.entity.kind === 'Model');
  const featureAssets = assets.filter(a => a.entity.kind === 'Feature');
  for (const source of assets.filter(a => a.entity.kind !== 'Model')) {
    const readers =
      source.entity.kind === 'Dataset' ? models : featureAssets.concat(models);
    for (let k = 0; k < 3; k++) {
      const target = pick(readers);
      edges.push({
        source_ref: source.ref,
        target_ref: target.ref,
        type:
          source.entity.kind === 'Dataset' ? 'trainedOn' : 'consumesFeature',
        declared_by: target.ref,
      });
    }
  }
  return { assets, edges };
}

async function main() {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await migrateKnex(db);
  const { assets, edges } = generate();
  const unique = new Map(
    edges.map(e => [`${e.source_ref}>${e.target_ref}`, e]),
  );
  for (let i = 0; i < assets.length; i += 200) {
    await db('lineage_nodes').insert(
      assets.slice(i, i + 200).map(a => ({
        ref: a.ref,
        kind: a.entity.kind,
        title: a.entity.metadata.title,
        owner: a.owner,
        lifecycle: a.entity.spec.lifecycle,
        etag: 'e',
      })),
    );
  }
  const edgeRows = [...unique.values()];
  for (let i = 0; i < edgeRows.length; i += 200) {
    await db('lineage_edges').insert(edgeRows.slice(i, i + 200));
  }
  const health = new HealthStore(db);
  const now = new Date('2026-12-07T09:00:00Z').toISOString();
  await health.write(
    assets.map(a => ({
      asset: {
        ref: a.ref,
        kind: a.entity.kind,
        lifecycle: a.entity.spec.lifecycle,
        spec_hash: 'h',
        first_seen_at: now,
        updated_at: now,
        status: a.runs.some(r => r.status === 'fail') ? 'fail' : 'pass',
        results_hash: 'r',
        checked_at: now,
      },
      results: a.runs.map(r => ({
        entity_ref: a.ref,
        check_id: r.checkId,
        status: r.status,
        severity: r.severity,
        message: r.message,
        fix_hint: null,
        since: now,
      })),
      history: [],
    })),
  );

  let sends = 0;
  const notifier = new SweepNotifier({
    notifier: new MlNotifier({
      notifications: { send: async () => void sends++ },
      logger: {
        info() {},
        warn() {},
        debug() {},
        error() {},
        child() {
          return this;
        },
      },
    }),
    states: new NotificationStateStore(db),
    certificates: new CertificationStore(db),
    lineage: new DatabaseLineageStore(db),
    logger: {
      info() {},
      warn() {},
      debug() {},
      error() {},
      child() {
        return this;
      },
    },
    certificateExpiryDays: 14,
    checkTitle: id => id,
    levelTitle: id => id,
  });
  const outcome = {
    assets: assets.map(a => ({ entity: a.entity, runs: a.runs })),
    complete: true,
    gone: [],
    now: new Date('2026-12-07T09:00:00Z'),
  };
  const time = async fn => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };

  const baseline = [];
  for (let i = 0; i < ROUNDS; i++) {
    baseline.push(
      await time(async () => {
        await health.assets();
        await health.results();
      }),
    );
  }
  const first = await time(() => notifier.afterSweep(outcome));
  const firstSends = sends;
  const stateBefore = JSON.stringify(
    await db('ml_notification_state').orderBy('scope'),
  );
  sends = 0;
  const unchanged = [];
  for (let i = 0; i < ROUNDS; i++) {
    unchanged.push(await time(() => notifier.afterSweep(outcome)));
  }
  const stateAfter = JSON.stringify(
    await db('ml_notification_state').orderBy('scope'),
  );
  const rows = (await db('ml_notification_state').count({ n: '*' }))[0].n;

  const base = med(baseline);
  const line = columns([44, 12]);
  console.log(
    `sweep-notifications: ${assets.length} assets, ${edgeRows.length} lineage edges, ${rows} notification states`,
  );
  console.log(line('step', 'median', 'ratio to baseline'));
  console.log(
    line('baseline: the sweep reads its stored results', ms(base), '1.00x'),
  );
  console.log(
    line(
      `first notifying sweep (${firstSends} notices sent)`,
      ms(first),
      `${(first / base).toFixed(2)}x (one run)`,
    ),
  );
  console.log(
    line(
      'unchanged sweep (nothing to send)',
      ms(med(unchanged)),
      `${(med(unchanged) / base).toFixed(2)}x`,
    ),
  );
  console.log(`  notices sent by unchanged sweeps: ${sends}`);
  console.log(
    `  notification state rewritten by unchanged sweeps: ${
      stateBefore === stateAfter ? 'no' : 'YES'
    }`,
  );
  await db.destroy();
  if (sends !== 0 || stateBefore !== stateAfter) {
    console.error('An unchanged sweep sent notices or rewrote their state.');
    process.exit(1);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
