import type { Entity } from '@backstage/catalog-model';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';

export interface CheckRun extends MlHealthCheckResult {
  checkId: string;
}

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
      runs.push({
        checkId: check.id,
        status: result.status,
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

function crashed(check: MlHealthCheck, error: unknown): CheckRun {
  return {
    checkId: check.id,
    status: 'fail',
    message: `The check "${check.title}" could not run: ${
      error instanceof Error ? error.message : String(error)
    }`,
    fixHint:
      'This is a problem of the check, not of your entity; tell the portal team.',
  };
}

export function worstStatus(
  runs: Array<{ status: 'pass' | 'warn' | 'fail' }>,
): 'pass' | 'warn' | 'fail' | null {
  if (!runs.length) return null;
  if (runs.some(r => r.status === 'fail')) return 'fail';
  if (runs.some(r => r.status === 'warn')) return 'warn';
  return 'pass';
}
