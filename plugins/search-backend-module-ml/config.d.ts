import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /**
       * The ML assets collator of `@ml-marketplace/plugin-search-backend-module-ml`:
       * every Model, Feature and Dataset of the `ml` backend as an `ml-asset`
       * document of the portal's search.
       */
      mlAssets?: {
        /**
         * How often the search index of ML assets is rebuilt.
         * @default { frequency: { minutes: 10 }, timeout: { minutes: 15 }, initialDelay: { seconds: 30 } }
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Documents asked of the `ml` backend per request, from 1 to 500.
         * @default 100
         */
        pageSize?: number;
      };
    };
  };
}
