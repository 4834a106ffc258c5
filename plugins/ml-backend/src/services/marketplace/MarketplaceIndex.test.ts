import type { Entity } from '@backstage/catalog-model';
import { marketplaceQuerySchema } from '@ml-marketplace/plugin-ml-common';
import { testDatabaseIds } from '../../__testUtils__/databases';
import { marketplaceIndexFor } from '../../__testUtils__/marketplaceIndex';
import { mlEntity } from '../../__testUtils__/mlEntities';

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

describe.each(testDatabaseIds())('marketplace search on %s', databaseId => {
  const setup = (hidden: string[] = []) =>
    marketplaceIndexFor(databaseId, CATALOG, { hidden });

  it('finds assets by partial words and typos, best match first', async () => {
    const { ranked } = await setup();
    expect((await ranked('chur'))[0]).toBe('model:default/churn-model');
    expect((await ranked('churnn predction'))[0]).toBe(
      'model:default/churn-model',
    );
    expect((await ranked('clickstream'))[0]).toBe('dataset:default/events');
    expect((await ranked('fraud'))[0]).toBe('model:default/fraud-gbm');
    expect(await ranked('zebra')).toEqual([]);
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
  const related = async (ref: string, hidden: string[] = []) =>
    (await marketplaceIndexFor(databaseId, CATALOG, { hidden })).related(ref);

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
      'sort must be one of relevance, name, recency, reuse, rating',
      'pageSize must be from 1 to 100',
    ]);
  });
});
