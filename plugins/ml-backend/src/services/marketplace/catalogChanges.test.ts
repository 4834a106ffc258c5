import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { mlContentHash } from '@ml-marketplace/plugin-ml-node';
import { marketplaceIndexFor } from '../../__testUtils__/marketplaceIndex';
import { mlEntity } from '../../__testUtils__/mlEntities';
import { CatalogChangeFollower } from '../catalogChanges/CatalogChangeFollower';

const catalogOf = (): Entity[] => [
  mlEntity(
    'Dataset',
    'events',
    { type: 'stream', location: 'kafka://events/product' },
    { title: 'Product events', tags: ['clickstream'] },
  ),
  mlEntity(
    'Model',
    'churn-model',
    {
      task: 'binary-classification',
      trainedOn: ['events'],
      evaluation: [{ metric: 'auc', value: 0.81 }],
    },
    {
      title: 'Churn prediction',
      description: 'Predicts which customers cancel',
    },
  ),
  mlEntity(
    'Model',
    'fraud-gbm',
    {
      task: 'binary-classification',
      evaluation: [{ metric: 'auc', value: 0.9 }],
    },
    { title: 'Fraud scoring', tags: ['fraud'] },
  ),
];

/** The catalog after a change: one model rewritten, one model added. */
function changed(entities: Entity[]) {
  const churn = mlEntity(
    'Model',
    'churn-model',
    {
      task: 'binary-classification',
      trainedOn: ['events'],
      evaluation: [{ metric: 'auc', value: 0.95 }],
      lifecycle: 'deprecated',
    },
    {
      title: 'Churn prediction',
      description:
        'Predicts which customers cancel; replaced by uplift scoring',
    },
  );
  const anomaly = mlEntity(
    'Model',
    'anomaly-detector',
    { task: 'anomaly-detection', trainedOn: ['events'] },
    { title: 'Session anomaly detector', tags: ['security'] },
  );
  entities.splice(1, 1, churn);
  entities.push(anomaly);
  return [churn, anomaly];
}

const QUERIES = [
  'uplift',
  'anomaly detection',
  'churn',
  'product events',
  'best auc models',
  'security',
  'deprecated models',
];

describe('catalog changes between index builds', () => {
  it('answer every query as a full rebuild over the changed catalog would', async () => {
    const entities = catalogOf();
    const patched = await marketplaceIndexFor('SQLite', entities);
    // Built before the change, as a running portal's index is.
    expect(await patched.ranked('uplift')).toEqual([]);
    await patched.index.apply(changed(entities));
    const rebuilt = await marketplaceIndexFor('SQLite', entities);
    for (const q of QUERIES) {
      const [a, b] = await Promise.all([
        patched.search({ q, pageSize: 100 }),
        rebuilt.search({ q, pageSize: 100 }),
      ]);
      expect({ q, refs: a.items.map(i => i.ref), facets: a.facets }).toEqual({
        q,
        refs: b.items.map(i => i.ref),
        facets: b.facets,
      });
    }
    expect((await patched.ranked('uplift'))[0]).toBe(
      'model:default/churn-model',
    );
    // The rewritten model's own facts: lineage neighbours, lifecycle facet.
    const lifecycles = (await patched.search({})).facets.lifecycle;
    expect(lifecycles).toContainEqual({ value: 'deprecated', count: 1 });
  });

  it('are read once the catalog serves them as processed, and then taken in', async () => {
    const entities = catalogOf();
    const { index, ranked } = await marketplaceIndexFor('SQLite', entities);
    await ranked('churn');
    const served = [...entities];
    const [churn, anomaly] = changed(entities);
    // The catalog still serves the old content for a moment (stitching).
    let reads = 0;
    const catalog = {
      getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => {
        reads += 1;
        const from = reads === 1 ? served : entities;
        return {
          items: entityRefs.map(ref =>
            from.find(
              e => `${e.kind}:default/${e.metadata.name}`.toLowerCase() === ref,
            ),
          ),
        };
      },
    };
    const follower = new CatalogChangeFollower({
      catalog: catalog as any,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      knownHash: ref => index.knownHash(ref),
      isBuilt: () => index.isBuilt(),
      apply: entitiesNow => index.apply(entitiesNow),
      batchMs: 1,
      retryMs: 1,
    });
    follower.heard([
      { entityRef: 'model:default/churn-model', hash: mlContentHash(churn) },
      {
        entityRef: 'model:default/anomaly-detector',
        hash: mlContentHash(anomaly),
      },
      // What the index already has costs no read.
      {
        entityRef: 'dataset:default/events',
        hash: mlContentHash(entities[0]),
      },
    ]);
    await follower.idle();
    expect(reads).toBe(2);
    expect((await ranked('uplift'))[0]).toBe('model:default/churn-model');
    expect((await ranked('anomaly'))[0]).toBe('model:default/anomaly-detector');
    // A notice of content the index has now is ignored.
    follower.heard([
      { entityRef: 'model:default/churn-model', hash: mlContentHash(churn) },
    ]);
    await follower.idle();
    expect(reads).toBe(2);
  });

  it('are held during the first build, and only what the build missed is read once it is done', async () => {
    const b = catalogOf()[1];
    const bRef = `${b.kind}:default/${b.metadata.name}`.toLowerCase();
    const getEntitiesByRefs = jest.fn(async () => ({ items: [b] }));
    const built = { now: false };
    const apply = jest.fn(async () => undefined);
    const follower = new CatalogChangeFollower({
      catalog: { getEntitiesByRefs } as any,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      // The build took in a, but read the catalog before b reached it.
      knownHash: ref =>
        built.now && ref === 'model:default/a' ? 'x' : undefined,
      isBuilt: () => built.now,
      apply,
      batchMs: 1,
      retryMs: 1,
    });
    follower.heard([
      { entityRef: 'model:default/a', hash: 'x' },
      { entityRef: bRef, hash: mlContentHash(b) },
    ]);
    await new Promise(r => setTimeout(r, 30));
    expect(getEntitiesByRefs).not.toHaveBeenCalled();
    built.now = true;
    await follower.idle();
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(getEntitiesByRefs).toHaveBeenCalledWith(
      { entityRefs: [bRef] },
      expect.anything(),
    );
    expect(apply).toHaveBeenCalledWith([b]);
  });

  it('give up on an entity the catalog never serves as processed, leaving it to the next build', async () => {
    const apply = jest.fn();
    const follower = new CatalogChangeFollower({
      catalog: {
        getEntitiesByRefs: async () => ({ items: [undefined] }),
      } as any,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      knownHash: () => undefined,
      isBuilt: () => true,
      apply,
      batchMs: 1,
      retryMs: 1,
      attempts: 3,
    });
    follower.heard([{ entityRef: 'model:default/gone', hash: 'x' }]);
    await follower.idle();
    expect(apply).not.toHaveBeenCalled();
  });
});
