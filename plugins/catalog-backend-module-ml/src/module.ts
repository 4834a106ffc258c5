import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { MlEntitiesProcessor } from './processor/MlEntitiesProcessor';

/** Adds the Model, Feature and Dataset kinds to the catalog. */
export const catalogModuleMl = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ml',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new MlEntitiesProcessor());
      },
    });
  },
});
