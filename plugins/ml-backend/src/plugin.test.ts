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
