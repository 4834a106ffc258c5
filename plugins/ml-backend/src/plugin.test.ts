import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
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
    expect(res.body).toEqual({
      status: 'ok',
      healthChecks: [{ id: 'has-owner-team', title: 'Owner is a team' }],
      registryConnectors: [],
    });
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
