import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  ml?: {
    registries?: {
      /**
       * MLflow tracking servers whose model registries the marketplace syncs
       * (versions, aliases, runs, metrics) and, when `discovery.enabled`, turns
       * into Model entities.
       */
      mlflow?: Array<{
        /**
         * Unique id; Model entities choose an instance with
         * `spec.registry.mlflow.instance`. The first instance is the default.
         * @default default
         */
        id?: string;
        /** Base URL of the tracking server, e.g. http://mlflow.internal:5000 (no /api/2.0). */
        baseUrl: string;
        /** Base URL of the MLflow UI for links, when it differs from baseUrl. */
        uiUrl?: string;
        /**
         * Bearer token sent with every request.
         * @visibility secret
         */
        token?: string;
        /** Basic-auth user (MLflow's basic-auth app); needs `password`. */
        username?: string;
        /**
         * Basic-auth password.
         * @visibility secret
         */
        password?: string;
        /** MLflow search filter for registered models, e.g. "name LIKE 'prod-%'". */
        filter?: string;
        /** Registered models per page, at most 1000 (MLflow's limit). @default 1000 */
        pageSize?: number;
        /** Model versions per page. @default 10000 */
        versionPageSize?: number;
        /** Milliseconds per request before it is retried. @default 15000 */
        requestTimeoutMs?: number;
        /** Attempts per request for network errors, 5xx and 429. @default 4 */
        attempts?: number;
        /** The longest Retry-After honoured; longer answers fail the request. @default 60 */
        maxRetryAfterSeconds?: number;
        /** Runs read at once. @default 8 */
        runConcurrency?: number;
        /**
         * Read the input and output signature of each model's aliased and
         * newest versions from their MLmodel file (one request per version,
         * through the tracking server's `model-versions/get-artifact`).
         * Versions registered from a raw cloud URI are left out: the server
         * would need that store's credentials. @default true
         */
        signatures?: boolean;
        /**
         * How often the backend syncs this registry. Runs once across replicas.
         * @default { frequency: { minutes: 10 }, timeout: { minutes: 15 }, initialDelay: { seconds: 10 } }
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        discovery?: {
          /** Create Model entities for registered models no catalog-info.yaml declares. @default false */
          enabled?: boolean;
          /** Registered model tags naming the owner; models without one are not discovered. @default [owner, backstage.io/owner] */
          ownerTagKeys?: string[];
          /** Tag holding the lifecycle. @default lifecycle */
          lifecycleTagKey?: string;
          /** Tag holding the system. @default system */
          systemTagKey?: string;
          /** Namespace of discovered entities. @default default */
          namespace?: string;
          /**
           * How often discovery runs.
           * @default { frequency: { minutes: 10 }, timeout: { minutes: 10 }, initialDelay: { seconds: 15 } }
           */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      }>;
      /**
       * Feast feature stores whose registries the marketplace reads, through
       * the REST registry server (`feast serve_registry --rest-api`).
       */
      feast?: Array<{
        /** Unique id (letters, digits, - and _). */
        id: string;
        /** The registry server, e.g. http://feast-registry.internal:6572 (no /api/v1). */
        baseUrl: string;
        /** Projects to read; every project when absent. */
        projects?: string[];
        /**
         * Bearer token for a registry server with OIDC auth.
         * @visibility secret
         */
        token?: string;
        /** Views asked for a page (the server allows at most 100). @default 100 */
        pageSize?: number;
        /** @default 15000 */
        requestTimeoutMs?: number;
        /** Attempts per request for network errors, 5xx and 429. @default 4 */
        attempts?: number;
        /** @default 60 */
        maxRetryAfterSeconds?: number;
        /** How often the backend reads this registry. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        discovery?: {
          /**
           * Create Feature entities for feature views no catalog-info.yaml
           * declares (`spec.registry.feast`); views without an owner (the
           * view's `owner`, else its `owner` tag) are not discovered.
           * @default false
           */
          enabled?: boolean;
          /**
           * How often discovery runs.
           * @default { frequency: { minutes: 10 }, timeout: { minutes: 10 }, initialDelay: { seconds: 15 } }
           */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      }>;
    };
    /**
     * Git repositories on the portal's machine, for the embedded default
     * without GitHub: `ml:publish:local` creates them and the `ml` backend
     * serves their committed files at /api/ml/repositories/NAME/blob/REF/PATH
     * so the catalog can read catalog-info.yaml. The route needs no sign-in
     * (the catalog's URL reader sends none): leave this unset in production
     * and publish with publish:github or publish:gitlab instead.
     */
    localRepositories?: {
      /** Directory of the bare repositories, relative to the backend's working directory. */
      directory: string;
    };
  };
}
