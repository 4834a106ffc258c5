import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { mlHealthChecksExtensionPoint } from '@ml-marketplace/plugin-ml-node';
import request from 'supertest';
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
