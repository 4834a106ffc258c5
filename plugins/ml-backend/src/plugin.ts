import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { mlPermissions } from '@ml-marketplace/plugin-ml-common';
import {
  IdRegistry,
  MlHealthCheck,
  MlRegistryConnector,
  mlHealthChecksExtensionPoint,
  mlRegistryConnectorsExtensionPoint,
} from '@ml-marketplace/plugin-ml-node';
import { DatabaseLineageStore } from './database/LineageStore';
import { migratedDatabase } from './database/migrations';
import { createRouter } from './router';
import { LineageIndexer } from './services/lineage/LineageIndexer';
import { LineageService } from './services/lineage/LineageService';
import { OpenLineageService } from './services/lineage/OpenLineageService';

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
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        logger,
        config,
        database,
        scheduler,
        auth,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        permissionsRegistry.addPermissions(mlPermissions);
        const db = await migratedDatabase(database);
        const lineageStore = new DatabaseLineageStore(db);
        const indexer = new LineageIndexer({
          catalog,
          auth,
          store: lineageStore,
          logger,
        });
        const lineage = new LineageService({
          store: lineageStore,
          catalog,
          nodeCap: config.getOptionalNumber('ml.lineage.nodeCap') ?? 200,
        });

        const scheduleConfig = config.getOptionalConfig('ml.lineage.schedule');
        await scheduler.scheduleTask({
          id: 'ml-lineage-index',
          ...(scheduleConfig
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                scheduleConfig,
              )
            : {
                frequency: { seconds: 30 },
                timeout: { minutes: 5 },
                initialDelay: { seconds: 5 },
              }),
          fn: async signal => {
            const taskLogger = logger.child({ task: 'ml-lineage-index' });
            const result = await indexer.sync(signal);
            if (result.changed || result.removed) {
              taskLogger.info(
                `Lineage index: ${result.changed} entities updated, ${result.removed} removed, ${result.seen} seen`,
              );
            }
          },
        });

        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            lineage,
            openLineage: new OpenLineageService(lineageStore),
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
