import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import {
  validateMlEntity,
  type FeatureStoreView,
} from '@ml-marketplace/plugin-ml-common';
import {
  MlRegistryError,
  readFeastRegistryConfigs,
  type FeatureStoreReadResult,
} from '@ml-marketplace/plugin-ml-node';
import { FeastDiscoveryProvider } from './FeastDiscoveryProvider';
import {
  feastDtype,
  featureEntityNameFor,
  featureEntityNames,
  isoDurationOfSeconds,
  sourceDatasetOf,
} from './discoveredFeatureEntity';

const PROJECT = 'ml_marketplace_demo';

const [config] = readFeastRegistryConfigs(
  new ConfigReader({
    ml: {
      registries: {
        feast: [
          {
            id: 'demo',
            baseUrl: 'http://127.0.0.1:6572',
            discovery: { enabled: true },
          },
        ],
      },
    },
  }),
);

const view = (
  name: string,
  extra: Partial<FeatureStoreView> = {},
): FeatureStoreView => ({
  project: PROJECT,
  name,
  type: 'featureView',
  tags: {},
  entities: ['customer'],
  joinKeys: ['customer_id'],
  features: [{ name: 'x', type: 'INT64' }],
  online: false,
  ...extra,
});

const basketSignals = view('basket_signals', {
  description: 'Basket size and variety per customer, offline only',
  owner: 'group:default/growth-ml',
  tags: {
    owner: 'group:default/growth-ml',
    domain: 'customers',
    gold: '',
    'Not A Tag': 'no spaces allowed',
  },
  features: [
    { name: 'avg_basket_value_30d', type: 'FLOAT' },
    {
      name: 'distinct_categories_30d',
      type: 'INT64',
      description: 'Categories bought from',
    },
    { name: 'recent_prices', type: 'DOUBLE_LIST' },
  ],
  ttlSeconds: 604800,
  online: false,
  source: {
    name: 'basket_signals',
    type: 'BATCH_FILE',
    uri: 'data/basket_signals.parquet',
  },
});

const transactionVelocity = view('transaction_velocity', {
  owner: 'group:default/risk-ml',
  entities: ['card'],
  joinKeys: [],
  features: [
    { name: 'tx_count_1h', type: 'INT64' },
    { name: 'tx_amount_24h', type: 'DOUBLE' },
  ],
  ttlSeconds: 3600,
  online: true,
  source: {
    name: 'transaction_velocity',
    type: 'BATCH_FILE',
    uri: 'data/transaction_velocity.parquet',
  },
});

const dataset = (
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name, namespace: 'default', annotations },
  spec: { owner: 'group:default/data', lifecycle: 'production', type: 'table' },
});

const feature = (
  name: string,
  spec: Record<string, unknown> = {},
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Feature',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    owner: 'group:default/ml-platform',
    lifecycle: 'production',
    ...spec,
  },
});

function setup(
  read: () => Promise<FeatureStoreReadResult>,
  entities: Entity[] = [],
  isDefaultInstance = true,
) {
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async m => {
      mutations.push(m);
    },
    refresh: async () => {},
  };
  const provider = new FeastDiscoveryProvider({
    config,
    isDefaultInstance,
    reader: { readAll: read },
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
  });
  return { provider, connection, mutations };
}

const listing =
  (views: FeatureStoreView[], extra: Partial<FeatureStoreReadResult> = {}) =>
  async (): Promise<FeatureStoreReadResult> => ({
    views,
    services: [],
    skipped: [],
    complete: true,
    warnings: [],
    ...extra,
  });

const signal = new AbortController().signal;

/** The entities of the only (full) mutation, by name. */
function emitted(mutations: EntityProviderMutation[]): Record<string, Entity> {
  expect(mutations).toHaveLength(1);
  const [mutation] = mutations;
  expect(mutation.type).toBe('full');
  const entities = mutation.type === 'full' ? mutation.entities : [];
  return Object.fromEntries(
    entities.map(e => [e.entity.metadata.name, e.entity]),
  );
}

describe('FeastDiscoveryProvider', () => {
  it('turns a feature view no repository declares into a valid Feature entity', async () => {
    const { provider, connection, mutations } = setup(
      listing([basketSignals, transactionVelocity]),
      [
        dataset('basket-signals'),
        dataset('payments', {
          'ml-marketplace.io/openlineage-dataset':
            'postgres://warehouse:5432/payments.transaction_velocity',
        }),
        dataset('unrelated', {
          'ml-marketplace.io/openlineage-dataset':
            'postgres://warehouse:5432/payments.transactions',
        }),
      ],
    );
    expect(provider.getProviderName()).toBe('ml-feast-discovery:demo');
    await provider.connect(connection);
    const result = await provider.run(signal);
    expect(result).toMatchObject({
      status: 'applied',
      discovered: 2,
      declared: 0,
      withoutOwner: 0,
      nameTaken: [],
      invalid: [],
    });
    // Emitted without a location key, so a repository may take the entity over.
    const [mutation] = mutations;
    expect(
      mutation.type === 'full' &&
        mutation.entities.every(e => e.locationKey === undefined),
    ).toBe(true);
    const byName = emitted(mutations);
    expect(byName['basket-signals']).toEqual({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Feature',
      metadata: {
        name: 'basket-signals',
        namespace: 'default',
        title: 'Basket signals',
        description: 'Basket size and variety per customer, offline only',
        // The owner tag is no tag; "Not A Tag" would be refused by the catalog.
        tags: ['feast', 'discovered', 'domain:customers', 'gold'],
        annotations: {
          'backstage.io/managed-by-location':
            'feast:demo/ml_marketplace_demo/basket_signals',
          'backstage.io/managed-by-origin-location':
            'feast:demo/ml_marketplace_demo/basket_signals',
          'ml-marketplace.io/discovered-by': 'feast:demo',
        },
      },
      spec: {
        owner: 'group:default/growth-ml',
        lifecycle: 'experimental',
        entities: ['customer_id'],
        features: [
          { name: 'avg_basket_value_30d', dtype: 'float32' },
          {
            name: 'distinct_categories_30d',
            dtype: 'int64',
            description: 'Categories bought from',
          },
          { name: 'recent_prices', dtype: 'list<float64>' },
        ],
        sources: ['dataset:default/basket-signals'],
        store: 'offline',
        ttl: 'P7D',
        registry: {
          feast: {
            project: PROJECT,
            featureView: 'basket_signals',
            instance: 'demo',
          },
        },
      },
    });
    // Online: in both stores; its source found by its OpenLineage identity;
    // no join keys read, so the entity names.
    expect(byName['transaction-velocity'].spec).toMatchObject({
      owner: 'group:default/risk-ml',
      lifecycle: 'experimental',
      entities: ['card'],
      features: [
        { name: 'tx_count_1h', dtype: 'int64' },
        { name: 'tx_amount_24h', dtype: 'float64' },
      ],
      sources: ['dataset:default/payments'],
      store: 'both',
      ttl: 'PT1H',
    });
    expect(byName['transaction-velocity'].metadata.links).toBeUndefined();
    for (const e of Object.values(byName)) {
      expect(validateMlEntity(e)).toEqual([]);
    }
  });

  it('maps no source when no catalog Dataset matches it', async () => {
    const { provider, connection, mutations } = setup(
      listing([basketSignals]),
      [
        dataset('baskets', {
          'ml-marketplace.io/openlineage-dataset':
            'postgres://warehouse:5432/analytics.basket_signals_v2',
        }),
        // Ends with the source's name, but not at a boundary.
        dataset('old-baskets', {
          'ml-marketplace.io/openlineage-dataset':
            'postgres://warehouse:5432/analytics.old_basket_signals',
        }),
      ],
    );
    await provider.connect(connection);
    await provider.run(signal);
    expect(emitted(mutations)['basket-signals'].spec?.sources).toBeUndefined();
  });

  it('takes the lifecycle from a lifecycle tag that names one', async () => {
    const { provider, connection, mutations } = setup(
      listing([
        view('a', { owner: 'team-a', tags: { lifecycle: 'Production' } }),
        view('b', { owner: 'team-b', tags: { lifecycle: 'live' } }),
      ]),
    );
    await provider.connect(connection);
    await provider.run(signal);
    const byName = emitted(mutations);
    expect(byName.a.spec?.lifecycle).toBe('production');
    expect(byName.a.metadata.tags).toEqual(['feast', 'discovered']);
    expect(byName.b.spec?.lifecycle).toBe('experimental');
  });

  it('hands a view over to the repository that declares it', async () => {
    const ownPrevious = feature(
      'customer-activity',
      {
        registry: {
          feast: {
            project: PROJECT,
            featureView: 'customer_activity',
            instance: 'demo',
          },
        },
      },
      { 'ml-marketplace.io/discovered-by': 'feast:demo' },
    );
    const { provider, connection, mutations } = setup(
      listing([
        basketSignals,
        transactionVelocity,
        view('customer_activity', { owner: 'ml-platform' }),
      ]),
      [
        // Declared without an instance: the first registry, this one.
        feature('baskets', {
          registry: {
            feast: { project: PROJECT, featureView: 'basket_signals' },
          },
        }),
        // Declared for another Feast registry: not a handover here.
        feature('velocity-staging', {
          registry: {
            feast: {
              project: PROJECT,
              featureView: 'transaction_velocity',
              instance: 'staging',
            },
          },
        }),
        // What this provider emitted before declares the view too: not a handover.
        ownPrevious,
      ],
    );
    await provider.connect(connection);
    const result = await provider.run(signal);
    expect(result).toMatchObject({ discovered: 2, declared: 1, nameTaken: [] });
    expect(Object.keys(emitted(mutations)).sort()).toEqual([
      'customer-activity',
      'transaction-velocity',
    ]);
  });

  it('reads a declaration without instance as another registry’s when this one is not the first', async () => {
    const { provider, connection, mutations } = setup(
      listing([basketSignals]),
      [
        feature('baskets', {
          registry: {
            feast: { project: PROJECT, featureView: 'basket_signals' },
          },
        }),
      ],
      false,
    );
    await provider.connect(connection);
    expect((await provider.run(signal)).declared).toBe(0);
    expect(Object.keys(emitted(mutations))).toEqual(['basket-signals']);
  });

  it('takes the owner from the owner tag, a bare name meaning a group', async () => {
    const { provider, connection, mutations } = setup(
      listing([
        view('from_tag', { tags: { owner: 'growth-ml' } }),
        view('user_owner', { owner: 'user:default/jane' }),
        view('short_ref', { owner: 'group:risk-ml' }),
        // Feast suggests an email, which is no catalog ref: the tag wins.
        view('email_owner', {
          owner: 'jane@example.com',
          tags: { owner: 'group:default/ml-platform' },
        }),
      ]),
    );
    await provider.connect(connection);
    await provider.run(signal);
    const owners = Object.fromEntries(
      Object.entries(emitted(mutations)).map(([name, e]) => [
        name,
        e.spec?.owner,
      ]),
    );
    expect(owners).toEqual({
      'from-tag': 'group:growth-ml',
      'user-owner': 'user:default/jane',
      'short-ref': 'group:risk-ml',
      'email-owner': 'group:default/ml-platform',
    });
  });

  it('does not discover a view without an owner, and counts it', async () => {
    const { provider, connection, mutations } = setup(
      listing([
        basketSignals,
        view('scratch', { owner: '  ', tags: { domain: 'customers' } }),
      ]),
    );
    await provider.connect(connection);
    const result = await provider.run(signal);
    expect(result).toMatchObject({ discovered: 1, withoutOwner: 1 });
    expect(Object.keys(emitted(mutations))).toEqual(['basket-signals']);
  });

  it('reports a view whose owner is no entity ref, naming the fix', async () => {
    const { provider, connection, mutations } = setup(
      listing([basketSignals, view('bad', { owner: 'jane@example.com' })]),
    );
    await provider.connect(connection);
    const result = await provider.run(signal);
    expect(result.invalid).toEqual([
      {
        view: `${PROJECT}/bad`,
        reason: expect.stringMatching(
          /^Feature default\/bad: spec\.owner .*jane@example\.com.*fix its owner or tags there\)$/,
        ),
      },
    ]);
    expect(Object.keys(emitted(mutations))).toEqual(['basket-signals']);
  });

  it('leaves a name another Feature has to that Feature', async () => {
    const { provider, connection, mutations } = setup(
      listing([basketSignals, transactionVelocity]),
      // Declared in a repository, but without spec.registry.feast.
      [feature('transaction-velocity')],
    );
    await provider.connect(connection);
    const result = await provider.run(signal);
    expect(result).toMatchObject({
      discovered: 1,
      nameTaken: [
        {
          view: `${PROJECT}/transaction_velocity`,
          entityRef: 'feature:default/transaction-velocity',
        },
      ],
    });
    expect(Object.keys(emitted(mutations))).toEqual(['basket-signals']);
  });

  it('gives views of the same name in two projects a name each', async () => {
    const { provider, connection, mutations } = setup(
      listing([
        view('orders', { owner: 'a' }),
        view('orders', { owner: 'b', project: 'staging' }),
        view('returns', { owner: 'c' }),
      ]),
    );
    await provider.connect(connection);
    await provider.run(signal);
    expect(Object.keys(emitted(mutations)).sort()).toEqual([
      'ml-marketplace-demo-orders',
      'returns',
      'staging-orders',
    ]);
  });

  it('changes nothing when the registry cannot be read', async () => {
    let fail = false;
    const { provider, connection, mutations } = setup(async () => {
      if (fail) {
        throw new MlRegistryError(
          'unreachable',
          'Feast registry "demo" (http://127.0.0.1:6572) is unreachable',
        );
      }
      return listing([basketSignals])();
    });
    await provider.connect(connection);
    await provider.run(signal);
    fail = true;
    expect(await provider.run(signal)).toMatchObject({
      status: 'failed',
      error: 'Feast registry "demo" (http://127.0.0.1:6572) is unreachable',
    });
    // Only the first run's mutation: nothing removed what it emitted.
    expect(mutations.map(m => m.type)).toEqual(['full']);
  });

  it('only adds when the listing is incomplete, skipped views, or empty after a full one', async () => {
    let answer = listing([view('a', { owner: 'team-a' })]);
    const { provider, connection, mutations } = setup(() => answer());
    await provider.connect(connection);
    expect((await provider.run(signal)).status).toBe('applied');
    answer = listing([view('b', { owner: 'team-b' })], { complete: false });
    expect((await provider.run(signal)).status).toBe('added-only');
    answer = listing([view('c', { owner: 'team-c' })], {
      skipped: [{ view: `${PROJECT}/a`, reason: 'unexpected shape' }],
    });
    expect((await provider.run(signal)).status).toBe('added-only');
    answer = listing([]);
    expect((await provider.run(signal)).status).toBe('added-only');
    expect(mutations.map(m => m.type)).toEqual([
      'full',
      'delta',
      'delta',
      'delta',
    ]);
    expect(mutations[1]).toMatchObject({
      removed: [],
      added: [{ entity: { metadata: { name: 'b' } } }],
    });
    expect(mutations[2]).toMatchObject({
      removed: [],
      added: [{ entity: { metadata: { name: 'c' } } }],
    });
  });
});

describe('Feast discovery config', () => {
  it('is off unless enabled, with its own schedule', () => {
    const [off, on] = readFeastRegistryConfigs(
      new ConfigReader({
        ml: {
          registries: {
            feast: [
              { id: 'a', baseUrl: 'http://feast-a:6572' },
              {
                id: 'b',
                baseUrl: 'http://feast-b:6572',
                discovery: {
                  enabled: true,
                  schedule: { frequency: { minutes: 5 }, timeout: 'PT2M' },
                },
              },
            ],
          },
        },
      }),
    );
    expect(off.discovery).toEqual({ enabled: false });
    expect(on.discovery).toMatchObject({
      enabled: true,
      schedule: { frequency: { minutes: 5 } },
    });
  });
});

describe('feastDtype', () => {
  it.each([
    ['INT64', 'int64'],
    ['INT32', 'int32'],
    ['DOUBLE', 'float64'],
    ['FLOAT', 'float32'],
    ['STRING', 'string'],
    ['BOOL', 'bool'],
    ['UNIX_TIMESTAMP', 'timestamp'],
    ['BYTES', 'bytes'],
    ['DOUBLE_LIST', 'list<float64>'],
    ['STRING_LIST', 'list<string>'],
    ['UNIX_TIMESTAMP_LIST', 'list<timestamp>'],
    ['INT64_SET', 'int64_set'],
    ['MAP', 'map'],
    ['PDF_BYTES', 'pdf_bytes'],
  ])('%s -> %s', (input, expected) => {
    expect(feastDtype(input)).toBe(expected);
  });
});

describe('isoDurationOfSeconds', () => {
  it.each([
    [86400, 'P1D'],
    [3600, 'PT1H'],
    [604800, 'P7D'],
    [90061, 'P1DT1H1M1S'],
    [1800, 'PT30M'],
    [1.5, 'PT1.5S'],
    [0, undefined],
    [undefined, undefined],
  ])('%s -> %s', (input, expected) => {
    expect(isoDurationOfSeconds(input)).toBe(expected);
  });
});

describe('featureEntityNameFor', () => {
  it.each([
    ['customer_activity', 'customer-activity'],
    ['Basket_Signals', 'basket-signals'],
    ['__x__', 'x'],
    ['é', 'unnamed-feature'],
    ['a'.repeat(80), 'a'.repeat(63)],
  ])('%s -> %s', (input, expected) => {
    expect(featureEntityNameFor(input)).toBe(expected);
  });

  it('tells apart names that only differ in case within one project', () => {
    const names = featureEntityNames([
      { project: 'p', name: 'Orders' },
      { project: 'p', name: 'orders' },
    ]);
    expect(names.get('p/Orders')).toMatch(/^p-orders-[0-9a-f]{8}$/);
    expect(names.get('p/orders')).toMatch(/^p-orders-[0-9a-f]{8}$/);
    expect(names.get('p/Orders')).not.toBe(names.get('p/orders'));
  });
});

describe('sourceDatasetOf', () => {
  const source = {
    name: 'basket_signals',
    uri: 'data/basket_signals.parquet',
  };
  const ol = (name: string, identity: string) =>
    dataset(name, { 'ml-marketplace.io/openlineage-dataset': identity });

  it('finds the Dataset by its OpenLineage identity: the file', () => {
    expect(
      sourceDatasetOf({ uri: 's3://lake/baskets/part.parquet' }, [
        ol('lake-baskets', 's3://lake/baskets/part.parquet'),
        ol('other', 's3://lake/baskets/other.parquet'),
      ]),
    ).toEqual({ ref: 'dataset:default/lake-baskets' });
    expect(
      sourceDatasetOf({ name: 'x', uri: 'data/basket_signals.parquet' }, [
        ol('baskets', 'file/srv/feast/data/basket_signals.parquet'),
      ]),
    ).toEqual({ ref: 'dataset:default/baskets' });
  });

  it('prefers the Dataset of its own namespace among namesakes', () => {
    const elsewhere = dataset('basket-signals');
    elsewhere.metadata.namespace = 'analytics';
    expect(
      sourceDatasetOf(source, [elsewhere, dataset('basket-signals')]),
    ).toEqual({ ref: 'dataset:default/basket-signals' });
    expect(sourceDatasetOf(source, [elsewhere])).toEqual({
      ref: 'dataset:analytics/basket-signals',
    });
  });

  it('prefers a name match and maps nothing when it is ambiguous', () => {
    expect(
      sourceDatasetOf(source, [
        ol('other', 'postgres://warehouse/analytics.basket_signals'),
        dataset('basket_signals'),
      ]),
    ).toEqual({ ref: 'dataset:default/basket_signals' });
    expect(
      sourceDatasetOf(source, [
        ol('one', 'postgres://warehouse/analytics.basket_signals'),
        ol('two', 'postgres://replica/analytics.basket_signals'),
      ]),
    ).toEqual({ ambiguous: ['dataset:default/one', 'dataset:default/two'] });
    expect(sourceDatasetOf(undefined, [dataset('basket-signals')])).toEqual({});
  });
});
