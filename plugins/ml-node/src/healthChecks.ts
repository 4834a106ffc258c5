import type { Entity } from '@backstage/catalog-model';
import type { LoggerService } from '@backstage/backend-plugin-api';

export type MlHealthStatus = 'pass' | 'warn' | 'fail';

/** The outcome of one check on one entity. */
export interface MlHealthCheckResult {
  status: MlHealthStatus;
  /** What was found, for the owner. */
  message: string;
  /** How to fix it, when the check knows. */
  fixHint?: string;
}

export interface MlHealthCheckContext {
  logger: LoggerService;
  /** Aborted when the run is cancelled or the backend stops; long checks must honour it. */
  signal: AbortSignal;
}

/**
 * A health check over ML entities. Built-in checks and adopters' own checks share
 * this interface; each is a small class registered through
 * `mlHealthChecksExtensionPoint`.
 */
export interface MlHealthCheck {
  /** Stable id, stored with results (e.g. `card-completeness`). */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  /** Whether the check has anything to say about this entity. */
  appliesTo(entity: Entity): boolean;
  run(
    entity: Entity,
    context: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult>;
}
