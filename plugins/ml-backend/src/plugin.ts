import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  IdRegistry,
  MlHealthCheck,
  MlRegistryConnector,
  mlHealthChecksExtensionPoint,
  mlRegistryConnectorsExtensionPoint,
} from '@ml-marketplace/plugin-ml-node';
import { createRouter } from './router';

/**
 * The `ml` backend plugin: lineage, health checks, certification and KPIs for
 * Model, Feature and Dataset entities.
 */
export const mlPlugin = createBackendPlugin({
  pluginId: 'ml',
  register(env) {
    const healthChecks = new IdRegistry<MlHealthCheck>('health check');
    const connectors = new IdRegistry<MlRegistryConnector>(
      'registry connector',
    );

    env.registerExtensionPoint(mlHealthChecksExtensionPoint, {
      addHealthCheck: (...checks) => healthChecks.add(...checks),
    });
    env.registerExtensionPoint(mlRegistryConnectorsExtensionPoint, {
      addRegistryConnector: (...items) => connectors.add(...items),
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
      },
      async init({ logger, httpRouter }) {
        httpRouter.use(
          await createRouter({
            logger,
            healthChecks,
            registryConnectors: connectors,
          }),
        );
        // Load balancers and the portal's own status page probe /health without a token.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info(
          `ML backend ready with ${
            healthChecks.list().length
          } health checks and ${connectors.list().length} registry connectors`,
        );
      },
    });
  },
});
