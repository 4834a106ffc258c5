/*
 * A loopback fake of Feast's REST registry server (`feast serve_registry
 * --rest-api`, feast 0.67.0, `/api/v1`) for the feature-sync bench: the list
 * routes the connector reads (projects, feature_views, feature_services),
 * with the real server's JSON shapes and pagination as measured in
 * docs/research/feast-registry-rest.md:
 *
 * - `page` and `limit` paginate (`limit` 1-100, `page` >= 1, else 422);
 *   without both the whole list comes back with `{totalCount, totalPages: 1}`;
 *   proto-to-JSON leaves false and zero values out (`hasNext` only when
 *   true, `hasPrevious` only from page 2), an empty list has
 *   `pagination: {}`, a page past the end is an empty list;
 * - `project` is required on the per-project routes (422 without), an unknown
 *   project lists nothing with 200;
 * - `sort_by` takes Feast's attribute names (`name`, `created_timestamp`,
 *   `last_updated_timestamp`) and silently ignores anything else, which
 *   leaves registry order (not by name);
 * - `spec.online` is left out when false, `meta.materializationIntervals`
 *   when there are none, and intervals are appended in run order.
 *
 * The registry is generated from a seeded PRNG, so every run serves the same
 * data. `materialize(names)` stands for a materialization job run on some
 * views: it appends an interval and bumps `lastUpdatedTimestamp`, as Feast
 * does.
 */
const http = require('node:http');
const { seededRandom } = require('../lib/random');

const DOMAINS = ['customer', 'driver', 'merchant', 'order', 'session', 'item'];
const VALUE_TYPES = [
  'INT64',
  'DOUBLE',
  'FLOAT',
  'INT64',
  'DOUBLE',
  'STRING',
  'BOOL',
  'INT32',
  'UNIX_TIMESTAMP',
  'FLOAT_LIST',
];
const STATS = ['count', 'sum', 'avg', 'max', 'min', 'ratio', 'p95', 'last'];
const WINDOWS = ['1h', '6h', '24h', '7d', '30d', '90d'];
const TEAMS = ['ml-platform', 'risk', 'growth', 'search', 'pricing'];

const HOUR = 3600_000;
/** The registry's clock: every generated timestamp is relative to it. */
const T0 = Date.parse('2026-12-01T00:00:00Z');
/** Feast's timestamps: RFC 3339 UTC, microseconds where it has them. */
const stamp = ms =>
  new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1123Z');

/**
 * `views` feature views of `features` features each, spread over `projects`
 * projects, and one feature service per 10 views; in registry order (not
 * sorted by name), as Feast keeps them.
 */
function generateRegistry({ views, features, projects, seed = 17 }) {
  const random = seededRandom(seed);
  const pick = list => list[Math.floor(random() * list.length)];
  const registry = new Map();
  for (let p = 0; p < projects; p++) {
    const name = projects === 1 ? 'bench_features' : `bench_features_${p}`;
    registry.set(name, {
      project: {
        spec: {
          name,
          description: `Feature repository ${p} of the feature-sync bench`,
          tags: { env: 'bench' },
          owner: 'ml-platform@example.com',
        },
        meta: {
          createdTimestamp: stamp(T0 - 90 * 24 * HOUR),
          lastUpdatedTimestamp: stamp(T0 - 24 * HOUR),
        },
      },
      views: [],
      services: [],
    });
  }
  const names = [...registry.keys()];
  for (let v = 0; v < views; v++) {
    const project = registry.get(names[v % projects]);
    const domain = pick(DOMAINS);
    const team = pick(TEAMS);
    const name = `${domain}_features_${String(v).padStart(4, '0')}`;
    const fields = [];
    for (let f = 0; f < features; f++) {
      const field = {
        name: `${domain}_${pick(STATS)}_${pick(WINDOWS)}_${f}`,
        valueType: pick(VALUE_TYPES),
      };
      if (random() < 0.8) {
        field.description = `The ${pick(
          STATS,
        )} of ${domain} events over a ${pick(
          WINDOWS,
        )} window, refreshed by the batch pipeline`;
      }
      if (random() < 0.1) field.tags = { pii: 'false', quality: 'checked' };
      fields.push(field);
    }
    const created = T0 - (30 + Math.floor(random() * 60)) * 24 * HOUR;
    const online = random() < 0.9;
    const runs = online ? 1 + Math.floor(random() * 24) : 0;
    const intervals = [];
    for (let r = 0; r < runs; r++) {
      const end = T0 - (runs - r - 1) * HOUR;
      intervals.push({ startTime: stamp(end - HOUR), endTime: stamp(end) });
    }
    const spec = {
      name,
      entities: [domain],
      features: fields,
      tags: { domain, team, tier: pick(['gold', 'silver', 'bronze']) },
      ttl: '86400s',
      batchSource: {
        type: 'BATCH_FILE',
        timestampField: 'event_timestamp',
        createdTimestampColumn: 'created',
        fileOptions: { uri: `s3://feature-lake/${domain}/${name}.parquet` },
        dataSourceClassType:
          'feast.infra.offline_stores.file_source.FileSource',
        name: `${name}_source`,
        owner: `${team}@example.com`,
        meta: {
          createdTimestamp: stamp(created),
          lastUpdatedTimestamp: stamp(created),
        },
      },
      ...(online && { online: true }),
      description: `Aggregates of ${domain} activity for the ${team} team's models (view ${v})`,
      owner: `${team}@example.com`,
      entityColumns: [{ name: `${domain}_id`, valueType: 'INT64' }],
    };
    project.views.push({
      type: 'featureView',
      spec,
      meta: {
        createdTimestamp: stamp(created),
        lastUpdatedTimestamp: stamp(runs ? T0 + 60_000 : created),
        ...(runs && { materializationIntervals: intervals }),
        ...(runs && { state: 'AVAILABLE_ONLINE' }),
      },
    });
  }
  for (const project of registry.values()) {
    const count = Math.ceil(project.views.length / 10);
    for (let s = 0; s < count; s++) {
      const used = [0, 1, 2]
        .map(k => project.views[(s * 10 + k * 7) % project.views.length])
        .filter((v, i, all) => all.indexOf(v) === i);
      project.services.push({
        spec: {
          name: `model_service_${String(s).padStart(3, '0')}`,
          features: used.map(v => ({
            featureViewName: v.spec.name,
            featureColumns: v.spec.features
              .slice(0, 5)
              .map(f => ({ name: f.name, valueType: f.valueType })),
            viewType: 'featureView',
          })),
          tags: { stage: 'production' },
          description: `Features served to model ${s}`,
          owner: `${pick(TEAMS)}@example.com`,
        },
        meta: {
          createdTimestamp: stamp(T0 - 20 * 24 * HOUR),
          lastUpdatedTimestamp: stamp(T0 - 20 * 24 * HOUR),
        },
      });
    }
    // Registry order: not by name (Feast's changes after every write).
    for (const list of [project.views, project.services]) {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
    }
  }
  return registry;
}

const nameOf = o => o.spec.name;
const SORT_KEYS = {
  name: nameOf,
  created_timestamp: o => o.meta?.createdTimestamp ?? '',
  last_updated_timestamp: o => o.meta?.lastUpdatedTimestamp ?? '',
};

class HttpError extends Error {
  constructor(status, body) {
    super(body.detail);
    this.status = status;
    this.body = body;
  }
}
const invalid = detail =>
  new HttpError(422, {
    status_code: 422,
    detail,
    error_type: 'RequestValidationError',
  });

/** Feast's list answer: sorted as asked, one page of it when page/limit are given. */
function listAnswer(key, items, params) {
  const intParam = (name, min, max) => {
    if (!params.has(name)) return undefined;
    const value = Number(params.get(name));
    if (!Number.isInteger(value) || value < min || (max && value > max)) {
      throw invalid(
        `${name}: must be an integer from ${min}${max ? ` to ${max}` : ''}`,
      );
    }
    return value;
  };
  const page = intParam('page', 1);
  const limit = intParam('limit', 1, 100);
  const order = params.get('sort_order') ?? 'asc';
  if (!['asc', 'desc'].includes(order))
    throw invalid('sort_order: asc or desc');
  let list = items;
  const sortKey = SORT_KEYS[params.get('sort_by')];
  if (sortKey) {
    list = [...items].sort((a, b) =>
      sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0,
    );
    if (order === 'desc') list.reverse();
  }
  const total = list.length;
  if (!total) return { [key]: [], pagination: {} };
  if (page === undefined && limit === undefined) {
    return { [key]: list, pagination: { totalCount: total, totalPages: 1 } };
  }
  const p = page ?? 1;
  const l = limit ?? 50;
  const totalPages = Math.ceil(total / l);
  return {
    [key]: list.slice((p - 1) * l, p * l),
    pagination: {
      page: p,
      limit: l,
      totalCount: total,
      totalPages,
      ...(p < totalPages && { hasNext: true }),
      ...(p > 1 && { hasPrevious: true }),
    },
  };
}

/**
 * Starts the fake on a free loopback port. Returns its base URL (without
 * `/api/v1`, as `ml.registries.feast[].baseUrl` takes it), counts of what it
 * served, `materialize(count, round)` and `close()`.
 */
async function startFakeFeast(options) {
  const registry = generateRegistry(options);
  const served = { requests: 0, bytes: 0 };
  const projectOf = params => {
    if (!params.has('project')) throw invalid('project: field required');
    return registry.get(params.get('project'));
  };
  const routes = {
    projects: params =>
      listAnswer(
        'projects',
        [...registry.values()].map(r => r.project),
        params,
      ),
    feature_views: params =>
      listAnswer('featureViews', projectOf(params)?.views ?? [], params),
    feature_services: params =>
      listAnswer('featureServices', projectOf(params)?.services ?? [], params),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://fake');
    const route = url.pathname.startsWith('/api/v1/')
      ? routes[url.pathname.slice('/api/v1/'.length)]
      : undefined;
    let status = 200;
    let body;
    try {
      if (req.method !== 'GET' || !route) {
        throw new HttpError(404, { detail: 'Not Found' });
      }
      body = JSON.stringify(route(url.searchParams));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      status = error.status;
      body = JSON.stringify(error.body);
    }
    served.requests++;
    served.bytes += Buffer.byteLength(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      server: 'uvicorn',
    });
    res.end(body);
  });
  // uvicorn's keep-alive timeout.
  server.keepAliveTimeout = 5_000;
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const allViews = [...registry.values()].flatMap(r => r.views);
  const byName = [...allViews].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : 1));
  let clock = T0 + HOUR;
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}`,
    served,
    views: allViews.length,
    services: [...registry.values()].reduce((n, r) => n + r.services.length, 0),
    projects: registry.size,
    /**
     * A materialization job over `count` views (a different set each round):
     * each gets a new interval and a new lastUpdatedTimestamp, as Feast
     * writes them. Returns their names.
     */
    materialize(count, round) {
      const step = Math.max(1, Math.floor(byName.length / count));
      const changed = [];
      for (let k = 0; k < count && k < byName.length; k++) {
        const view = byName[(k * step + round) % byName.length];
        const intervals = view.meta.materializationIntervals ?? [];
        const last = intervals.length
          ? Date.parse(intervals[intervals.length - 1].endTime)
          : T0 - HOUR;
        intervals.push({ startTime: stamp(last), endTime: stamp(clock) });
        view.meta.materializationIntervals = intervals;
        view.meta.lastUpdatedTimestamp = stamp(clock + 60_000);
        view.meta.state = 'AVAILABLE_ONLINE';
        changed.push(nameOf(view));
      }
      clock += HOUR;
      return changed;
    },
    close: () =>
      new Promise(r => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

module.exports = { startFakeFeast, generateRegistry, listAnswer };
