import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { marketplaceQuerySchema } from '@ml-marketplace/plugin-ml-common';
import { CertificationStore } from '../../database/CertificationStore';
import { HealthStore } from '../../database/HealthStore';
import { DatabaseLineageStore } from '../../database/LineageStore';
import {
  migratedTestDatabase,
  testDatabaseIds,
} from '../../__testUtils__/databases';
import { mlEntity } from '../../__testUtils__/mlEntities';
import { readableThroughCatalog } from '../../__testUtils__/readable';
import { DEFAULT_LEVELS } from '../certification/policy';
import { LineageIndexer } from '../lineage/LineageIndexer';
import { MarketplaceIndex } from './MarketplaceIndex';

function withRelations(entity: Entity, extra: Array<[string, string]>) {
  return {
    ...entity,
    relations: [
      ...(entity.relations ?? []),
      ...extra.map(([type, targetRef]) => ({ type, targetRef })),
    ],
  };
}

const CATALOG: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'retention', namespace: 'default' },
    spec: { owner: 'growth', domain: 'customers' },
  },
  mlEntity(
    'Dataset',
    'events',
    { type: 'stream', location: 'kafka://events/product' },
    { title: 'Product events', tags: ['clickstream'] },
  ),
  withRelations(
    mlEntity(
      'Dataset',
      'crm',
      {
        type: 'table',
        location: 'postgresql://warehouse/crm',
        classification: 'restricted',
      },
      { title: 'CRM accounts' },
    ),
    [['sourceOf', 'feature:default/activity']],
  ),
  withRelations(
    mlEntity(
      'Feature',
      'activity',
      { sources: ['events', 'crm'], owner: 'group:default/platform' },
      { title: 'Customer activity' },
    ),
    [
      ['partOf', 'system:default/retention'],
      ['derivedFrom', 'dataset:default/events'],
      ['derivedFrom', 'dataset:default/crm'],
    ],
  ),
  withRelations(
    mlEntity(
      'Model',
      'churn-model',
      {
        task: 'binary-classification',
        consumesFeatures: ['activity'],
        owner: 'group:default/growth',
      },
      {
        title: 'Churn prediction',
        description: 'Predicts which customers cancel',
        tags: ['churn', 'tabular'],
      },
    ),
    [
      ['partOf', 'system:default/retention'],
      ['consumesFeature', 'feature:default/activity'],
    ],
  ),
  mlEntity(
    'Model',
    'fraud-gbm',
    { task: 'binary-classification', owner: 'group:default/risk' },
    { title: 'Fraud scoring', tags: ['fraud'] },
  ),
];

function fakeCatalog(entities: Entity[], hidden: string[] = []) {
  const key = (e: Entity) =>
    `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase();
  return {
    streamEntities: async function* stream(request: any) {
      const kinds: string[] = request?.filter?.kind ?? [];
      yield entities.filter(
        e => !kinds.length || kinds.includes(e.kind.toLowerCase()),
      );
    },
    getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => ({
      items: entityRefs.map(r =>
        hidden.includes(r) ? undefined : entities.find(e => key(e) === r),
      ),
    }),
  } as any;
}

describe.each(testDatabaseIds())('marketplace search on %s', databaseId => {
  async function setup(hidden: string[] = []) {
    const db = await migratedTestDatabase(databaseId);
    const catalog = fakeCatalog(CATALOG, hidden);
    const lineage = new DatabaseLineageStore(db);
    await new LineageIndexer({
      catalog: {
        ...catalog,
        streamEntities: async function* s() {
          yield CATALOG;
        },
      },
      auth: mockServices.auth(),
      store: lineage,
      logger: mockServices.logger.mock(),
    }).sync();
    const index = new MarketplaceIndex({
      catalog,
      auth: mockServices.auth(),
      health: new HealthStore(db),
      certificates: new CertificationStore(db),
      lineage,
      readable: readableThroughCatalog(catalog),
      policy: {
        levels: DEFAULT_LEVELS,
        validityDays: 90,
        approvalValidityDays: 365,
      },
      logger: mockServices.logger.mock(),
      refreshMs: 60_000,
    });
    const search = (query: Record<string, unknown>) =>
      index.search(marketplaceQuerySchema.parse(query), mockCredentials.user());
    const related = (ref: string) => index.related(ref, mockCredentials.user());
    return { search, related, db };
  }

  it('finds assets by partial words and typos in name, title, description, tags and owner', async () => {
    const { search } = await setup();
    const refs = async (q: string) =>
      (await search({ q })).items.map(i => i.ref);
    expect(await refs('chur')).toEqual(['model:default/churn-model']);
    expect(await refs('churnn predction')).toEqual([
      'model:default/churn-model',
    ]);
    expect(await refs('cancel')).toEqual(['model:default/churn-model']);
    expect(await refs('clickstream')).toEqual(['dataset:default/events']);
    expect(await refs('risk')).toEqual(['model:default/fraud-gbm']);
    expect(await refs('zebra')).toEqual([]);
  });

  it('filters by facets and counts every facet value among the other filters', async () => {
    const { search } = await setup();
    const result = await search({
      kind: 'model',
      owner: 'group:default/growth',
    });
    expect(result.items.map(i => i.ref)).toEqual(['model:default/churn-model']);
    expect(result.total).toBe(1);
    // Disjunctive: the kind facet still counts every kind for growth's assets...
    expect(result.facets.kind).toEqual([{ value: 'model', count: 1 }]);
    // ...and the owner facet every owner among models.
    expect(result.facets.owner).toEqual([
      { value: 'group:default/growth', count: 1 },
      { value: 'group:default/risk', count: 1 },
    ]);
    const all = await search({});
    expect(all.facets.kind).toEqual([
      { value: 'dataset', count: 2 },
      { value: 'model', count: 2 },
      { value: 'feature', count: 1 },
    ]);
    expect(all.facets.domain).toEqual([
      { value: 'domain:default/customers', count: 2 },
    ]);
    expect(all.facets.task).toEqual([
      { value: 'binary-classification', count: 2 },
    ]);
  });

  it('lets data sources flow downstream from datasets to features and models', async () => {
    const { search } = await setup();
    const result = await search({ dataSource: 'kafka' });
    expect(result.items.map(i => i.ref).sort()).toEqual([
      'dataset:default/events',
      'feature:default/activity',
      'model:default/churn-model',
    ]);
    const churn = result.items.find(
      i => i.ref === 'model:default/churn-model',
    )!;
    expect(churn.dataSources).toEqual(['kafka', 'postgresql']);
    expect(churn).toMatchObject({
      system: 'system:default/retention',
      domain: 'domain:default/customers',
      task: 'binary-classification',
    });
  });

  it('sorts by name, reuse and relevance, and pages', async () => {
    const { search } = await setup();
    const byName = await search({ sort: 'name' });
    expect(byName.items.map(i => i.title)).toEqual([
      'Churn prediction',
      'CRM accounts',
      'Customer activity',
      'Fraud scoring',
      'Product events',
    ]);
    const byReuse = await search({ sort: 'reuse' });
    // events and crm feed the feature; the feature feeds the model.
    expect(byReuse.items.slice(0, 3).map(i => i.consumers)).toEqual([1, 1, 1]);
    expect(byReuse.items[4].consumers).toBe(0);
    const page2 = await search({ sort: 'name', pageSize: 2, page: 2 });
    expect(page2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.items.map(i => i.name)).toEqual(['activity', 'fraud-gbm']);
  });

  it('hides assets the caller may not read, from hits and from facet counts', async () => {
    const { search } = await setup(['dataset:default/crm']);
    const result = await search({});
    expect(result.items.map(i => i.ref)).not.toContain('dataset:default/crm');
    expect(result.facets.kind).toContainEqual({ value: 'dataset', count: 1 });
    expect((await search({ q: 'crm' })).items).toEqual([]);
  });
});

describe.each(testDatabaseIds())('recommendations on %s', databaseId => {
  async function related(ref: string, hidden: string[] = []) {
    const db = await migratedTestDatabase(databaseId);
    const catalog = fakeCatalog(CATALOG, hidden);
    const lineage = new DatabaseLineageStore(db);
    await new LineageIndexer({
      catalog,
      auth: mockServices.auth(),
      store: lineage,
      logger: mockServices.logger.mock(),
    }).sync();
    return new MarketplaceIndex({
      catalog,
      auth: mockServices.auth(),
      health: new HealthStore(db),
      certificates: new CertificationStore(db),
      lineage,
      readable: readableThroughCatalog(catalog),
      policy: {
        levels: DEFAULT_LEVELS,
        validityDays: 90,
        approvalValidityDays: 365,
      },
      logger: mockServices.logger.mock(),
      refreshMs: 60_000,
    }).related(ref, mockCredentials.user());
  }

  it('recommends models with the same task and says why', async () => {
    const result = await related('model:default/churn-model');
    expect(result.similar.map(s => [s.asset.ref, s.reasons])).toEqual([
      ['model:default/fraud-gbm', ['same task: binary-classification']],
    ]);
  });

  it('finds data used together through shared consumers, hiding what the caller may not read', async () => {
    const visible = await related('dataset:default/events');
    expect(
      visible.usedTogether.map(t => [t.asset.ref, t.sharedConsumers]),
    ).toEqual([['dataset:default/crm', 1]]);
    const hidden = await related('dataset:default/events', [
      'dataset:default/crm',
    ]);
    expect(hidden.usedTogether).toEqual([]);
    await expect(
      related('dataset:default/crm', ['dataset:default/crm']),
    ).rejects.toThrow('No ML asset dataset:default/crm');
  });
});

describe('marketplace query', () => {
  it('reads facet lists from repeated or comma-separated parameters and names bad ones', () => {
    expect(
      marketplaceQuerySchema.parse({ owner: ['a', 'b,c'], kind: 'model' }),
    ).toMatchObject({
      owner: ['a', 'b', 'c'],
      kind: ['model'],
      page: 1,
      pageSize: 24,
      sort: 'relevance',
    });
    const bad = marketplaceQuerySchema.safeParse({
      sort: 'random',
      pageSize: '500',
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map(i => i.message)).toEqual([
      'sort must be one of relevance, name, recency, reuse',
      'pageSize must be from 1 to 100',
    ]);
  });
});
