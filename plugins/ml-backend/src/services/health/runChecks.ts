import type { Entity } from '@backstage/catalog-model';
import {
  HEALTH_SEVERITIES,
  effectiveHealthStatus,
  type HealthSeverity,
  type HealthStatus,
} from '@ml-marketplace/plugin-ml-common';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';

export interface CheckRun extends MlHealthCheckResult {
  checkId: string;
  severity: HealthSeverity;
}

/** Operators' severities by check id (`ml.healthChecks.severity`). */
export type SeverityOverrides = Readonly<Record<string, HealthSeverity>>;

/** No check may hold a sweep for longer than this, whatever it waits on. */
const CHECK_TIMEOUT_MS = 30_000;

/**
 * Runs every applicable check on one entity. A check that throws, times out
 * or answers nonsense is recorded as failing for this entity only, with the
 * reason, so the owner and the check's author both see it.
 */
export async function runChecks(
  entity: Entity,
  checks: MlHealthCheck[],
  context: MlHealthCheckContext,
  severities: SeverityOverrides = {},
): Promise<CheckRun[]> {
  const runs: CheckRun[] = [];
  for (const check of checks) {
    if (context.signal.aborted) throw new Error('Health check run aborted');
    let applies: boolean;
    try {
      applies = check.appliesTo(entity);
    } catch (error) {
      runs.push(crashed(check, error));
      continue;
    }
    if (!applies) continue;
    try {
      const result = await withTimeout(check.run(entity, context));
      if (!['pass', 'warn', 'fail'].includes(result?.status)) {
        throw new Error(
          `returned status ${JSON.stringify(
            result?.status,
          )}, not pass, warn or fail`,
        );
      }
      if (
        result.severity !== undefined &&
        !HEALTH_SEVERITIES.includes(result.severity)
      ) {
        throw new Error(
          `returned severity ${JSON.stringify(
            result.severity,
          )}, not error, warning or advice`,
        );
      }
      runs.push({
        checkId: check.id,
        status: result.status,
        severity:
          severities[check.id] ?? result.severity ?? check.severity ?? 'error',
        message: String(result.message ?? ''),
        ...(result.fixHint && { fixHint: String(result.fixHint) }),
      });
    } catch (error) {
      if (context.signal.aborted) throw error;
      runs.push(crashed(check, error));
    }
  }
  return runs;
}

/**
 * Gives up on a check after CHECK_TIMEOUT_MS. A plain timer, not an abort
 * signal per check: a sweep runs tens of thousands of checks, and checks that
 * wait on the network (the serving check) carry their own shorter timeout.
 */
async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A check that could not run says nothing about the entity: it warns (the
 * owner and the portal team see it) but never makes the asset failing.
 */
function crashed(check: MlHealthCheck, error: unknown): CheckRun {
  return {
    checkId: check.id,
    status: 'fail',
    severity: 'warning',
    message: `The check "${check.title}" could not run: ${
      error instanceof Error ? error.message : String(error)
    }`,
    fixHint:
      'This is a problem of the check, not of your entity; tell the portal team.',
  };
}

/** The asset's status: the worst of its results with their severities applied. */
export function worstStatus(
  runs: Array<{ status: HealthStatus; severity: HealthSeverity }>,
): HealthStatus | null {
  if (!runs.length) return null;
  const effective = runs.map(r => effectiveHealthStatus(r.status, r.severity));
  if (effective.includes('fail')) return 'fail';
  if (effective.includes('warn')) return 'warn';
  return 'pass';
}
