import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  ml?: {
    lineage?: {
      /**
       * How often the lineage index is brought up to date with the catalog.
       * Runs once across all backend replicas.
       * @default { frequency: { seconds: 30 }, timeout: { minutes: 5 }, initialDelay: { seconds: 5 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Most nodes one lineage answer holds before it is cut off.
       * @default 200
       */
      nodeCap?: number;
    };
  };
}
