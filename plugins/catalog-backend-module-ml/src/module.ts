import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
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

        const registries = readMlflowRegistryConfigs(config);
        for (const [index, registry] of registries.entries()) {
          if (!registry.discovery.enabled) continue;
          const provider = new MlflowDiscoveryProvider({
            config: registry,
            isDefaultInstance: index === 0,
            reader: new MlflowRegistryConnector(registry),
            catalog: catalogApi,
            auth,
            logger,
          });
          catalog.addEntityProvider(provider);
          await scheduler.scheduleTask({
            id: provider.getProviderName(),
            ...(registry.discovery.schedule ?? {
              frequency: { minutes: 10 },
              timeout: { minutes: 10 },
              initialDelay: { seconds: 15 },
            }),
            fn: async signal => {
              const result = await provider.run(signal);
              logger.info(
                `MLflow discovery for "${registry.id}": ${result.status}, ${result.discovered} discovered, ${result.declared} declared in repositories, ${result.withoutOwner} without an owner tag`,
              );
            },
          });
        }

        const featureStores = readFeastRegistryConfigs(config);
        for (const [index, registry] of featureStores.entries()) {
          if (!registry.discovery.enabled) continue;
          const provider = new FeastDiscoveryProvider({
            config: registry,
            isDefaultInstance: index === 0,
            reader: new FeastRegistryConnector(registry),
            catalog: catalogApi,
            auth,
            logger,
          });
          catalog.addEntityProvider(provider);
          await scheduler.scheduleTask({
            id: provider.getProviderName(),
            ...(registry.discovery.schedule ?? {
              frequency: { minutes: 10 },
              timeout: { minutes: 10 },
              initialDelay: { seconds: 15 },
            }),
            fn: async signal => {
              const result = await provider.run(signal);
              logger.info(
                `Feast discovery for "${registry.id}": ${result.status}, ${result.discovered} discovered, ${result.declared} declared in repositories, ${result.withoutOwner} without an owner, ${result.nameTaken.length} with a name taken, ${result.invalid.length} invalid`,
              );
            },
          });
        }
      },
    });
  },
});
