import { Entity } from '@backstage/catalog-model';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { DatabaseLineageStore } from '../../database/LineageStore';
import {
  migratedTestDatabase,
  testDatabaseIds,
} from '../../__testUtils__/databases';
import { LineageIndexer } from './LineageIndexer';
import { LineageService } from './LineageService';
import { readableThroughCatalog } from '../../__testUtils__/readable';

/** An entity as the catalog serves it, with the relations the processor emitted. */
function entity(
  ref: string,
  relations: Array<[string, string]>,
  etag = 'e1',
): Entity {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return {
    apiVersion: 'ml-marketplace.io/v1alpha1',
    kind,
    metadata: { name, namespace, etag, title: name.toUpperCase() },
    spec: { lifecycle: 'production' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team' },
      ...relations.map(([type, targetRef]) => ({ type, targetRef })),
    ],
  };
}

// raw -> clean -> features -> model -> service, plus a cycle clean <-> mirror.
const CATALOG = [
  entity('dataset:default/raw', []),
  entity('dataset:default/clean', [
    ['derivedFrom', 'dataset:default/raw'],
    ['derivedFrom', 'dataset:default/mirror'],
  ]),
  entity('dataset:default/mirror', [['derivedFrom', 'dataset:default/clean']]),
  entity('feature:default/features', [
    ['derivedFrom', 'dataset:default/clean'],
  ]),
  entity('model:default/model', [
    ['trainedOn', 'dataset:default/clean'],
    ['consumesFeature', 'feature:default/features'],
  ]),
  entity('component:default/service', [['dependsOn', 'model:default/model']]),
  entity('dataset:default/secret', [['derivedFrom', 'dataset:default/raw']]),
];

/** A catalog that serves `entities` and hides `hidden` from the caller. */
function fakeCatalog(entities: Entity[], hidden: string[] = []) {
  const byRef = new Map(
    entities.map(e => [
      `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase(),
      e,
    ]),
  );
  return {
    streamEntities: async function* stream() {
      yield entities;
    },
    getEntitiesByRefs: jest.fn(
      async ({ entityRefs }: { entityRefs: string[] }) => ({
        items: entityRefs.map(r =>
          hidden.includes(r) ? undefined : byRef.get(r),
        ),
      }),
    ),
  } as any;
}

describe.each(testDatabaseIds())('lineage on %s', databaseId => {
  async function setup(
    entities = CATALOG,
    hidden: string[] = [],
    nodeCap = 100,
  ) {
    const store = new DatabaseLineageStore(
      await migratedTestDatabase(databaseId),
    );
    const catalog = fakeCatalog(entities, hidden);
    const indexer = new LineageIndexer({
      catalog,
      auth: mockServices.auth(),
      store,
      logger: mockServices.logger.mock(),
    });
    await indexer.sync();
    return {
      store,
      catalog,
      indexer,
      service: new LineageService({
        store,
        readable: readableThroughCatalog(catalog),
        catalog,
        nodeCap,
      }),
    };
  }
  const user = mockCredentials.user();

  it('walks downstream from a raw dataset to the service, with distances and typed edges', async () => {
    const { service } = await setup();
    const graph = await service.lineage(
      { entityRef: 'dataset:default/raw', direction: 'downstream', depth: 5 },
      user,
    );
    const distances = Object.fromEntries(
      graph.nodes.map(n => [n.ref, n.distance]),
    );
    expect(distances).toEqual({
      'dataset:default/raw': 0,
      'dataset:default/clean': 1,
      'dataset:default/secret': 1,
      'dataset:default/mirror': 2,
      'feature:default/features': 2,
      'model:default/model': 2,
      'component:default/service': 3,
    });
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        {
          source: 'dataset:default/clean',
          target: 'model:default/model',
          type: 'trainedOn',
        },
        {
          source: 'model:default/model',
          target: 'component:default/service',
          type: 'dependsOn',
        },
      ]),
    );
    expect(graph.cutoff).toBe(false);
    expect(graph.nodes[0]).toEqual({
      ref: 'dataset:default/raw',
      kind: 'dataset',
      title: 'RAW',
      owner: 'group:default/team',
      lifecycle: 'production',
      distance: 0,
    });
  });

  it('walks upstream from the service only as deep as asked', async () => {
    const { service } = await setup();
    const graph = await service.lineage(
      {
        entityRef: 'component:default/service',
        direction: 'upstream',
        depth: 2,
      },
      user,
    );
    expect(graph.nodes.map(n => n.ref).sort()).toEqual([
      'component:default/service',
      'dataset:default/clean',
      'feature:default/features',
      'model:default/model',
    ]);
  });

  it('terminates on cycles and still lists the cycle edges', async () => {
    const { service } = await setup();
    const graph = await service.lineage(
      { entityRef: 'dataset:default/clean', direction: 'both', depth: 5 },
      user,
    );
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        {
          source: 'dataset:default/mirror',
          target: 'dataset:default/clean',
          type: 'derivedFrom',
        },
        {
          source: 'dataset:default/clean',
          target: 'dataset:default/mirror',
          type: 'derivedFrom',
        },
      ]),
    );
    expect(new Set(graph.nodes.map(n => n.ref)).size).toBe(graph.nodes.length);
  });

  it('stops at the node cap and says so', async () => {
    const { service } = await setup(CATALOG, [], 3);
    const graph = await service.lineage(
      { entityRef: 'dataset:default/raw', direction: 'downstream', depth: 5 },
      user,
    );
    expect(graph.nodes).toHaveLength(3);
    expect(graph.cutoff).toBe(true);
  });

  it('drops nodes the caller may not read, and every edge that touches them', async () => {
    const { service } = await setup(CATALOG, ['dataset:default/secret']);
    const graph = await service.lineage(
      { entityRef: 'dataset:default/raw', direction: 'downstream', depth: 5 },
      user,
    );
    expect(graph.nodes.map(n => n.ref)).not.toContain('dataset:default/secret');
    expect(JSON.stringify(graph.edges)).not.toContain('secret');
    // Counted, never named, so the card can say what it leaves out.
    expect(graph.hidden).toEqual({ upstream: 0, downstream: 1 });
    const impact = await service.impact('dataset:default/raw', user);
    expect(impact.hidden).toBe(1);
    expect(JSON.stringify(impact)).not.toContain('secret');
  });

  it('counts no hidden node for a ref to nothing, nor when all is readable', async () => {
    const dangling = [
      ...CATALOG,
      entity('model:default/orphan', [['trainedOn', 'dataset:default/gone']]),
    ];
    const { service } = await setup(dangling);
    const graph = await service.lineage(
      { entityRef: 'model:default/orphan', direction: 'both', depth: 2 },
      user,
    );
    expect(graph.nodes.map(n => n.ref)).toEqual(['model:default/orphan']);
    expect(graph.hidden).toBeUndefined();
  });

  it('answers 404 for an entity the caller may not read, without saying whether it exists', async () => {
    const { service } = await setup(CATALOG, ['dataset:default/secret']);
    await expect(
      service.lineage(
        { entityRef: 'dataset:default/secret', direction: 'both', depth: 2 },
        user,
      ),
    ).rejects.toThrow(NotFoundError);
  });

  it('groups every downstream consumer by owner with its path length', async () => {
    const owned = CATALOG.map(e =>
      e.metadata.name === 'service'
        ? {
            ...e,
            relations: [
              { type: 'ownedBy', targetRef: 'group:default/web' },
              { type: 'dependsOn', targetRef: 'model:default/model' },
            ],
          }
        : e,
    );
    const { service } = await setup(owned, ['dataset:default/secret']);
    const impact = await service.impact('dataset:default/clean', user);
    expect(impact).toEqual({
      root: 'dataset:default/clean',
      total: 4,
      cutoff: false,
      groups: [
        {
          owner: 'group:default/team',
          assets: [
            expect.objectContaining({
              ref: 'dataset:default/mirror',
              distance: 1,
            }),
            expect.objectContaining({
              ref: 'feature:default/features',
              distance: 1,
            }),
            expect.objectContaining({
              ref: 'model:default/model',
              distance: 1,
            }),
          ],
        },
        {
          owner: 'group:default/web',
          assets: [
            expect.objectContaining({
              ref: 'component:default/service',
              distance: 2,
            }),
          ],
        },
      ],
    });
  });

  it('writes nothing on an unchanged re-sync, and only what changed otherwise', async () => {
    const { store, indexer } = await setup();
    const upsert = jest.spyOn(store, 'upsert');
    expect(await indexer.sync()).toEqual({ seen: 7, changed: 0, removed: 0 });
    expect(upsert.mock.calls.flatMap(c => c[0])).toEqual([]);
  });

  it('follows the catalog: changed relations replace edges, deleted entities leave', async () => {
    const changed = CATALOG.filter(e => e.metadata.name !== 'secret').map(e =>
      e.metadata.name === 'model'
        ? entity(
            'model:default/model',
            [['trainedOn', 'dataset:default/raw']],
            'e2',
          )
        : e,
    );
    const { store } = await setup();
    const indexer = new LineageIndexer({
      catalog: fakeCatalog(changed),
      auth: mockServices.auth(),
      store,
      logger: mockServices.logger.mock(),
    });
    expect(await indexer.sync()).toEqual({ seen: 6, changed: 1, removed: 1 });
    const upstream = await store.edgesOf(['model:default/model'], 'upstream');
    expect(upstream.map(e => `${e.source_ref} ${e.type}`)).toEqual([
      'dataset:default/raw trainedOn',
    ]);
    expect(await store.nodes(['dataset:default/secret'])).toEqual([]);
  });
});
