import { z } from 'zod';
import { entityRefParam, wholeNumberParam } from './queryParams';

export type HealthStatus = 'pass' | 'warn' | 'fail';

/**
 * What a finding means for whoever wants to use the asset: `error`, it is
 * broken or unsafe to use (refs that do not resolve, a failing serving
 * endpoint, stale data, restricted data feeding a less restricted asset);
 * `warning`, it should be fixed soon; `advice`, documentation and hygiene
 * (licence, card completeness). Operators may change a check's severity
 * (`ml.healthChecks.severity`).
 */
export type HealthSeverity = 'error' | 'warning' | 'advice';

export const HEALTH_SEVERITIES: readonly HealthSeverity[] = [
  'error',
  'warning',
  'advice',
];

/**
 * What a check's result counts as for the asset: only an `error` makes it
 * failing, a `warning` at most warns, and `advice` never changes it.
 */
export function effectiveHealthStatus(
  status: HealthStatus,
  severity: HealthSeverity,
): HealthStatus {
  if (status === 'pass' || severity === 'advice') return 'pass';
  if (severity === 'warning') return 'warn';
  return status;
}

/** Query of `GET /health-checks` and `POST /health-checks/run`. */
export const healthQuerySchema = z.object({
  entityRef: entityRefParam('model:default/churn-model'),
});

/** The latest result of one check on one entity. */
export interface HealthCheckResultView {
  checkId: string;
  title: string;
  /** What the check found, before its severity is applied. */
  status: HealthStatus;
  /** What a finding of this check means (see effectiveHealthStatus). */
  severity: HealthSeverity;
  message: string;
  fixHint?: string;
  /** Since when the check has said this (ISO time). */
  since: string;
}

/** A change in one check's status, newest first in history lists. */
export interface HealthHistoryEntry {
  checkId: string;
  status: HealthStatus;
  severity: HealthSeverity;
  message: string;
  at: string;
}

/** Answer of `GET /health-checks?entityRef=`. */
export interface EntityHealth {
  entityRef: string;
  /**
   * Worst status over the checks with their severities applied (advice never
   * counts, a warning at most warns), or undefined before the first sweep saw
   * the entity.
   */
  status?: HealthStatus;
  /** When the checks last ran on this entity (ISO time). */
  checkedAt?: string;
  results: HealthCheckResultView[];
  history: HealthHistoryEntry[];
}

/** Answer of `GET /health-checks/summary`, over the assets the caller may read. */
export interface HealthSummary {
  /** When the last full sweep finished (ISO time). */
  lastSweepAt?: string;
  assets: number;
  byStatus: Record<HealthStatus, number>;
  /** Raw results per check, with the check's severity. */
  byCheck: Array<{
    checkId: string;
    title: string;
    severity: HealthSeverity;
    pass: number;
    warn: number;
    fail: number;
  }>;
  /** Failing assets (an error-level finding), worst first, at most 100. */
  failing: Array<{ entityRef: string; failed: string[] }>;
}

/** Query of `GET /health-checks/sweeps`. */
export const sweepsQuerySchema = z.object({
  limit: wholeNumberParam('limit', { max: 500, default: 20 }),
});

/** One row of the sweep log, newest first. */
export interface HealthSweep {
  id: number;
  /** The backend replica that ran it. */
  instance: string;
  trigger: 'schedule' | 'manual';
  startedAt: string;
  finishedAt?: string;
  outcome?: 'done' | 'aborted' | 'failed';
  assets: number;
  /** Entities whose results changed and were written. */
  written: number;
  errors: number;
}
