import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  FeatureStoreView,
  RegistrySyncRun,
} from '@ml-marketplace/plugin-ml-common';
import {
  IdRegistry,
  type MlFeatureStoreConnector,
  type MlHealthCheckContext,
} from '@ml-marketplace/plugin-ml-node';
import type { FeatureStoreStore } from '../../database/FeatureStoreStore';
import type { RegistryStore } from '../../database/RegistryStore';
import {
  FeatureFreshnessCheck,
  FeatureStoreDriftCheck,
} from './FeatureStoreChecks';
import { FeatureStoreQueries } from './FeatureStoreQueries';
import type { FeatureUseIndex } from './FeatureUseIndex';

const sync = (status: RegistrySyncRun['status']): RegistrySyncRun => ({
  id: 1,
  registryId: 'features',
  trigger: 'scheduled',
  status,
  startedAt: '2026-12-06T09:00:00.000Z',
  modelsSeen: 1,
  modelsWritten: 0,
  modelsSkipped: 0,
  modelsDeleted: 0,
  skipped: [],
});

const activity = (extra: Partial<FeatureStoreView> = {}): FeatureStoreView => ({
  project: 'shop',
  name: 'customer_activity',
  type: 'featureView',
  tags: {},
  entities: ['customer'],
  joinKeys: ['customer_id'],
  features: [{ name: 'sessions_30d', type: 'INT64' }],
  ttlSeconds: 3600,
  online: true,
  materializedUntil: '2026-12-06T11:30:00.000Z',
  ...extra,
});

const feature = (spec: Record<string, unknown> = {}): Entity => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Feature',
  metadata: { name: 'customer-activity' },
  spec: {
    owner: 'group:default/a',
    lifecycle: 'production',
    features: [{ name: 'sessions_30d', dtype: 'int64' }],
    registry: {
      feast: { project: 'shop', featureView: 'customer_activity' },
    },
    ...spec,
  },
});

function setup(options: {
  view?: FeatureStoreView;
  deletedAt?: string;
  runs?: { lastRun?: RegistrySyncRun; lastSuccess?: RegistrySyncRun };
}) {
  const connectors = new IdRegistry<MlFeatureStoreConnector>('store');
  connectors.add({
    id: 'features',
    type: 'feast',
    readAll: async () => ({
      views: [],
      services: [],
      skipped: [],
      complete: true,
      warnings: [],
    }),
  });
  const queries = new FeatureStoreQueries({
    store: {
      view: async () =>
        options.view && {
          registryId: 'features',
          value: options.view,
          firstSeenAt: '2026-12-01T00:00:00.000Z',
          changedAt: '2026-12-01T00:00:00.000Z',
          ...(options.deletedAt && { deletedAt: options.deletedAt }),
        },
    } as unknown as FeatureStoreStore,
    runs: {
      lastRuns: async () =>
        options.runs ?? {
          lastRun: sync('succeeded'),
          lastSuccess: sync('succeeded'),
        },
    } as unknown as RegistryStore,
    connectors,
    uses: {} as FeatureUseIndex,
  });
  const context: MlHealthCheckContext = {
    logger: mockServices.logger.mock(),
    signal: new AbortController().signal,
    now: new Date('2026-12-06T12:00:00Z'),
    catalog: { get: () => undefined },
    lastUpdatedAt: new Date('2026-12-01T00:00:00Z'),
  };
  const drift = new FeatureStoreDriftCheck(queries);
  const freshness = new FeatureFreshnessCheck(queries);
  return {
    drift,
    freshness,
    driftOf: (e: Entity) => drift.run(e),
    freshnessOf: (e: Entity) => freshness.run(e, context),
  };
}

describe('feature store checks', () => {
  it('apply to Features that name a view, not to others', () => {
    const { drift, freshness } = setup({ view: activity() });
    expect(drift.appliesTo(feature())).toBe(true);
    expect(drift.appliesTo(feature({ registry: undefined }))).toBe(false);
    expect(freshness.appliesTo(feature({ lifecycle: 'deprecated' }))).toBe(
      false,
    );
  });

  it('fails a Feature naming an unconfigured store, with the ids that exist', async () => {
    const { driftOf } = setup({ view: activity() });
    const result = await driftOf(
      feature({
        registry: {
          feast: {
            project: 'shop',
            featureView: 'customer_activity',
            instance: 'nope',
          },
        },
      }),
    );
    expect(result).toMatchObject({
      status: 'fail',
      message:
        'spec.registry.feast.instance is "nope", but no Feast registry with that id is configured (ml.registries.feast[].id: "features").',
    });
  });

  it('fails a view the store does not hold, and one removed from it while production', async () => {
    expect((await setup({}).driftOf(feature())).message).toBe(
      'Feature view "customer_activity" does not exist in project "shop" of Feast registry "features".',
    );
    const removed = await setup({
      view: activity(),
      deletedAt: '2026-12-05T08:00:00.000Z',
    }).driftOf(feature());
    expect(removed).toMatchObject({
      status: 'fail',
      message:
        'Feature view "customer_activity" in Feast registry "features" was removed from the store (missing since 2026-12-05) but the entity is production.',
    });
  });

  it('warns with the differences, as a warning', async () => {
    const result = await setup({
      view: activity({ features: [{ name: 'sessions_30d', type: 'DOUBLE' }] }),
    }).driftOf(feature());
    expect(result).toMatchObject({ status: 'warn', severity: 'warning' });
    expect(result.message).toContain(
      '"sessions_30d" is int64 in spec.features but DOUBLE (float64)',
    );
  });

  it('says "not checked" as advice before the first good sync', async () => {
    const result = await setup({
      view: activity(),
      runs: { lastRun: { ...sync('failed'), error: 'unreachable' } },
    }).driftOf(feature());
    expect(result).toMatchObject({ status: 'warn', severity: 'advice' });
    expect(result.message).toBe(
      'Not checked: Feast registry "features" has not been synced yet (unreachable).',
    );
  });

  it('passes fresh online values and fails expired ones, naming the time', async () => {
    expect(
      (await setup({ view: activity() }).freshnessOf(feature())).status,
    ).toBe('pass');
    const stale = await setup({
      view: activity({ materializedUntil: '2026-12-06T09:00:00.000Z' }),
    }).freshnessOf(feature());
    expect(stale).toMatchObject({
      status: 'fail',
      message:
        'Stale: "customer_activity" in Feast registry "features" was last materialized up to 2026-12-06 09:00 UTC; values older than 1 hour (view ttl) have expired, so online reads miss them.',
    });
  });

  it('warns about an online view never materialized, and leaves a missing view to the drift check', async () => {
    const never = await setup({
      view: activity({ materializedUntil: undefined }),
    }).freshnessOf(feature());
    expect(never).toMatchObject({ status: 'warn', severity: 'warning' });
    const missing = await setup({}).freshnessOf(feature());
    expect(missing).toMatchObject({ status: 'warn', severity: 'advice' });
  });
});
