/*
 * What the bench loads into the catalog, counted from the YAML: the example
 * catalog (app-config.yaml's file locations under examples/) and the bench
 * catalog (DATA/catalog/*.yaml); the judged queries; and the extra app-config
 * file that adds the bench catalog and quietens the background tasks.
 */
const fs = require('node:fs');
const path = require('node:path');
const { parse, parseAllDocuments, stringify } = require('yaml');
const { ROOT } = require('../../lib/portal');

const BACKEND_DIR = path.join(ROOT, 'packages/backend');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
/** Kinds the bench catalog's locations may hold. */
const BENCH_KINDS = [
  'Model',
  'Feature',
  'Dataset',
  'Group',
  'System',
  'Domain',
];
const ML_KINDS = new Set(['model', 'feature', 'dataset']);

const refOf = e =>
  `${e.kind}:${e.metadata.namespace ?? 'default'}/${
    e.metadata.name
  }`.toLowerCase();

/** Entities of one YAML file that its location's rules let in, and the kinds they keep out. */
function readLocation(file, allowedKinds) {
  const allowed = new Set(allowedKinds.map(k => k.toLowerCase()));
  const refs = [];
  const rejected = [];
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    const e = doc.toJS();
    if (!e?.kind || !e.metadata?.name) continue;
    (allowed.has(e.kind.toLowerCase()) ? refs : rejected).push(refOf(e));
  }
  return { refs, rejected };
}

/** Sizes by kind, e.g. { model: 40, dataset: 70 }. */
function byKind(refs) {
  const out = {};
  for (const ref of refs) {
    const kind = ref.split(':')[0];
    out[kind] = (out[kind] ?? 0) + 1;
  }
  return out;
}

/**
 * Both catalogs with their expected entity refs, the judged queries, and the
 * catalog locations of the bench's app-config (the demo's plus the bench's).
 */
function loadCorpus(dataDir) {
  const appConfig = parse(
    fs.readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8'),
  );
  const defaultKinds = appConfig.catalog.rules.flatMap(r => r.allow);
  const kindsOf = l => l.rules?.flatMap(r => r.allow) ?? defaultKinds;
  const warnings = [];
  const seen = new Set();

  const collect = (locations, label) => {
    const refs = [];
    for (const l of locations) {
      const file = path.resolve(BACKEND_DIR, l.target);
      const found = readLocation(file, kindsOf(l));
      for (const ref of found.refs) {
        if (seen.has(ref)) {
          // The catalog keeps the first location's entity and rejects the other.
          warnings.push(`${ref} is defined twice (${label}): counted once`);
        } else {
          seen.add(ref);
          refs.push(ref);
        }
      }
      if (found.rejected.length) {
        warnings.push(
          `${path.relative(ROOT, file)}: ${
            found.rejected.length
          } entities of kinds the location does not allow, not expected: ${found.rejected
            .slice(0, 3)
            .join(', ')}${found.rejected.length > 3 ? ', ...' : ''}`,
        );
      }
    }
    return refs;
  };

  const exampleLocations = appConfig.catalog.locations.filter(
    l =>
      l.type === 'file' &&
      path.resolve(BACKEND_DIR, l.target).startsWith(EXAMPLES_DIR + path.sep),
  );
  const examples = collect(exampleLocations, 'examples');

  const catalogDir = path.join(dataDir, 'catalog');
  if (!fs.existsSync(catalogDir)) {
    throw new Error(`No bench catalog: ${catalogDir} does not exist`);
  }
  const benchLocations = fs
    .readdirSync(catalogDir)
    .filter(f => /\.ya?ml$/.test(f))
    .sort()
    .map(f => ({
      type: 'file',
      target: path.join(catalogDir, f),
      rules: [{ allow: BENCH_KINDS }],
    }));
  const bench = collect(benchLocations, 'bench');

  const queriesFile = path.join(dataDir, 'queries.json');
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8')).map(
    (entry, i) => {
      if (typeof entry.q !== 'string' || typeof entry.relevant !== 'object') {
        throw new Error(`${queriesFile}[${i}]: needs "q" and "relevant"`);
      }
      const relevant = Object.fromEntries(
        Object.entries(entry.relevant).map(([ref, g]) => [
          ref.toLowerCase(),
          Number(g),
        ]),
      );
      for (const ref of Object.keys(relevant)) {
        if (!seen.has(ref)) {
          warnings.push(
            `query "${entry.q}" judges ${ref}, not in either catalog`,
          );
        }
      }
      return { q: entry.q, relevant };
    },
  );

  const all = [...examples, ...bench];
  return {
    examples,
    bench,
    all,
    mlAssets: all.filter(ref => ML_KINDS.has(ref.split(':')[0])),
    queries,
    locations: [...appConfig.catalog.locations, ...benchLocations],
    warnings,
  };
}

/**
 * The bench's extra app-config, loaded after app-config.yaml: the demo's
 * locations plus the bench catalog (arrays replace, they do not merge), no
 * registry (the demo's MLflow would add its models to the catalog), and every
 * background task that feeds search on a manual trigger, so the bench runs
 * each once the catalog is complete and nothing rebuilds while it measures.
 * The marketplace index is built on its first request, after those runs, and
 * not rebuilt within the hour.
 */
function benchConfig(corpus) {
  const manual = {
    frequency: { trigger: 'manual' },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 0 },
  };
  return stringify(
    {
      catalog: { locations: corpus.locations },
      search: { collators: { catalog: { schedule: manual } } },
      ml: {
        registries: { mlflow: [] },
        lineage: { schedule: manual },
        healthChecks: { schedule: manual },
        marketplace: { refreshSeconds: 3600 },
      },
    },
    { aliasDuplicateObjects: false },
  );
}

module.exports = { loadCorpus, benchConfig, byKind, ML_KINDS };
