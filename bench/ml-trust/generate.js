/*
 * A generated ML catalog with a realistic shape for the trust benchmark:
 *   - Datasets in pipelines: chains of 3 to 12 datasets, each derived from the
 *     previous one, some also joining a dataset of an earlier pipeline, a few
 *     popular "golden" datasets that many assets read;
 *   - Features computed from 1 to 3 datasets;
 *   - Models trained on 1 to 3 datasets, consuming 0 to 4 features, some
 *     depending on a Resource or providing an API;
 *   - lifecycles (some deprecated, with successors), classifications (a few
 *     restricted, some consumers classified laxer than their data), licences
 *     (some missing or not on the allow-list), evaluations with thresholds
 *     (some missed), cards filled to varying degrees, a few refs and owners
 *     that do not resolve: every built-in health check and every certification
 *     level has real work. No spec.serving, so no check calls the network.
 * Plus the Groups, Systems, Resources and APIs the ML entities refer to.
 * Deterministic for a given N (seeded), so runs compare.
 */

const { seededRandom: rng } = require('../lib/random');

const TEAMS = 20;
const SYSTEMS = 10;
const RESOURCES = 6;
const ALLOWED_LICENCES = ['apache-2.0', 'mit', 'cc-by-4.0', 'proprietary'];
const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'];
const TAG = 'bench';

/**
 * @param {number} n number of ML assets (Datasets + Features + Models)
 * @returns {{ docs: object[], roots: string[], counts: object, licences: string[] }}
 */
function mlCatalog(n, { seed = 4 } = {}) {
  const random = rng(seed * 7919 + n);
  const pick = list => list[Math.floor(random() * list.length)];
  const chance = p => random() < p;
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const team = () =>
    // 0.5% name a team that is not in the catalog (owner-exists fails).
    chance(0.005)
      ? 'group:default/team-gone'
      : `group:default/team-${int(0, TEAMS - 1)}`;
  const lifecycle = () =>
    chance(0.05) ? 'deprecated' : chance(0.12) ? 'experimental' : 'production';
  const licence = () =>
    chance(0.08)
      ? undefined
      : chance(0.04)
      ? 'gpl-3.0'
      : pick(ALLOWED_LICENCES);
  const laxer = c =>
    CLASSIFICATIONS[Math.max(0, CLASSIFICATIONS.indexOf(c) - 1)];
  const rank = c => CLASSIFICATIONS.indexOf(c);
  const strictest = cs =>
    cs.reduce((a, b) => (rank(b) > rank(a) ? b : a), 'public');
  const metadata = (name, description) => ({
    name,
    ...(description && { description }),
    tags: [TAG],
  });

  const datasets = Math.ceil(n * 0.4);
  const features = Math.ceil(n * 0.3);
  const models = n - datasets - features;
  const docs = [];
  const roots = { datasets: [], features: [], models: [] };

  // Datasets, pipeline by pipeline. Parents always have a lower index: a DAG.
  const dsClass = [];
  const dsLifecycle = [];
  const dsName = i => `dataset-${i}`;
  const popular = [];
  let pipelineStart = 0;
  let pipelineLength = 0;
  for (let i = 0; i < datasets; i++) {
    if (i - pipelineStart >= pipelineLength) {
      pipelineStart = i;
      pipelineLength = int(3, 12);
    }
    const position = i - pipelineStart;
    const parents = [];
    if (position > 0) {
      parents.push(i - 1);
      if (chance(0.2) && pipelineStart > 0)
        parents.push(int(0, pipelineStart - 1));
    }
    const raw =
      CLASSIFICATIONS[
        chance(0.03) ? 3 : chance(0.2) ? 2 : chance(0.15) ? 0 : 1
      ];
    let classification = parents.length
      ? strictest(parents.map(p => dsClass[p]))
      : raw;
    // Some derived datasets are classified laxer than their inputs.
    if (parents.length && chance(0.03)) classification = laxer(classification);
    dsClass.push(classification);
    const lc = lifecycle();
    dsLifecycle.push(lc);
    if (position > 0 && position < pipelineLength - 1 && i + 1 < datasets) {
      roots.datasets.push(`dataset:default/${dsName(i)}`);
    }
    if (position >= 2 && chance(0.012) && lc !== 'deprecated') popular.push(i);
    const full = chance(0.6);
    docs.push({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Dataset',
      metadata: metadata(
        dsName(i),
        chance(0.9) &&
          `Pipeline stage ${position} of pipeline at ${pipelineStart}`,
      ),
      spec: {
        owner: team(),
        lifecycle: lc,
        system: `system:default/system-${int(0, SYSTEMS - 1)}`,
        type: pick(['table', 'table', 'files', 'stream']),
        classification,
        ...(licence() && { license: licence() }),
        ...(full && { location: `s3://lake/pipeline-${pipelineStart}/${i}` }),
        ...(full && { freshness: pick(['P1D', 'PT1H', 'P7D']) }),
        ...(chance(0.5) && { retention: pick(['P90D', 'P365D']) }),
        ...(parents.length && { derivedFrom: parents.map(dsName) }),
        ...(chance(0.8) && {
          schema: {
            columns: [
              { name: 'id', type: 'string', description: 'Key', pii: false },
              { name: 'value', type: 'float', description: 'Measure' },
              ...(chance(0.3)
                ? [{ name: 'email', type: 'string', pii: true }]
                : []),
            ],
          },
        }),
      },
    });
  }
  if (!popular.length) popular.push(Math.floor(datasets / 2));

  /** A dataset an asset reads: one of the popular ones a fifth of the time. */
  const input = () => (chance(0.2) ? pick(popular) : int(0, datasets - 1));
  const inputs = count => [...new Set(Array.from({ length: count }, input))];

  const ftClass = [];
  const ftLifecycle = [];
  for (let i = 0; i < features; i++) {
    const sources = inputs(int(1, 3));
    let classification = strictest(sources.map(s => dsClass[s]));
    if (chance(0.04)) classification = laxer(classification);
    ftClass.push(classification);
    const lc = lifecycle();
    ftLifecycle.push(lc);
    roots.features.push(`feature:default/feature-${i}`);
    const missing = chance(0.003); // a source that is not in the catalog
    docs.push({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Feature',
      metadata: metadata(`feature-${i}`, chance(0.9) && `Feature set ${i}`),
      spec: {
        owner: team(),
        lifecycle: lc,
        system: `system:default/system-${int(0, SYSTEMS - 1)}`,
        classification,
        ...(licence() && { license: licence() }),
        entities: ['customer_id'],
        features: Array.from({ length: int(1, 4) }, (_, k) => ({
          name: `f${k}`,
          dtype: pick(['float64', 'int64', 'string']),
          ...(chance(0.6) && { description: `Feature ${k}` }),
        })),
        sources: [
          ...sources.map(dsName),
          ...(missing ? [`dataset:default/retired-${i}`] : []),
        ],
        ...(chance(0.7) && { transformation: `sql/feature_${i}.sql` }),
        ...(chance(0.7) && { store: pick(['online', 'offline', 'both']) }),
        ...(chance(0.5) && { ttl: 'P1D' }),
        ...(chance(0.6) && { version: int(1, 5) }),
      },
    });
  }

  const apis = [];
  for (let i = 0; i < models; i++) {
    const trainedOn = inputs(int(1, 3));
    const consumes = [
      ...new Set(Array.from({ length: int(0, 4) }, () => int(0, features - 1))),
    ];
    let classification = strictest([
      ...trainedOn.map(d => dsClass[d]),
      ...consumes.map(f => ftClass[f]),
    ]);
    if (chance(0.04)) classification = laxer(classification);
    const lc = lifecycle();
    roots.models.push(`model:default/model-${i}`);
    const evaluation = chance(0.85)
      ? Array.from({ length: int(1, 3) }, (_, k) => {
          const metric = ['auc', 'f1', 'precision'][k];
          const threshold = 0.7 + int(0, 15) / 100;
          const value = chance(0.1)
            ? threshold - 0.05
            : Math.min(0.99, threshold + int(1, 15) / 100);
          return {
            metric,
            value: Number(value.toFixed(2)),
            ...(chance(0.9) && { threshold: Number(threshold.toFixed(2)) }),
            dataset: `dataset:default/${dsName(trainedOn[0])}`,
            split: 'test',
          };
        })
      : undefined;
    const card = chance(0.85);
    const api = chance(0.1) ? `model-${i}-api` : undefined;
    if (api) apis.push(api);
    docs.push({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Model',
      metadata: metadata(`model-${i}`, chance(0.9) && `Predicts outcome ${i}`),
      spec: {
        owner: team(),
        lifecycle: lc,
        system: `system:default/system-${int(0, SYSTEMS - 1)}`,
        classification,
        ...(licence() && { license: licence() }),
        task: pick(['binary-classification', 'regression', 'ranking']),
        ...(chance(0.8) && {
          framework: pick(['xgboost', 'pytorch', 'sklearn']),
        }),
        trainedOn: [
          ...trainedOn.map(dsName),
          ...(chance(0.003)
            ? [`dataset:default/retired-model-input-${i}`]
            : []),
        ],
        ...(consumes.length && {
          consumesFeatures: consumes.map(f => `feature-${f}`),
        }),
        ...(chance(0.3) && {
          dependsOn: [`resource:default/warehouse-${int(0, RESOURCES - 1)}`],
        }),
        ...(api && { providesApis: [api] }),
        ...(evaluation && { evaluation }),
        ...(card && {
          modelCard: {
            intendedUse: `Scoring for use case ${i}`,
            limitations: ['Trained on generated data'],
            ...(chance(0.7) && { outOfScopeUses: ['Credit decisions'] }),
            ...(chance(0.7) && { users: ['analysts'] }),
            ...(chance(0.5) && { tradeoffs: ['Recall over precision'] }),
            ...(chance(0.5) && {
              ethicalConsiderations: [
                {
                  name: 'Under-represents new customers',
                  mitigation: 'Reweighting',
                },
              ],
            }),
            ...(chance(0.6) && { trainingData: 'Last 12 months' }),
            ...(chance(0.6) && { evaluationData: 'Hold-out month' }),
            ...(chance(0.4) && { caveats: ['Retrain quarterly'] }),
          },
        }),
        ...(lc === 'deprecated' && {
          deprecation: {
            reason: 'Superseded',
            ...(i + 1 < models && { replacedBy: `model-${i + 1}` }),
          },
        }),
      },
    });
  }

  // What the ML entities refer to.
  for (let t = 0; t < TEAMS; t++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: metadata(`team-${t}`),
      spec: { type: 'team', children: [] },
    });
  }
  for (let s = 0; s < SYSTEMS; s++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: metadata(`system-${s}`, `Generated system ${s}`),
      spec: { owner: `group:default/team-${s}` },
    });
  }
  for (let r = 0; r < RESOURCES; r++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: metadata(`warehouse-${r}`),
      spec: { type: 'database', owner: `group:default/team-${r}` },
    });
  }
  for (const api of apis) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: metadata(api),
      spec: {
        type: 'openapi',
        lifecycle: 'production',
        owner: 'group:default/team-0',
        definition:
          'openapi: 3.0.0\ninfo: { title: Scoring, version: 1.0.0 }\npaths: {}\n',
      },
    });
  }

  return {
    docs,
    roots,
    counts: {
      datasets,
      features,
      models,
      apis: apis.length,
      popular: popular.length,
    },
    licences: ALLOWED_LICENCES,
  };
}

/** ~`count` sample roots, seeded: datasets in the middle of chains, features, models. */
function sampleRoots({ roots }, count = 20, seed = 11) {
  const random = rng(seed);
  const take = (list, k) => {
    const copy = list.slice();
    const out = [];
    while (out.length < k && copy.length) {
      out.push(copy.splice(Math.floor(random() * copy.length), 1)[0]);
    }
    return out;
  };
  const d = Math.round(count * 0.4);
  const f = Math.round(count * 0.3);
  return [
    ...take(roots.datasets, d),
    ...take(roots.features, f),
    ...take(roots.models, count - d - f),
  ];
}

module.exports = { mlCatalog, sampleRoots, TAG };
