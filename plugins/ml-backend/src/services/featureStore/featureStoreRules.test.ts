import type { Entity } from '@backstage/catalog-model';
import type {
  FeatureStoreView,
  RegistryModel,
} from '@ml-marketplace/plugin-ml-common';
import { differencesOf, dtypeOfStoreType } from './differences';
import { freshnessOf } from './freshness';
import { featureUseOf, versionThatCounts } from './featureUse';

const view = (extra: Partial<FeatureStoreView> = {}): FeatureStoreView => ({
  project: 'shop',
  name: 'customer_activity',
  type: 'featureView',
  tags: {},
  entities: ['customer'],
  joinKeys: ['customer_id'],
  features: [
    { name: 'sessions_30d', type: 'INT64' },
    { name: 'spend_30d', type: 'DOUBLE' },
  ],
  ttlSeconds: 86400,
  online: true,
  materializedUntil: '2026-12-06T08:00:00.000Z',
  ...extra,
});

const feature = (spec: Record<string, unknown>): Entity => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Feature',
  metadata: { name: 'customer-activity' },
  spec: { owner: 'group:default/a', lifecycle: 'production', ...spec },
});

describe('differences between a Feature and its view', () => {
  it('finds none when features, types (in any spelling), join keys and store agree', () => {
    const entity = feature({
      entities: ['customer_id'],
      store: 'both',
      features: [
        { name: 'sessions_30d', dtype: 'int64' },
        { name: 'spend_30d', dtype: 'double' },
      ],
    });
    expect(differencesOf(entity, view())).toEqual([]);
  });

  it('names missing, undeclared and retyped features, other join keys and an offline view', () => {
    const entity = feature({
      entities: ['card_id'],
      store: 'online',
      features: [
        { name: 'sessions_30d', dtype: 'float64' },
        { name: 'gone_feature', dtype: 'int64' },
      ],
    });
    const messages = differencesOf(entity, view({ online: false })).map(
      d => d.message,
    );
    expect(messages).toEqual([
      '"sessions_30d" is float64 in spec.features but INT64 (int64) in view "customer_activity".',
      'spec.features lists "gone_feature", which view "customer_activity" does not have.',
      'view "customer_activity" has "spend_30d", which spec.features does not list.',
      'spec.entities is card_id but view "customer_activity" joins on customer_id.',
      'spec.store is online but view "customer_activity" is not served online.',
    ]);
  });

  it('reads Feast list types as lists', () => {
    expect(dtypeOfStoreType('DOUBLE_LIST')).toBe('list<float64>');
    expect(dtypeOfStoreType('UNIX_TIMESTAMP')).toBe('timestamp');
  });
});

describe('freshness of online values', () => {
  const now = new Date('2026-12-06T12:00:00Z');

  it('is fresh within the view TTL and stale past it', () => {
    expect(freshnessOf(view(), undefined, now)).toEqual({
      materializedUntil: '2026-12-06T08:00:00.000Z',
      limitSeconds: 86400,
      limitFrom: 'view ttl',
      status: 'fresh',
    });
    expect(freshnessOf(view({ ttlSeconds: 3600 }), 'P1D', now).status).toBe(
      'stale',
    );
  });

  it('falls back to the entity ttl when the view has none', () => {
    expect(
      freshnessOf(view({ ttlSeconds: undefined }), 'PT1H', now),
    ).toMatchObject({
      limitSeconds: 3600,
      limitFrom: 'entity ttl',
      status: 'stale',
    });
    expect(
      freshnessOf(view({ ttlSeconds: undefined }), undefined, now).status,
    ).toBe('unknown');
  });

  it('says never for an online view never materialized, unknown for offline views', () => {
    expect(
      freshnessOf(view({ materializedUntil: undefined }), undefined, now)
        .status,
    ).toBe('never');
    expect(freshnessOf(view({ online: false }), undefined, now).status).toBe(
      'unknown',
    );
  });
});

describe('which views a model version read', () => {
  const model = (tags: Record<string, string>, versionTags = {}) =>
    ({
      name: 'churn-model',
      tags: {},
      aliases: { champion: '2' },
      versions: [
        { version: '3', aliases: [], tags: {} },
        {
          version: '2',
          aliases: ['champion'],
          tags: versionTags,
          run: {
            id: 'r2',
            metrics: {},
            params: {},
            datasets: [],
            featureTags: tags,
          },
        },
      ],
    } as RegistryModel);
  const services = [
    {
      project: 'shop',
      name: 'churn_features',
      tags: {},
      featureViews: ['customer_activity', 'basket_signals'],
    },
  ];

  it('counts the serving alias, else the pinned or newest version', () => {
    expect(versionThatCounts(model({}))?.version).toBe('2');
    expect(versionThatCounts(model({}), { version: '3' })?.version).toBe('3');
    expect(versionThatCounts({ ...model({}), aliases: {} })?.version).toBe('3');
  });

  it('takes the views and refs Feast tagged on the run as the truth', () => {
    const m = model({
      'feast.project': 'shop',
      'feast.feature_service': 'churn_features',
      'feast.feature_views': 'customer_activity',
      'feast.feature_refs': 'customer_activity:sessions_30d,trends:wow',
    });
    expect(featureUseOf('demo', m, m.versions[1], services)).toEqual({
      registryId: 'demo',
      model: 'churn-model',
      version: '2',
      project: 'shop',
      views: ['customer_activity', 'trends'],
      featureService: 'churn_features',
    });
  });

  it('falls back to the feature service a version names, through its views', () => {
    const m = model({}, { 'feast.feature_service': 'churn_features' });
    expect(featureUseOf('demo', m, m.versions[1], services)?.views).toEqual([
      'basket_signals',
      'customer_activity',
    ]);
  });

  it('finds nothing on a version without Feast tags, and drops the cut-off marker', () => {
    const m = model({});
    expect(featureUseOf('demo', m, m.versions[1], services)).toBeUndefined();
    const cut = model({ 'feast.feature_views': 'a,b...' });
    expect(featureUseOf('demo', cut, cut.versions[1], [])?.views).toEqual([
      'a',
      'b',
    ]);
  });
});
