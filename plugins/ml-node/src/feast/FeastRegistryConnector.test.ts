import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { MlRegistryError } from '../registryConnectors';
import { readFeastRegistryConfigs } from './config';
import { FeastRegistryConnector, ttlSeconds } from './FeastRegistryConnector';

type Routes = Record<string, (params: URLSearchParams) => [number, unknown]>;

/** A loopback stand-in for Feast's REST registry server. */
async function fakeFeast(routes: Routes) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const route = url.pathname.replace('/api/v1/', '');
    seen.push(`${route}?${url.searchParams}`);
    const [status, body] = routes[route]?.(url.searchParams) ?? [
      404,
      { status_code: 404, detail: 'Not Found' },
    ];
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    seen,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

const connectorFor = (baseUrl: string, extra: Record<string, unknown> = {}) =>
  new FeastRegistryConnector(
    readFeastRegistryConfigs(
      new ConfigReader({
        ml: {
          registries: { feast: [{ id: 'fs', baseUrl, attempts: 1, ...extra }] },
        },
      }),
    )[0],
  );

const view = (name: string, extra: Record<string, unknown> = {}) => ({
  type: 'featureView',
  spec: {
    name,
    entities: ['customer'],
    entityColumns: [{ name: 'customer_id', valueType: 'INT64' }],
    features: [{ name: 'sessions_30d', valueType: 'INT64' }],
    ttl: '86400s',
    online: true,
    owner: 'group:default/ml-platform',
    tags: { domain: 'customers' },
    batchSource: {
      name: `${name}_src`,
      type: 'BATCH_FILE',
      fileOptions: { uri: `data/${name}.parquet` },
    },
  },
  meta: {
    lastUpdatedTimestamp: '2026-12-05T10:00:00Z',
    materializationIntervals: [
      { startTime: '2026-12-04T00:00:00Z', endTime: '2026-12-05T09:00:00Z' },
      // A backfill runs last but ends earlier.
      { startTime: '2026-11-01T00:00:00Z', endTime: '2026-11-02T00:00:00Z' },
    ],
  },
  ...extra,
});

const projects = (...names: string[]) => ({
  projects: names.map(name => ({ spec: { name } })),
  pagination: {},
});

describe('FeastRegistryConnector', () => {
  let fake: Awaited<ReturnType<typeof fakeFeast>> | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  const signal = new AbortController().signal;

  it('reads every view of every project page by page, in the marketplace’s words', async () => {
    fake = await fakeFeast({
      projects: () => [200, projects('shop')],
      feature_views: p =>
        p.get('page') === '1'
          ? [
              200,
              {
                featureViews: [view('a')],
                pagination: { page: 1, totalPages: 2, hasNext: true },
              },
            ]
          : [
              200,
              {
                featureViews: [
                  view('b', {
                    spec: {
                      name: 'b',
                      entities: ['__dummy'],
                      entityColumns: [{ name: '__dummy_id' }],
                      features: [],
                    },
                    meta: {},
                  }),
                ],
                pagination: { page: 2, totalPages: 2 },
              },
            ],
      feature_services: () => [
        200,
        {
          featureServices: [
            {
              spec: {
                name: 'churn_features',
                features: [{ featureViewName: 'a' }, { featureViewName: 'a' }],
              },
            },
          ],
          pagination: {},
        },
      ],
    });
    const result = await connectorFor(fake.baseUrl, { pageSize: 1 }).readAll({
      signal,
    });
    expect(result).toMatchObject({ complete: true, skipped: [], warnings: [] });
    expect(result.views).toEqual([
      {
        project: 'shop',
        name: 'a',
        type: 'featureView',
        owner: 'group:default/ml-platform',
        tags: { domain: 'customers' },
        entities: ['customer'],
        joinKeys: ['customer_id'],
        features: [{ name: 'sessions_30d', type: 'INT64' }],
        ttlSeconds: 86400,
        online: true,
        source: { name: 'a_src', type: 'BATCH_FILE', uri: 'data/a.parquet' },
        updatedAt: '2026-12-05T10:00:00Z',
        // The latest end, not the last run's.
        materializedUntil: '2026-12-05T09:00:00.000Z',
      },
      // Offline (online left out of the JSON), no TTL, Feast's dummy entity dropped.
      {
        project: 'shop',
        name: 'b',
        type: 'featureView',
        tags: {},
        entities: [],
        joinKeys: [],
        features: [],
        online: false,
      },
    ]);
    expect(result.services).toEqual([
      {
        project: 'shop',
        name: 'churn_features',
        tags: {},
        featureViews: ['a'],
      },
    ]);
    const asked = fake.seen.filter(s => s.startsWith('feature_views'));
    expect(asked).toEqual([
      'feature_views?project=shop&sort_by=name&page=1&limit=1',
      'feature_views?project=shop&sort_by=name&page=2&limit=1',
    ]);
  });

  it('leaves out the views the caller knows by fingerprint, and fingerprints the rest', async () => {
    let materialized = '2026-12-05T09:00:00Z';
    const viewA = () =>
      view('a', {
        meta: {
          materializationIntervals: [
            { startTime: '2026-12-04T00:00:00Z', endTime: materialized },
          ],
        },
      });
    fake = await fakeFeast({
      projects: () => [200, projects('shop')],
      feature_views: () => [
        200,
        { featureViews: [viewA(), view('b')], pagination: {} },
      ],
      feature_services: () => [200, { featureServices: [], pagination: {} }],
    });
    const connector = connectorFor(fake.baseUrl);
    const first = await connector.readAll({ signal, known: () => false });
    expect(first.views.map(v => v.name)).toEqual(['a', 'b']);
    expect(Object.keys(first.fingerprints!)).toEqual(['shop/a', 'shop/b']);
    const stored = new Map(Object.entries(first.fingerprints!));

    const known = (v: { project: string; name: string }, fp: string) =>
      stored.get(`${v.project}/${v.name}`) === fp;
    const quiet = await connector.readAll({ signal, known });
    expect(quiet.views).toEqual([]);
    expect(quiet.unchanged).toEqual(['shop/a', 'shop/b']);
    expect(quiet.complete).toBe(true);

    // A new materialization changes what the store sends: read again.
    materialized = '2026-12-06T09:00:00Z';
    const after = await connector.readAll({ signal, known });
    expect(after.views.map(v => [v.name, v.materializedUntil])).toEqual([
      ['a', '2026-12-06T09:00:00.000Z'],
    ]);
    expect(after.unchanged).toEqual(['shop/b']);
    expect(after.fingerprints!['shop/a']).not.toBe(stored.get('shop/a'));

    // Without `known`, every view is read and nothing is fingerprinted.
    const plain = await connector.readAll({ signal });
    expect(plain.views).toHaveLength(2);
    expect(plain.unchanged).toBeUndefined();
  });

  it('skips a view it cannot read, and names the configured projects the registry lacks', async () => {
    fake = await fakeFeast({
      projects: () => [200, projects('shop')],
      feature_views: () => [
        200,
        {
          featureViews: [view('a'), { spec: { name: 'bad', features: 'x' } }],
          pagination: {},
        },
      ],
      feature_services: () => [200, { featureServices: [], pagination: {} }],
    });
    const result = await connectorFor(fake.baseUrl, {
      projects: ['shop', 'gone'],
    }).readAll({ signal });
    expect(result.views.map(v => v.name)).toEqual(['a']);
    expect(result.skipped).toEqual([
      {
        view: 'shop/bad',
        reason: expect.stringContaining('unexpected shape at spec.features'),
      },
    ]);
    expect(result.warnings).toEqual([
      'project(s) gone named in ml.registries.feast id "fs" are not in the registry (it has shop)',
    ]);
    expect(fake.seen.some(s => s.includes('project=gone'))).toBe(false);
  });

  it('fails as a whole, naming the registry, when a listing fails', async () => {
    fake = await fakeFeast({
      // Feast answers 200 with { error } when listing projects fails.
      projects: () => [200, { error: 'permission denied' }],
    });
    const error = await connectorFor(fake.baseUrl)
      .readAll({ signal })
      .catch(e => e);
    expect(error).toBeInstanceOf(MlRegistryError);
    expect(error.message).toContain('Feast registry "fs"');
    expect(error.message).toContain('permission denied');

    await fake.close();
    fake = await fakeFeast({
      projects: () => [
        401,
        { status_code: 401, detail: 'Invalid token', error_type: 'AuthError' },
      ],
    });
    const denied = await connectorFor(fake.baseUrl)
      .readAll({ signal })
      .catch(e => e);
    expect(denied.kind).toBe('auth');
    expect(denied.message).toBe(
      `Feast registry "fs" (${fake.baseUrl}) projects answered 401 (AuthError: Invalid token); check the token or username/password of ml.registries.feast id "fs"`,
    );
  });
});

describe('ttlSeconds and the config', () => {
  it('reads Feast durations', () => {
    expect(ttlSeconds('3600s')).toBe(3600);
    expect(ttlSeconds('0s')).toBeUndefined();
    expect(ttlSeconds(undefined)).toBeUndefined();
  });

  it('names the bad setting', () => {
    const read = (feast: object[]) => () =>
      readFeastRegistryConfigs(
        new ConfigReader({ ml: { registries: { feast } } }),
      );
    expect(read([{ id: 'a', baseUrl: 'feast:6572' }])).toThrow(
      'ml.registries.feast[0].baseUrl must be an http(s) URL of the Feast registry server, got "feast:6572"',
    );
    expect(read([{ id: 'a', baseUrl: 'http://x', pageSize: 500 }])).toThrow(
      'ml.registries.feast[0].pageSize must be a whole number from 1 to 100, got 500',
    );
    expect(read([{ id: 'a', baseUrl: 'http://x/api/v1/' }])()[0].baseUrl).toBe(
      'http://x',
    );
  });
});
