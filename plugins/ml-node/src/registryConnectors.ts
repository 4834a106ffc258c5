import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type {
  RegistryMetricPoint,
  RegistryModel,
} from '@ml-marketplace/plugin-ml-common';

/** A registered model the connector could not read; the rest of the sync goes on. */
export interface MlRegistrySkip {
  model: string;
  reason: string;
}

/** Everything one read of a registry returned. */
export interface MlRegistryReadResult {
  models: RegistryModel[];
  /** Models left out because they could not be read; their last synced data stays. */
  skipped: MlRegistrySkip[];
  /**
   * False when the listing may be incomplete (e.g. the registry repeated a page
   * token): models missing from it must not be taken as deleted.
   */
  complete: boolean;
  /** Oddities worth a log line that did not stop the read. */
  warnings: string[];
}

/**
 * A connection to an ML registry (MLflow first). The ML backend reads every
 * registered model through it on a schedule and keeps the last good answer:
 * `readAll` throws {@link MlRegistryError} when the registry as a whole cannot
 * be read, and nothing stored changes then.
 */
export interface MlRegistryConnector {
  /** Stable id, unique across configured registries; Model entities name it in `spec.registry.mlflow.instance`. */
  readonly id: string;
  /** Registry type, e.g. `mlflow`. */
  readonly type: string;
  /** Where the registry is, without credentials, for status pages. */
  readonly location?: string;
  /** How often to sync; the backend's default when absent. */
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;
  readAll(options: { signal: AbortSignal }): Promise<MlRegistryReadResult>;
  /**
   * Whether a registered model of this name exists now (not as last synced),
   * for a form checking a new name; optional. Throws {@link MlRegistryError}
   * when the registry cannot say.
   */
  hasModel?(name: string, options: { signal: AbortSignal }): Promise<boolean>;
  /** Every logged value of one metric of one run, by step; optional. */
  metricHistory?(
    runId: string,
    metric: string,
    options: { signal: AbortSignal },
  ): Promise<RegistryMetricPoint[]>;
}

/** Why a registry could not be read. */
export type MlRegistryErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'rate-limited'
  | 'server'
  | 'auth'
  | 'not-found'
  | 'bad-request'
  | 'malformed'
  | 'aborted';

/** A registry answer that stops a read, with a message that says what to do. */
export class MlRegistryError extends Error {
  readonly name = 'MlRegistryError';
  constructor(
    readonly kind: MlRegistryErrorKind,
    message: string,
    readonly status?: number,
    /** The registry's own error code, e.g. MLflow's RESOURCE_ALREADY_EXISTS. */
    readonly code?: string,
  ) {
    super(message);
  }
}
