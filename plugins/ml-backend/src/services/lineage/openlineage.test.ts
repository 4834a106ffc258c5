import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { openLineageRunEventSchema } from '@ml-marketplace/plugin-ml-common';
import { DatabaseLineageStore } from '../../database/LineageStore';
import {
  migratedTestDatabase,
  testDatabaseIds,
} from '../../__testUtils__/databases';
import { LineageIndexer } from './LineageIndexer';
import { LineageService } from './LineageService';
import { readableThroughCatalog } from '../../__testUtils__/readable';
import { OpenLineageService } from './OpenLineageService';

/** A RunEvent shaped like the OpenLineage 2-0-2 spec's example. */
function runEvent(overrides: Record<string, unknown> = {}) {
  return openLineageRunEventSchema.parse({
    eventType: 'COMPLETE',
    eventTime: '2026-11-22T10:52:00.001+01:00',
    run: { runId: 'd46e465b-d358-4d32-83d4-df660ff614dd' },
    job: { namespace: 'airflow-prod', name: 'churn_features.build' },
    inputs: [
      { namespace: 'postgres://warehouse:5432', name: 'analytics.customers' },
      { namespace: 's3://landing', name: 'events/2026-11-22' },
    ],
    outputs: [
      {
        namespace: 'postgres://warehouse:5432',
        name: 'ml.churn_features',
        facets: {
          schema: { fields: [{ name: 'customer_id', type: 'VARCHAR' }] },
        },
      },
    ],
    producer: 'https://example.test/openlineage-producer/v1',
    schemaURL:
      'https://example.test/spec/2-0-2/OpenLineage.json#/definitions/RunEvent',
    ...overrides,
  });
}

const customers: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Dataset',
  metadata: {
    name: 'customers',
    namespace: 'default',
    etag: 'e1',
    annotations: {
      'ml-marketplace.io/openlineage-dataset':
        'postgres://warehouse:5432/analytics.customers',
    },
  },
  spec: { lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/data' }],
};

const catalog = {
  streamEntities: async function* stream() {
    yield [customers];
  },
  getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => ({
    items: entityRefs.map(r =>
      r === 'dataset:default/customers' ? customers : undefined,
    ),
  }),
} as any;

describe.each(testDatabaseIds())('OpenLineage on %s', databaseId => {
  async function setup() {
    const store = new DatabaseLineageStore(
      await migratedTestDatabase(databaseId),
    );
    const indexer = new LineageIndexer({
      catalog,
      auth: mockServices.auth(),
      store,
      logger: mockServices.logger.mock(),
    });
    await indexer.sync();
    return {
      store,
      indexer,
      openLineage: new OpenLineageService(store),
      lineage: new LineageService({
        store,
        readable: readableThroughCatalog(catalog),
        catalog,
        nodeCap: 100,
      }),
    };
  }

  it('turns a COMPLETE run into dataset -> job -> dataset edges, matching catalog Datasets by annotation', async () => {
    const { openLineage, lineage } = await setup();
    expect(await openLineage.ingest(runEvent())).toEqual({
      edges: 3,
      matched: ['postgres://warehouse:5432/analytics.customers'],
      external: [
        's3://landing/events/2026-11-22',
        'postgres://warehouse:5432/ml.churn_features',
      ],
    });
    const graph = await lineage.lineage(
      {
        entityRef: 'dataset:default/customers',
        direction: 'downstream',
        depth: 2,
      },
      mockCredentials.user(),
    );
    const job = 'openlineage:job/airflow-prod%2Fchurn_features.build';
    const output = `openlineage:dataset/${encodeURIComponent(
      'postgres://warehouse:5432/ml.churn_features',
    )}`;
    expect(graph.edges).toEqual([
      { source: 'dataset:default/customers', target: job, type: 'inputOf' },
      { source: job, target: output, type: 'outputOf' },
    ]);
    expect(graph.nodes.find(n => n.ref === output)).toMatchObject({
      kind: 'ExternalDataset',
      title: 'postgres://warehouse:5432/ml.churn_features',
      distance: 2,
    });
  });

  it('records nothing for runs that did not complete', async () => {
    const { openLineage, store } = await setup();
    for (const eventType of ['START', 'RUNNING', 'FAIL', 'ABORT']) {
      expect((await openLineage.ingest(runEvent({ eventType }))).edges).toBe(0);
    }
    expect(
      await store.edgesOf(['dataset:default/customers'], 'downstream'),
    ).toEqual([]);
  });

  it('replaces a job’s edges with its latest completed run', async () => {
    const { openLineage, store } = await setup();
    await openLineage.ingest(runEvent());
    await openLineage.ingest(
      runEvent({ outputs: [{ namespace: 's3://features', name: 'churn/v2' }] }),
    );
    const job = 'openlineage:job/airflow-prod%2Fchurn_features.build';
    const outputs = await store.edgesOf([job], 'downstream');
    expect(outputs.map(e => e.target_ref)).toEqual([
      `openlineage:dataset/${encodeURIComponent('s3://features/churn/v2')}`,
    ]);
  });

  it('keeps external nodes when the catalog is synced again', async () => {
    const { openLineage, indexer, store } = await setup();
    await openLineage.ingest(runEvent());
    expect((await indexer.sync()).removed).toBe(0);
    const job = 'openlineage:job/airflow-prod%2Fchurn_features.build';
    expect(await store.nodes([job])).toHaveLength(1);
  });
});

describe('the RunEvent schema', () => {
  it.each([
    [{ job: { namespace: 'n' } }, 'job.name is required and must be a string'],
    [{ run: { runId: 'not-a-uuid' } }, 'run.runId must be a UUID'],
    [
      { eventTime: 'yesterday' },
      'eventTime is required and must be an ISO 8601 date-time',
    ],
    [
      { eventType: 'DONE' },
      'eventType must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER',
    ],
  ])('rejects %j naming the field', (overrides, message) => {
    expect(() => runEvent(overrides)).toThrow(message);
  });
});
