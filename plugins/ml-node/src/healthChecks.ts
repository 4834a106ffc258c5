import type { Entity } from '@backstage/catalog-model';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { HealthSeverity } from '@ml-marketplace/plugin-ml-common';

export type MlHealthStatus = 'pass' | 'warn' | 'fail';

/**
 * What a finding means: `error` (broken or unsafe to use), `warning` (fix
 * soon) or `advice` (documentation and hygiene; never makes an asset fail).
 */
export type MlHealthSeverity = HealthSeverity;

/** The outcome of one check on one entity. */
export interface MlHealthCheckResult {
  status: MlHealthStatus;
  /** What was found, for the owner. */
  message: string;
  /** How to fix it, when the check knows. */
  fixHint?: string;
  /**
   * This finding's severity when it differs from the check's (a missing
   * reference is an error, a deprecated one a warning). Operators'
   * `ml.healthChecks.severity` still wins.
   */
  severity?: MlHealthSeverity;
}

/** What a check may know about another catalog entity. */
export interface MlEntitySummary {
  /** Lower-case entity ref, e.g. `dataset:default/customers`. */
  ref: string;
  kind: string;
  title?: string;
  /** Owner ref from the entity's `ownedBy` relation. */
  owner?: string;
  lifecycle?: string;
  /** `spec.classification` of ML entities: public, internal, confidential or restricted. */
  classification?: string;
  /** `spec.location` of Datasets: where the data lives, e.g. s3://lake/customers. */
  location?: string;
}

export interface MlHealthCheckContext {
  logger: LoggerService;
  /** Aborted when the run is cancelled or the backend stops; long checks must honour it. */
  signal: AbortSignal;
  /** When the sweep began. Checks use it instead of the clock so one sweep judges all entities alike. */
  now: Date;
  /**
   * Every catalog entity as it stood when the sweep began, by ref (any case).
   * Lets checks follow references without a catalog request per entity.
   */
  catalog: { get(ref: string): MlEntitySummary | undefined };
  /**
   * When the entity last changed as far as the marketplace knows: its spec
   * (a new evaluation, a new version) as first seen by the sweep.
   */
  lastUpdatedAt: Date;
}

/**
 * A health check over ML entities. Built-in checks and adopters' own checks share
 * this interface; each is a small class registered through
 * `mlHealthChecksExtensionPoint`. A check that throws is recorded as failing
 * for that entity alone; the sweep goes on.
 */
export interface MlHealthCheck {
  /** Stable id, stored with results (e.g. `card-completeness`). */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  /**
   * What a failure of this check means; `error` when not given. Operators
   * may change it per check id in `ml.healthChecks.severity`.
   */
  readonly severity?: MlHealthSeverity;
  /** Whether the check has anything to say about this entity. */
  appliesTo(entity: Entity): boolean;
  run(
    entity: Entity,
    context: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult>;
}
