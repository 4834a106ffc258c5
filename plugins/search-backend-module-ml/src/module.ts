import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import {
  CONFIG_KEY,
  MlAssetCollatorFactory,
} from './collator/MlAssetCollatorFactory';

/**
 * Every ten minutes; the first pass half a minute after start-up, once the
 * catalog and the `ml` backend have something to show.
 */
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 30 },
};

function readSchedule(config: Config): SchedulerServiceTaskScheduleDefinition {
  const section = config.getOptionalConfig(`${CONFIG_KEY}.schedule`);
  if (!section) return DEFAULT_SCHEDULE;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(section);
  } catch (error) {
    throw new InputError(
      `Invalid schedule at ${CONFIG_KEY}.schedule: ${(error as Error).message}`,
    );
  }
}

/**
 * Adds ML assets to the portal's search as a document type of their own,
 * `ml-asset`, collated from the `ml` backend on a schedule.
 *
 * @public
 */
export const searchModuleMlAssets = createBackendModule({
  pluginId: 'search',
  moduleId: 'ml-assets',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({ config, scheduler, auth, discovery, indexRegistry }) {
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(readSchedule(config)),
          factory: MlAssetCollatorFactory.fromConfig(config, {
            auth,
            discovery,
          }),
        });
      },
    });
  },
});
