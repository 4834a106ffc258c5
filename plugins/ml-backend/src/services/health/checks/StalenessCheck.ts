import type { Entity } from '@backstage/catalog-model';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import { kindIs } from './isMlEntity';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Models and features that nobody has retrained or re-evaluated in months are
 * risky to reuse. Datasets are left out: their freshness is about the data,
 * not the YAML; deprecated assets are expected to stand still.
 */
export class StalenessCheck implements MlHealthCheck {
  readonly id = 'staleness';
  /** Nothing has changed for months: likely drifting, not yet broken. */
  readonly severity = 'warning' as const;
  readonly title = 'Recently updated';
  readonly description =
    'A new version or evaluation within the configured number of days.';

  constructor(
    private readonly options: { warnAfterDays: number; failAfterDays: number },
  ) {}

  appliesTo(entity: Entity): boolean {
    return (
      kindIs(entity, 'Model', 'Feature') &&
      entity.spec?.lifecycle !== 'deprecated'
    );
  }

  async run(
    _entity: Entity,
    { now, lastUpdatedAt }: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult> {
    const days = Math.floor((now.getTime() - lastUpdatedAt.getTime()) / DAY_MS);
    const since = lastUpdatedAt.toISOString().slice(0, 10);
    const { warnAfterDays, failAfterDays } = this.options;
    // Messages name dates, not day counts, so a result stays the same (and
    // costs no write) from one day's sweep to the next.
    if (days < warnAfterDays) {
      return {
        status: 'pass',
        message: `Last updated ${since}, within ${warnAfterDays} days.`,
      };
    }
    const failing = days >= failAfterDays;
    return {
      status: failing ? 'fail' : 'warn',
      message: `No new version or evaluation since ${since}: ${
        failing ? failAfterDays : warnAfterDays
      } days or more${
        failing ? '' : `; after ${failAfterDays} the check fails`
      }.`,
      fixHint:
        'Retrain or re-evaluate and record the results in spec.evaluation (or register a new version), or set lifecycle: deprecated.',
    };
  }
}
