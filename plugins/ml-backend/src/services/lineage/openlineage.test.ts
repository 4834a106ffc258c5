import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  OPENLINEAGE_EVENT_SHAPE,
  openLineageEventSchema,
} from '@ml-marketplace/plugin-ml-common';
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
  return openLineageEventSchema.parse(runEventBody(overrides));
}

function runEventBody(overrides: Record<string, unknown> = {}) {
  return {
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
  };
}

/** The same job's static lineage as a spec 2.x JobEvent: no run, no eventType. */
function jobEvent(overrides: Record<string, unknown> = {}) {
  const { run, eventType, ...body } = runEventBody({
    schemaURL:
      'https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/JobEvent',
    ...overrides,
  });
  return openLineageEventSchema.parse(body);
}

/** A spec 2.x DatasetEvent. */
function datasetEvent(dataset: object) {
  return openLineageEventSchema.parse({
    eventTime: '2026-11-22T10:52:00Z',
    dataset,
    producer: 'https://example.test/openlineage-producer/v1',
    schemaURL:
      'https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/DatasetEvent',
  });
}

const JOB = 'openlineage:job/airflow-prod%2Fchurn_features.build';
const external = (id: string) =>
  `openlineage:dataset/${encodeURIComponent(id)}`;

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

  it('records when a completed run last wrote each output, the latest kept whatever the order', async () => {
    const { openLineage, store } = await setup();
    await openLineage.ingest(runEvent());
    // A run that did not complete writes nothing.
    await openLineage.ingest(
      runEvent({ eventType: 'START', eventTime: '2026-11-23T10:00:00Z' }),
    );
    const key = 'postgres://warehouse:5432/ml.churn_features';
    expect(await store.lastWrites()).toEqual(
      new Map([
        [
          key,
          {
            openlineage_key: key,
            // Stored in UTC, whatever offset the producer sent.
            written_at: '2026-11-22T09:52:00.001Z',
            job: 'airflow-prod/churn_features.build',
            run_id: 'd46e465b-d358-4d32-83d4-df660ff614dd',
          },
        ],
      ]),
    );
    // An older event arriving late does not move the write back.
    await openLineage.ingest(runEvent({ eventTime: '2026-11-20T00:00:00Z' }));
    expect((await store.lastWrites()).get(key)?.written_at).toBe(
      '2026-11-22T09:52:00.001Z',
    );
    await openLineage.ingest(runEvent({ eventTime: '2026-11-24T00:00:00Z' }));
    expect((await store.lastWrites()).get(key)?.written_at).toBe(
      '2026-11-24T00:00:00.000Z',
    );
    // Inputs are read, not written.
    expect(
      (await store.lastWrites()).has(
        'postgres://warehouse:5432/analytics.customers',
      ),
    ).toBe(false);
  });

  it('records the schema facet of outputs and DatasetEvents, and warns about a malformed one', async () => {
    const { openLineage, store } = await setup();
    await openLineage.ingest(runEvent());
    const key = 'postgres://warehouse:5432/ml.churn_features';
    expect(await store.schemaOf(key)).toEqual({
      openlineage_key: key,
      fields: JSON.stringify([{ name: 'customer_id', type: 'VARCHAR' }]),
      observed_at: '2026-11-22T09:52:00.001Z',
      source: 'airflow-prod/churn_features.build',
    });
    expect(await openLineage.observedSchema(key)).toEqual({
      fields: [{ name: 'customer_id', type: 'VARCHAR' }],
      observedAt: '2026-11-22T09:52:00.001Z',
      source: 'airflow-prod/churn_features.build',
    });
    const result = await openLineage.ingest(
      datasetEvent({
        namespace: 's3://landing',
        name: 'events',
        facets: { schema: { fields: 'customer_id' } },
      }),
    );
    expect(result.warnings).toEqual([
      {
        field: 'dataset.facets.schema',
        message:
          'The schema facet of s3://landing/events was not recorded: it must hold fields, a list of { name, type }',
      },
    ]);
    expect(await store.schemaOf('s3://landing/events')).toBeUndefined();
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

  it('records a JobEvent’s static lineage as a COMPLETE run would', async () => {
    const { openLineage, store } = await setup();
    const fromRun = await openLineage.ingest(runEvent());
    const runEdges = await store.edgesOf([JOB], 'downstream');
    const { store: other, openLineage: again } = await setup();
    expect(await again.ingest(jobEvent())).toEqual(fromRun);
    expect(await other.edgesOf([JOB], 'downstream')).toEqual(runEdges);
    // And, like a run, replaces what the job declared before.
    await again.ingest(
      jobEvent({ outputs: [{ namespace: 's3://features', name: 'churn/v2' }] }),
    );
    expect(
      (await other.edgesOf([JOB], 'downstream')).map(e => e.target_ref),
    ).toEqual([external('s3://features/churn/v2')]);
  });

  it('leaves a job’s lineage alone when a JobEvent names neither inputs nor outputs, and says so', async () => {
    const { openLineage, store } = await setup();
    await openLineage.ingest(runEvent());
    const result = await openLineage.ingest(
      jobEvent({ inputs: undefined, outputs: undefined }),
    );
    expect(result).toEqual({
      edges: 0,
      matched: [],
      external: [],
      warnings: [
        {
          field: 'inputs',
          message: expect.stringContaining('neither inputs nor outputs'),
        },
      ],
    });
    expect(await store.edgesOf([JOB], 'downstream')).toHaveLength(1);
  });

  it('records the dataset of a DatasetEvent as an external node, unless the catalog has it', async () => {
    const { openLineage, store } = await setup();
    expect(
      await openLineage.ingest(
        datasetEvent({ namespace: 's3://landing', name: 'events/raw' }),
      ),
    ).toEqual({ edges: 0, matched: [], external: ['s3://landing/events/raw'] });
    expect(
      await store.nodes([external('s3://landing/events/raw')]),
    ).toMatchObject([
      { kind: 'ExternalDataset', title: 's3://landing/events/raw' },
    ]);

    expect(
      await openLineage.ingest(
        datasetEvent({
          namespace: 'postgres://warehouse:5432',
          name: 'analytics.customers',
        }),
      ),
    ).toEqual({
      edges: 0,
      matched: ['postgres://warehouse:5432/analytics.customers'],
      external: [],
    });
    expect(
      await store.nodes([
        external('postgres://warehouse:5432/analytics.customers'),
      ]),
    ).toEqual([]);
  });

  it('accepts an eventTime without offset as UTC and warns in the result', async () => {
    const { openLineage } = await setup();
    const result = await openLineage.ingest(
      runEvent({ eventTime: '2021-11-03T10:53:52.427343' }),
    );
    expect(result.edges).toBe(3);
    expect(result.warnings).toEqual([
      {
        field: 'eventTime',
        message:
          'eventTime 2021-11-03T10:53:52.427343 has no UTC offset and was read as UTC (2021-11-03T10:53:52.427343Z); send it with Z or an offset such as +01:00',
      },
    ]);
    // An event with an offset answers as it always did: no warnings key.
    expect(await openLineage.ingest(runEvent())).not.toHaveProperty('warnings');
  });
});

/** The problems of a refused body, as `path: message`, the way the route reports them. */
function problems(body: unknown): string[] {
  const result = openLineageEventSchema.safeParse(body);
  if (result.success) throw new Error(`accepted ${JSON.stringify(body)}`);
  return result.error.issues.map(i =>
    i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
  );
}

describe('the OpenLineage event schema', () => {
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

  it('tells the three event types apart by their fields', () => {
    expect(runEvent().type).toBe('RunEvent');
    expect(jobEvent().type).toBe('JobEvent');
    expect(datasetEvent({ namespace: 'n', name: 'd' }).type).toBe(
      'DatasetEvent',
    );
  });

  it('reads an eventTime without offset as UTC, with a warning naming the field', () => {
    const parsed = runEvent({ eventTime: '2021-11-03T10:53:52.427343' });
    expect(parsed.event.eventTime).toBe('2021-11-03T10:53:52.427343Z');
    expect(parsed.warnings).toEqual([
      { field: 'eventTime', message: expect.stringContaining('read as UTC') },
    ]);
  });

  it('keeps an eventTime with an offset as sent, without warnings', () => {
    const parsed = runEvent();
    expect(parsed.event.eventTime).toBe('2026-11-22T10:52:00.001+01:00');
    expect(parsed.warnings).toEqual([]);
  });

  it.each([
    ['a string', 'not an event', 'The body is a string, not an event.'],
    ['null', null, 'The body is null, not an event.'],
    [
      'a list',
      [runEventBody()],
      'The body is a list; send one event per request.',
    ],
    [
      'an empty object',
      {},
      'The body is empty; was it sent with Content-Type: application/json?',
    ],
    [
      'an object with none of run, job or dataset',
      { eventTime: '2026-11-22T10:52:00Z', producer: 'p', schemaURL: 's' },
      'The body has none of run, job or dataset.',
    ],
  ])('refuses %s saying what an event must contain', (_, body, why) => {
    expect(problems(body)).toEqual([`${why} ${OPENLINEAGE_EVENT_SHAPE}.`]);
  });

  it.each([
    [{ run: 'r' }, 'run: run must be an object with a runId (a UUID)'],
    [
      { run: undefined, eventType: 'COMPLETE' },
      'run: run must be an object with a runId (a UUID)',
    ],
    [{ job: 'j' }, 'job: job must be an object with namespace and name'],
    [{ inputs: 's3://a' }, 'inputs: inputs must be a list of datasets'],
    [
      { outputs: ['s3://a'] },
      'outputs.0: each dataset must be an object with namespace and name',
    ],
  ])(
    'refuses a RunEvent with %j naming the field and the fix',
    (overrides, message) => {
      expect(problems(runEventBody(overrides))).toEqual([message]);
    },
  );

  it('refuses JobEvents and DatasetEvents with their own fields named', () => {
    const { run, eventType, ...job } = runEventBody({ job: { name: 'j' } });
    expect(problems(job)).toEqual([
      'job.namespace: job.namespace is required and must be a string',
    ]);
    expect(
      problems({ eventTime: '2026-11-22T10:52:00Z', dataset: 'd' }),
    ).toEqual([
      'dataset: dataset must be an object with namespace and name',
      'producer: producer is required and must be a string',
      'schemaURL: schemaURL is required and must be a string',
    ]);
    expect(
      problems({
        eventTime: '2026-11-22T10:52:00Z',
        dataset: { namespace: 's3://a' },
        producer: 'p',
        schemaURL: 's',
      }),
    ).toEqual(['dataset.name: name is required and must be a string']);
  });

  it('never answers with zod’s own wording', () => {
    for (const body of [
      'x',
      [],
      { run: 'r' },
      { job: 1 },
      { dataset: [] },
      runEventBody({ inputs: [1] }),
    ]) {
      for (const problem of problems(body)) {
        expect(problem).not.toMatch(/Invalid input|expected \w+, received/);
      }
    }
  });
});
