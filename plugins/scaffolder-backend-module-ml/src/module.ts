import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  LocalRepositories,
  readMlflowRegistryConfigs,
} from '@ml-marketplace/plugin-ml-node';
import { createPublishLocalAction } from './actions/publishLocal';
import { createRegisterMlflowAction } from './actions/registerMlflow';
import { createWriteCatalogAction } from './actions/writeCatalog';

/** Adds the ML golden-path actions to the scaffolder. */
export const scaffolderModuleMl = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ml',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
      },
      async init({ scaffolder, config, discovery }) {
        scaffolder.addActions(
          createWriteCatalogAction(),
          createRegisterMlflowAction({
            registries: readMlflowRegistryConfigs(config),
          }),
          createPublishLocalAction({
            repositories: LocalRepositories.fromConfig(config),
            discovery,
          }),
        );
      },
    });
  },
});
