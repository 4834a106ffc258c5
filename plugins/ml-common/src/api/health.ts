import { z } from 'zod';
import { entityRefParam, wholeNumberParam } from './queryParams';

export type HealthStatus = 'pass' | 'warn' | 'fail';

/** Query of `GET /health-checks` and `POST /health-checks/run`. */
export const healthQuerySchema = z.object({
  entityRef: entityRefParam('model:default/churn-model'),
});

/** The latest result of one check on one entity. */
export interface HealthCheckResultView {
  checkId: string;
  title: string;
  status: HealthStatus;
  message: string;
  fixHint?: string;
  /** Since when the check has said this (ISO time). */
  since: string;
}

/** A change in one check's status, newest first in history lists. */
export interface HealthHistoryEntry {
  checkId: string;
  status: HealthStatus;
  message: string;
  at: string;
}

/** Answer of `GET /health-checks?entityRef=`. */
export interface EntityHealth {
  entityRef: string;
  /** Worst status over the checks, or undefined before the first sweep saw the entity. */
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
  byCheck: Array<{
    checkId: string;
    title: string;
    pass: number;
    warn: number;
    fail: number;
  }>;
  /** Failing assets, worst first, at most 100. */
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
