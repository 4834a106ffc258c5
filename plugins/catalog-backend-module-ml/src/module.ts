import {
  coreServices,
  createBackendModule,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
  type EntityProvider,
} from '@backstage/plugin-catalog-node';
import {
  FeastRegistryConnector,
  MlflowRegistryConnector,
  mlCatalogChangesServiceRef,
  readFeastRegistryConfigs,
  readMlflowRegistryConfigs,
} from '@ml-marketplace/plugin-ml-node';
import { MlEntitiesProcessor } from './processor/MlEntitiesProcessor';
import { FeastDiscoveryProvider } from './providers/FeastDiscoveryProvider';
import { MlflowDiscoveryProvider } from './providers/MlflowDiscoveryProvider';

/**
 * Adds the Model, Feature and Dataset kinds to the catalog, and a discovery
 * provider for each MLflow registry and each Feast registry with
 * `discovery.enabled`.
 */
export const catalogModuleMl = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ml',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
        auth: coreServices.auth,
        catalogApi: catalogServiceRef,
        changes: mlCatalogChangesServiceRef,
      },
      async init({
        catalog,
        config,
        scheduler,
        logger,
        auth,
        catalogApi,
        changes,
      }) {
        catalog.addProcessor(new MlEntitiesProcessor({ changes }));

        /** Registers a discovery provider and runs it on its schedule. */
        const discover = async <R>(
          provider: EntityProvider & { run(signal: AbortSignal): Promise<R> },
          schedule: SchedulerServiceTaskScheduleDefinition | undefined,
          summary: (result: R) => string,
        ) => {
          catalog.addEntityProvider(provider);
          await scheduler.scheduleTask({
            id: provider.getProviderName(),
            ...(schedule ?? {
              frequency: { minutes: 10 },
              timeout: { minutes: 10 },
              initialDelay: { seconds: 15 },
            }),
            fn: async signal => {
              logger.info(summary(await provider.run(signal)));
            },
          });
        };

        const registries = readMlflowRegistryConfigs(config);
        for (const [index, registry] of registries.entries()) {
          if (!registry.discovery.enabled) continue;
          await discover(
            new MlflowDiscoveryProvider({
              config: registry,
              isDefaultInstance: index === 0,
              reader: new MlflowRegistryConnector(registry),
              catalog: catalogApi,
              auth,
              logger,
            }),
            registry.discovery.schedule,
            r =>
              `MLflow discovery for "${registry.id}": ${r.status}, ${r.discovered} discovered, ${r.declared} declared in repositories, ${r.withoutOwner} without an owner tag`,
          );
        }

        const featureStores = readFeastRegistryConfigs(config);
        for (const [index, registry] of featureStores.entries()) {
          if (!registry.discovery.enabled) continue;
          await discover(
            new FeastDiscoveryProvider({
              config: registry,
              isDefaultInstance: index === 0,
              reader: new FeastRegistryConnector(registry),
              catalog: catalogApi,
              auth,
              logger,
            }),
            registry.discovery.schedule,
            r =>
              `Feast discovery for "${registry.id}": ${r.status}, ${r.discovered} discovered, ${r.declared} declared in repositories, ${r.withoutOwner} without an owner, ${r.nameTaken.length} with a name taken, ${r.invalid.length} invalid`,
          );
        }
      },
    });
  },
});
