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
    healthChecks?: {
      /**
       * How often every ML entity is checked. Runs once across all replicas.
       * @default { frequency: { minutes: 30 }, timeout: { minutes: 15 }, initialDelay: { minutes: 1 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Ids of built-in checks to leave out, e.g. [staleness]. */
      disabled?: string[];
      /**
       * What a failure of a check means, by check id: `error` makes the asset
       * Failing, `warning` at most Warnings, `advice` never changes its status.
       * Built-in defaults: refs-resolve, serving-endpoint, staleness,
       * restricted-data and registry-drift are errors; owner-exists and
       * deprecated-dependencies warnings; licence and card-completeness advice.
       * Adopters' checks default to their own `severity`, else error.
       */
      severity?: { [checkId: string]: 'error' | 'warning' | 'advice' };
      cardCompleteness?: {
        /** Score (0-100) from which the card passes. @default 80 */
        passScore?: number;
        /** Score below which the card fails; between the two it warns. @default 50 */
        minScore?: number;
      };
      licence?: {
        /** Licence ids (any case) assets may carry. Empty: any licence passes, none fails. */
        allowed?: string[];
      };
      staleness?: {
        /** Days without a new version or evaluation before a warning. @default 90 */
        warnAfterDays?: number;
        /** Days before it fails (a warning unless `severity.staleness` says error). @default 180 */
        failAfterDays?: number;
      };
      servingEndpoint?: {
        /**
         * Hosts the backend may call for `spec.serving.healthUrl`: exact names,
         * IPs or `*.suffix` wildcards, optionally with `:port`. Empty: serving
         * checks are off. Link-local and cloud metadata addresses are refused
         * whatever this says.
         */
        allowedHosts?: string[];
        /**
         * Milliseconds to wait for the health URL, redirects included. Keep it
         * under 30000: the sweep gives up on any check after 30 seconds.
         * @default 5000
         */
        timeoutMs?: number;
      };
    };
    registries?: {
      /**
       * How often registries without a schedule of their own are synced.
       * @default { frequency: { minutes: 10 }, timeout: { minutes: 15 }, initialDelay: { seconds: 10 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * With a feature store configured (ml.registries.feast): how often the
       * feature views each registered model read (Feast's MLflow run tags)
       * are joined to Model and Feature entities again, for registry-derived
       * lineage. Every sync that changes something also does it.
       */
      featureUse?: {
        /** @default { frequency: { minutes: 2 }, timeout: { minutes: 5 }, initialDelay: { seconds: 20 } } */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    kpis?: {
      /**
       * When the daily KPI snapshot is taken (the latest run of a day
       * replaces the day's earlier one); runs once across replicas.
       * @default { frequency: { hours: 6 }, timeout: { minutes: 5 }, initialDelay: { minutes: 2 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Seed an empty KPI history with 120 plausible past days, marked as
       * demo data, so a demo's trend charts are not empty on first start.
       * Never in a real portal. @default false
       */
      demoHistory?: boolean;
    };
    marketplace?: {
      /**
       * Seconds the marketplace search index is reused before a replica
       * rebuilds it from the catalog (it keeps answering meanwhile).
       * @default 30
       */
      refreshSeconds?: number;
      /**
       * More groups of words that mean the same in your company, added to the
       * built-in ML ones (churn/attrition/cancel, fraud/anomaly/abuse, LTV/
       * lifetime value, NER/named entity recognition, …). A query naming one
       * finds assets that name another, ranked below the word itself. Phrases
       * are allowed, e.g. [["gmv", "gross merchandise value"]].
       */
      synonyms?: string[][];
    };
    certification?: {
      /** A certificate lapses this many days after it was issued unless its evidence still holds. @default 90 */
      validityDays?: number;
      /** A reviewer's approval counts for this many days. @default 365 */
      approvalValidityDays?: number;
      /**
       * Whom owners should ask for an approval (group or user refs), shown on
       * the certification card to those who may not approve. Who may approve
       * is decided by the permission policy (`ml.certification.approve`).
       */
      reviewers?: string[];
      /**
       * Levels, lowest first; each also requires everything below it. Unless
       * a level names `notDeprecated`, the second level requires it, so a
       * deprecated asset holds the lowest level at most.
       * @default bronze (owner, card >= 50%), silver (no error-level finding, evaluation, not deprecated), gold (thresholds met, approval)
       */
      levels?: Array<{
        id: string;
        title?: string;
        requires: {
          owner?: boolean;
          minCardCompleteness?: number;
          checks?: 'pass' | 'no-failures';
          evaluation?: boolean;
          metricThresholds?: boolean;
          approval?: boolean;
          notDeprecated?: boolean;
        };
      }>;
    };
    /**
     * Notifications through Backstage's notifications backend
     * (`@backstage/plugin-notifications-backend`), sent to the owners of
     * assets and to the owners of what depends on them.
     */
    feedback?: {
      /**
       * Seeds empty feedback tables with the demo's reviews, improvement
       * requests and a declared use of the example assets, so a new demo
       * shows them. Never in a real portal. @default false
       */
      demoSeed?: boolean;
    };
    notifications?: {
      /** `false` sends none, for portals without the notifications backend. @default true */
      enabled?: boolean;
      /** Owners are reminded this many days before a certificate lapses. @default 14 */
      certificateExpiryDays?: number;
    };
  };
}
