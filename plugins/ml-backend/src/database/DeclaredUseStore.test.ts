import type { Entity } from '@backstage/catalog-model';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  migratedTestDatabase,
  testDatabaseIds,
} from '../__testUtils__/databases';
import { LineageIndexer } from '../services/lineage/LineageIndexer';
import { LineageService } from '../services/lineage/LineageService';
import { DeclaredUseStore, type DeclaredUseRow } from './DeclaredUseStore';
import { DatabaseLineageStore } from './LineageStore';

const ASSET = 'model:default/churn';
const WEB = 'component:default/web';
const API = 'component:default/api';

function entity(
  ref: string,
  relations: Array<[string, string]> = [],
  etag = 'e1',
): Entity {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace, etag },
    spec: {},
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team' },
      ...relations.map(([type, targetRef]) => ({ type, targetRef })),
    ],
  };
}

const use = (
  consumer: string,
  by = 'user:default/ada',
  at = '2026-12-07T10:00:00.000Z',
): DeclaredUseRow => ({
  asset_ref: ASSET,
  consumer_ref: consumer,
  declared_by: by,
  declared_at: at,
  note: 'Scores checkout sessions',
});

describe.each(testDatabaseIds())('DeclaredUseStore on %s', databaseId => {
  async function setup(initial: Entity[] = [entity(ASSET), entity(WEB)]) {
    const db = await migratedTestDatabase(databaseId);
    const store = new DeclaredUseStore(db);
    const lineage = new DatabaseLineageStore(db);
    let entities = initial;
    const catalog = {
      streamEntities: async function* stream() {
        yield entities;
      },
    } as any;
    const indexer = new LineageIndexer({
      catalog,
      auth: mockServices.auth(),
      store: lineage,
      logger: mockServices.logger.mock(),
      declaredUses: store,
    });
    await indexer.sync();
    const edges = () =>
      db('lineage_edges')
        .where('declared_by', 'like', 'user-declared:%')
        .select('source_ref', 'target_ref', 'type', 'declared_by');
    return {
      db,
      store,
      lineage,
      indexer,
      edges,
      setCatalog: (next: Entity[]) => {
        entities = next;
      },
    };
  }

  it('writes a declared use and its lineage edge together, and withdraws both', async () => {
    const { store, lineage, edges } = await setup();
    expect(await store.declare(use(WEB))).toEqual({
      use: use(WEB),
      created: true,
    });
    expect(await edges()).toEqual([
      {
        source_ref: ASSET,
        target_ref: WEB,
        type: 'declaredUse',
        declared_by: `user-declared:${WEB}`,
      },
    ]);
    // Reuse counts see it like any other consumer.
    expect((await lineage.consumerCounts()).get(ASSET)).toBe(1);
    expect(await store.usesOf(ASSET)).toEqual([use(WEB)]);

    expect(await store.withdraw(ASSET, WEB)).toBe(true);
    expect(await edges()).toEqual([]);
    expect(await store.get(ASSET, WEB)).toBeUndefined();
    expect(await store.withdraw(ASSET, WEB)).toBe(false);
  });

  it('keeps the first declaration when the same use is declared again', async () => {
    const { store, edges } = await setup();
    await store.declare(use(WEB));
    const again = await store.declare(
      use(WEB, 'user:default/bob', '2026-12-08T10:00:00.000Z'),
    );
    expect(again).toEqual({ use: use(WEB), created: false });
    expect(await edges()).toHaveLength(1);
  });

  it('stores a note of 280 characters, multi-byte ones included', async () => {
    const { store } = await setup();
    const note = 'é'.repeat(280);
    await store.declare({ ...use(WEB), note });
    expect((await store.get(ASSET, WEB))?.note).toBe(note);
  });

  it('survives the lineage index rebuilding the asset and the consumer', async () => {
    const { store, indexer, edges, setCatalog } = await setup();
    await store.declare(use(WEB));
    setCatalog([entity(ASSET, [], 'e2'), entity(WEB, [], 'e2')]);
    expect(await indexer.sync()).toMatchObject({ changed: 2, removed: 0 });
    await indexer.apply([entity(WEB, [], 'e3')]);
    expect(await edges()).toHaveLength(1);
  });

  it('drops the edge while the consumer is out of the catalog, and restores it when it returns', async () => {
    const { store, indexer, edges, setCatalog, lineage } = await setup([
      entity(ASSET),
      entity(WEB),
      entity(API),
    ]);
    await store.declare(use(WEB));
    await store.declare(use(API, 'user:default/ada', '2026-12-07T11:00:00Z'));
    setCatalog([entity(ASSET), entity(API)]);
    expect(await indexer.sync()).toMatchObject({ removed: 1 });
    expect((await edges()).map(e => e.target_ref)).toEqual([API]);
    expect((await lineage.consumerCounts()).get(ASSET)).toBe(1);
    // The declaration itself is kept.
    expect(await store.get(ASSET, WEB)).toBeDefined();

    setCatalog([entity(ASSET), entity(API), entity(WEB, [], 'e9')]);
    await indexer.sync();
    expect((await edges()).map(e => e.target_ref).sort()).toEqual([API, WEB]);
    expect(await store.reconcileEdges()).toEqual({ added: 0, removed: 0 });
  });

  it("marks declared edges origin 'user' in the lineage graph, unless the catalog says so too", async () => {
    const { store, lineage, indexer, setCatalog } = await setup();
    const service = new LineageService({
      store: lineage,
      readable: { filter: async (refs: string[]) => new Set(refs) } as any,
      catalog: {} as any,
      nodeCap: 50,
    });
    await store.declare(use(WEB));
    const graph = () =>
      service.lineage(
        { entityRef: ASSET, direction: 'downstream', depth: 1 },
        mockCredentials.user(),
      );
    expect((await graph()).edges).toEqual([
      { source: ASSET, target: WEB, type: 'declaredUse', origin: 'user' },
    ]);

    // The team adds the relation to its YAML: the catalog's edge is drawn.
    setCatalog([entity(ASSET), entity(WEB, [['dependsOn', ASSET]], 'e2')]);
    await indexer.sync();
    expect((await graph()).edges).toEqual([
      { source: ASSET, target: WEB, type: 'dependsOn' },
    ]);
    expect((await lineage.consumerCounts()).get(ASSET)).toBe(1);
  });
});
