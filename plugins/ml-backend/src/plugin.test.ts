import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mlHealthChecksExtensionPoint } from '@ml-marketplace/plugin-ml-node';
import request from 'supertest';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mlPlugin } from './plugin';
import {
  group,
  mlEntity,
  wellDocumentedModel,
} from './__testUtils__/mlEntities';

const customChecks = createBackendModule({
  pluginId: 'ml',
  moduleId: 'test-checks',
  register(env) {
    env.registerInit({
      deps: { checks: mlHealthChecksExtensionPoint },
      async init({ checks }) {
        checks.addHealthCheck({
          id: 'has-owner-team',
          title: 'Owner is a team',
          appliesTo: () => true,
          run: async () => ({ status: 'pass', message: 'ok' }),
        });
      },
    });
  },
});

describe('ml backend plugin', () => {
  it('answers /health without credentials and lists checks added through the extension point', async () => {
    const { server } = await startTestBackend({
      features: [mlPlugin, customChecks],
    });

    const res = await request(server)
      .get('/api/ml/health')
      .set('Authorization', mockCredentials.none.header());

    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.registryConnectors).toEqual([]);
    expect(res.body.featureStoreConnectors).toEqual([]);
    // The built-ins first, then the module's own.
    expect(res.body.healthChecks.map((c: { id: string }) => c.id)).toEqual([
      'card-completeness',
      'owner-exists',
      'refs-resolve',
      'licence',
      'staleness',
      'deprecated-dependencies',
      'restricted-data',
      'serving-endpoint',
      'registry-drift',
      'feature-store-drift',
      'feature-freshness',
      'data-freshness',
      'data-contract',
      'input-contracts',
      'has-owner-team',
    ]);
  });

  describe('GET /lineage', () => {
    it('refuses anonymous callers', async () => {
      const { server } = await startTestBackend({ features: [mlPlugin] });
      const res = await request(server)
        .get('/api/ml/lineage?entityRef=model:default/m')
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });

    it.each([
      ['', 'entityRef is required, e.g. ?entityRef=model:default/churn-model'],
      ['?entityRef=model:default/m&depth=9', 'depth must be from 1 to 5'],
      [
        '?entityRef=model:default/m&direction=sideways',
        'direction must be upstream, downstream or both',
      ],
      [
        '?entityRef=model:default/m&depth=two',
        'depth must be a number from 1 to 5',
      ],
    ])('answers 400 naming the parameter for %s', async (query, message) => {
      const { server } = await startTestBackend({ features: [mlPlugin] });
      const res = await request(server)
        .get(`/api/ml/lineage${query}`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(message);
    });

    it('answers 404 for an entity that is not in the catalog', async () => {
      const { server } = await startTestBackend({
        features: [mlPlugin, catalogServiceMock.factory({ entities: [] })],
      });
      const res = await request(server)
        .get('/api/ml/lineage?entityRef=model:default/nowhere')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(404);
    });
  });

  it('answers 400 for /impact without an entityRef', async () => {
    const { server } = await startTestBackend({ features: [mlPlugin] });
    const res = await request(server)
      .get('/api/ml/impact')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'entityRef is required, e.g. ?entityRef=dataset:default/customers',
    );
  });

  describe('POST /openlineage', () => {
    const event = {
      eventType: 'COMPLETE',
      eventTime: '2026-11-22T10:52:00Z',
      run: { runId: 'd46e465b-d358-4d32-83d4-df660ff614dd' },
      job: { namespace: 'airflow', name: 'build' },
      inputs: [{ namespace: 's3://in', name: 'a' }],
      outputs: [{ namespace: 's3://out', name: 'b' }],
      producer: 'https://example.test/producer',
      schemaURL:
        'https://example.test/spec/2-0-2/OpenLineage.json#/definitions/RunEvent',
    };

    it('records a COMPLETE run', async () => {
      const { server } = await startTestBackend({ features: [mlPlugin] });
      const res = await request(server)
        .post('/api/ml/openlineage')
        .set('Authorization', mockCredentials.service.header())
        .send(event);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        edges: 2,
        matched: [],
        external: ['s3://in/a', 's3://out/b'],
      });
    });

    it('answers 400 naming the malformed field', async () => {
      const { server } = await startTestBackend({ features: [mlPlugin] });
      const res = await request(server)
        .post('/api/ml/openlineage')
        .set('Authorization', mockCredentials.service.header())
        .send({ ...event, inputs: [{ name: 'a' }] });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'inputs[0].namespace: namespace is required and must be a string',
      );
    });

    it('records a JobEvent and a DatasetEvent of spec 2.x', async () => {
      const { server } = await startTestBackend({ features: [mlPlugin] });
      const { run, eventType, ...jobEvent } = event;
      const job = await request(server)
        .post('/api/ml/openlineage')
        .set('Authorization', mockCredentials.service.header())
        .send(jobEvent);
      expect(job.status).toBe(200);
      expect(job.body).toEqual({
        edges: 2,
        matched: [],
        external: ['s3://in/a', 's3://out/b'],
      });
      const dataset = await request(server)
        .post('/api/ml/openlineage')
        .set('Authorization', mockCredentials.service.header())
        .send({
          eventTime: event.eventTime,
          dataset: { namespace: 's3://in', name: 'c' },
          producer: event.producer,
          schemaURL:
            'https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/DatasetEvent',
        });
      expect(dataset.status).toBe(200);
      expect(dataset.body).toEqual({
        edges: 0,
        matched: [],
        external: ['s3://in/c'],
      });
    });

    it('accepts an eventTime without offset as UTC and says so', async () => {
      const { server } = await startTestBackend({ features: [mlPlugin] });
      const res = await request(server)
        .post('/api/ml/openlineage')
        .set('Authorization', mockCredentials.service.header())
        .send({ ...event, eventTime: '2021-11-03T10:53:52.427343' });
      expect(res.status).toBe(200);
      expect(res.body.edges).toBe(2);
      expect(res.body.warnings).toEqual([
        {
          field: 'eventTime',
          message:
            'eventTime 2021-11-03T10:53:52.427343 has no UTC offset and was read as UTC (2021-11-03T10:53:52.427343Z); send it with Z or an offset such as +01:00',
        },
      ]);
    });

    it.each([
      ['a JSON string', '"COMPLETE"', 'The body is not valid JSON'],
      ['broken JSON', '{"eventType": ', 'The body is not valid JSON'],
      ['a list', JSON.stringify([event]), 'The body is a list'],
      [
        'an object that is no event',
        '{"job_name": "build"}',
        'none of run, job or dataset',
      ],
    ])(
      'answers 400 saying what an event must contain for %s',
      async (_, body, why) => {
        const { server } = await startTestBackend({ features: [mlPlugin] });
        const res = await request(server)
          .post('/api/ml/openlineage')
          .set('Authorization', mockCredentials.service.header())
          .set('Content-Type', 'application/json')
          .send(body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(why);
        expect(res.body.error.message).toContain(
          'An OpenLineage event is one JSON object with eventTime, producer and schemaURL',
        );
      },
    );

    it('answers 403 when the permission policy denies it', async () => {
      const { server } = await startTestBackend({
        features: [
          mlPlugin,
          mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        ],
      });
      const res = await request(server)
        .post('/api/ml/openlineage')
        .set('Authorization', mockCredentials.user.header())
        .send(event);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('ml.openlineage.write');
    });
  });

  it('refuses to start when two modules register the same check id', async () => {
    const duplicate = createBackendModule({
      pluginId: 'ml',
      moduleId: 'duplicate-checks',
      register(env) {
        env.registerInit({
          deps: { checks: mlHealthChecksExtensionPoint },
          async init({ checks }) {
            checks.addHealthCheck({
              id: 'has-owner-team',
              title: 'Again',
              appliesTo: () => true,
              run: async () => ({ status: 'pass', message: 'ok' }),
            });
          },
        });
      },
    });
    await expect(
      startTestBackend({ features: [mlPlugin, customChecks, duplicate] }),
    ).rejects.toThrow(/id "has-owner-team" is already registered/);
  });
});

describe('GET /datasets/schema', () => {
  const IDENTITY = {
    namespace: 'postgres://warehouse:5432',
    name: 'analytics.customers',
  };
  const entities = [
    group('team'),
    mlEntity(
      'Dataset',
      'customers',
      {
        type: 'table',
        schema: {
          columns: [
            { name: 'customer_id', type: 'string' },
            { name: 'email', type: 'string', pii: true },
          ],
        },
      },
      {
        annotations: {
          'ml-marketplace.io/openlineage-dataset': `${IDENTITY.namespace}/${IDENTITY.name}`,
        },
      },
    ),
    mlEntity('Model', 'churn', {}),
  ];

  it("compares a Dataset's declared columns with the schema its producer reported", async () => {
    const { server } = await startTestBackend({
      features: [mlPlugin, catalogServiceMock.factory({ entities })],
    });
    const get = (ref: string) =>
      request(server)
        .get(`/api/ml/datasets/schema?entityRef=${ref}`)
        .set('Authorization', mockCredentials.user.header());
    // Before any report: the identity, nothing observed.
    expect((await get('dataset:default/customers')).body).toEqual({
      entityRef: 'dataset:default/customers',
      identity: 'postgres://warehouse:5432/analytics.customers',
    });
    await request(server)
      .post('/api/ml/openlineage')
      .set('Authorization', mockCredentials.service.header())
      .send({
        eventType: 'COMPLETE',
        eventTime: '2026-12-05T04:00:00Z',
        run: { runId: 'd46e465b-d358-4d32-83d4-df660ff614dd' },
        job: { namespace: 'airflow', name: 'customers_daily' },
        inputs: [],
        outputs: [
          {
            ...IDENTITY,
            facets: {
              schema: {
                fields: [
                  { name: 'customer_id', type: 'VARCHAR' },
                  { name: 'region', type: 'VARCHAR' },
                ],
              },
            },
          },
        ],
        producer: 'https://example.test/producer',
        schemaURL:
          'https://example.test/spec/2-0-2/OpenLineage.json#/definitions/RunEvent',
      })
      .expect(200);
    const res = await get('dataset:default/customers');
    expect(res.status).toBe(200);
    expect(res.body.observed).toEqual({
      fields: [
        { name: 'customer_id', type: 'VARCHAR' },
        { name: 'region', type: 'VARCHAR' },
      ],
      observedAt: '2026-12-05T04:00:00.000Z',
      source: 'airflow/customers_daily',
    });
    expect(res.body.differences).toEqual({
      removed: ['email'],
      retyped: [],
      added: ['region'],
    });
  });

  it('refuses what is no Dataset, an unknown one, a bad ref and an anonymous caller', async () => {
    const { server } = await startTestBackend({
      features: [mlPlugin, catalogServiceMock.factory({ entities })],
    });
    const get = (query: string) =>
      request(server)
        .get(`/api/ml/datasets/schema?${query}`)
        .set('Authorization', mockCredentials.user.header());
    const model = await get('entityRef=model:default/churn');
    expect(model.status).toBe(400);
    expect(model.body.error.message).toBe(
      'model:default/churn is a Model; only Datasets have a schema to compare',
    );
    expect((await get('entityRef=dataset:default/nope')).status).toBe(404);
    expect((await get('')).status).toBe(400);
    expect(
      (
        await request(server)
          .get('/api/ml/datasets/schema?entityRef=dataset:default/customers')
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
  });
});

describe('trust routes', () => {
  const model = wellDocumentedModel('churn');
  const entities = [
    group('team'),
    mlEntity('Dataset', 'customers', { type: 'table' }),
    model,
  ];
  const CHURN = encodeURIComponent('model:default/churn');

  function start(result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
    return startTestBackend({
      features: [
        mlPlugin,
        catalogServiceMock.factory({ entities }),
        ...(result ? [mockServices.permissions.factory({ result })] : []),
      ],
    });
  }

  it.each([
    ['get', '/api/ml/health-checks?entityRef=model:default/churn'],
    ['get', '/api/ml/health-checks/summary'],
    ['get', '/api/ml/health-checks/sweeps'],
    ['post', '/api/ml/health-checks/run?entityRef=model:default/churn'],
    ['get', `/api/ml/certifications/${CHURN}`],
    ['post', `/api/ml/certifications/${CHURN}/approve`],
    ['post', `/api/ml/certifications/${CHURN}/revoke`],
    ['get', '/api/ml/audit'],
    ['get', '/api/ml/kpis'],
    ['get', '/api/ml/kpis/history'],
    ['get', '/api/ml/kpis/asset?entityRef=model:default/churn'],
  ] as const)('refuses anonymous %s %s', async (method, url) => {
    const { server } = await start();
    const res = await request(server)
      [method](url)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it.each([
    [
      'get',
      '/api/ml/health-checks',
      'entityRef is required, e.g. ?entityRef=model:default/churn-model',
    ],
    [
      'get',
      '/api/ml/health-checks?entityRef=churn',
      'entityRef must be a full entity ref like "model:default/churn-model", got "churn"',
    ],
    ['get', '/api/ml/audit?limit=0', 'limit must be from 1 to 1000'],
    ['get', '/api/ml/kpis/history?days=0', 'days must be from 1 to 730'],
    [
      'get',
      '/api/ml/health-checks/sweeps?limit=x',
      'limit must be a number from 1 to 500',
    ],
    [
      'get',
      '/api/ml/kpis/asset?entityRef=group:default/team',
      'group:default/team is a Group; this applies to Models, Features and Datasets',
    ],
  ] as const)('answers 400 for %s %s', async (method, url, message) => {
    const { server } = await start();
    const res = await request(server)
      [method](url)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
  });

  it('answers 400 for a decision without a reason, before anything is stored', async () => {
    const { server } = await start();
    const res = await request(server)
      .post(`/api/ml/certifications/${CHURN}/approve`)
      .set('Authorization', mockCredentials.user.header())
      .send({ reason: ' ' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'reason must say why, in at least 3 characters',
    );
    const audit = await request(server)
      .get('/api/ml/audit')
      .set('Authorization', mockCredentials.user.header());
    expect(audit.body.items).toEqual([]);
  });

  it.each([
    [
      '/api/ml/health-checks/run?entityRef=model:default/churn',
      'ml.healthcheck.run',
    ],
    [`/api/ml/certifications/${CHURN}/approve`, 'ml.certification.approve'],
    [`/api/ml/certifications/${CHURN}/revoke`, 'ml.certification.approve'],
  ])('answers 403 for POST %s when the policy denies %s', async (url, name) => {
    const { server } = await start(AuthorizeResult.DENY);
    const res = await request(server)
      .post(url)
      .set('Authorization', mockCredentials.user.header())
      .send({ reason: 'because' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(name);
  });

  it('runs checks, approves and revokes when the policy allows, recording the person', async () => {
    const { server } = await start(AuthorizeResult.ALLOW);
    const as = mockCredentials.user.header('user:default/reviewer');
    const run = await request(server)
      .post('/api/ml/health-checks/run?entityRef=model:default/churn')
      .set('Authorization', as);
    expect(run.status).toBe(200);
    expect(run.body.results.map((r: any) => r.checkId)).toContain(
      'refs-resolve',
    );

    const approved = await request(server)
      .post(`/api/ml/certifications/${CHURN}/approve`)
      .set('Authorization', as)
      .send({ reason: 'Reviewed the card' });
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({
      by: 'user:default/reviewer',
      reason: 'Reviewed the card',
    });

    const revoked = await request(server)
      .post(`/api/ml/certifications/${CHURN}/revoke`)
      .set('Authorization', as)
      .send({ reason: 'Found drift' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.level).toBeNull();

    const audit = await request(server)
      .get('/api/ml/audit?entityRef=model:default/churn')
      .set('Authorization', as);
    expect(audit.body.items.map((e: any) => [e.action, e.actor])).toEqual([
      ['revoked', 'user:default/reviewer'],
      ['approved', 'user:default/reviewer'],
      // The re-run judged the model for the first time.
      ['certified', 'system'],
    ]);
    const sweeps = await request(server)
      .get('/api/ml/health-checks/sweeps')
      .set('Authorization', as);
    expect(sweeps.body.items[0]).toMatchObject({
      trigger: 'manual',
      outcome: 'done',
      assets: 1,
    });
  });

  it('refuses approvals from services: a person must answer for them', async () => {
    const { server } = await start(AuthorizeResult.ALLOW);
    const res = await request(server)
      .post(`/api/ml/certifications/${CHURN}/approve`)
      .set('Authorization', mockCredentials.service.header())
      .send({ reason: 'automated' });
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('lists nothing to a caller who may read no entity', async () => {
    // One backend whose policy the test switches from allow to deny.
    let result: AuthorizeResult.ALLOW | AuthorizeResult.DENY =
      AuthorizeResult.ALLOW;
    const permissions = mockServices.permissions.mock({
      authorize: async requests => requests.map(() => ({ result })),
      authorizeConditional: async requests => requests.map(() => ({ result })),
    });
    const { server } = await startTestBackend({
      features: [
        mlPlugin,
        catalogServiceMock.factory({ entities }),
        permissions.factory,
      ],
    });
    const as = mockCredentials.user.header();
    await request(server)
      .post('/api/ml/health-checks/run?entityRef=model:default/churn')
      .set('Authorization', as);
    const get = (url: string) =>
      request(server).get(url).set('Authorization', as);
    expect((await get('/api/ml/audit')).body.items).toHaveLength(1);
    expect((await get('/api/ml/kpis')).body.assets).toBe(1);
    expect((await get('/api/ml/health-checks/summary')).body.assets).toBe(1);

    result = AuthorizeResult.DENY;
    expect((await get('/api/ml/audit')).body.items).toEqual([]);
    expect((await get('/api/ml/kpis')).body.assets).toBe(0);
    const summary = (await get('/api/ml/health-checks/summary')).body;
    expect(summary).toMatchObject({ assets: 0, failing: [] });
    expect(summary.byCheck).toEqual([]);
  });
});
