import type { Entity } from '@backstage/catalog-model';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import { kindIs } from '../health/checks/isMlEntity';
import { differencesOf } from './differences';
import type { FeatureStoreQueries } from './FeatureStoreQueries';
import { freshnessOf } from './freshness';

const day = (iso: string) => iso.slice(0, 10);
/** `2026-12-05 04:00 UTC`: messages name times, not ages, so they stay put between sweeps. */
const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** `86400` -> "1 day", `5400` -> "90 minutes". */
export function secondsInWords(seconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, unit] of units) {
    if (seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}

/** The stored view a Feature names, or the result that says why there is none. */
async function storedView(
  queries: FeatureStoreQueries,
  entity: Entity,
): Promise<
  | {
      view: NonNullable<Awaited<ReturnType<FeatureStoreQueries['view']>>>;
      where: string;
      basis: string;
    }
  | { result: MlHealthCheckResult }
> {
  const resolved = queries.resolve(entity)!;
  if (!resolved.connector) {
    return {
      result: {
        status: 'fail',
        message: `${resolved.problem}.`,
        fixHint:
          'Set spec.registry.feast.instance to a configured Feast registry id, or configure the registry in app-config.',
      },
    };
  }
  const { id } = resolved.connector;
  const { project, featureView } = resolved.declared;
  const { lastRun, lastSuccess } = await queries.lastRuns(id);
  if (!lastSuccess) {
    return {
      result: {
        status: 'warn',
        severity: 'advice',
        message: `Not checked: Feast registry "${id}" has not been synced yet${
          lastRun?.error ? ` (${lastRun.error})` : ''
        }.`,
        fixHint:
          'See GET /api/ml/registry/status; the check judges once a sync succeeds.',
      },
    };
  }
  const basis =
    lastRun?.status === 'failed'
      ? ` (as synced on ${day(
          lastSuccess.startedAt,
        )}; the latest sync of "${id}" failed)`
      : '';
  const view = await queries.view(id, project, featureView);
  if (!view) {
    return {
      result: {
        status: 'fail',
        message: `Feature view "${featureView}" does not exist in project "${project}" of Feast registry "${id}"${basis}.`,
        fixHint:
          'Correct spec.registry.feast (project and featureView are case-sensitive), or apply the view with feast apply.',
      },
    };
  }
  return { view, where: `"${featureView}" in Feast registry "${id}"`, basis };
}

/**
 * Does the Feature entity still say what the feature store holds? The view
 * exists and was not removed, and the declared features, types, join keys
 * and online store match the view's. Judged on the last good sync.
 */
export class FeatureStoreDriftCheck implements MlHealthCheck {
  readonly id = 'feature-store-drift';
  /** A view that is gone breaks every reader; differences are warnings per finding. */
  readonly severity = 'error' as const;
  readonly title = 'Catalog matches the feature store';
  readonly description =
    'The feature view a Feature names exists in the feature store, and its features, types, join keys and online store match what the entity declares.';

  constructor(private readonly queries: FeatureStoreQueries) {}

  appliesTo(entity: Entity): boolean {
    return (
      kindIs(entity, 'Feature') &&
      this.queries.configured().length > 0 &&
      this.queries.resolve(entity) !== undefined
    );
  }

  async run(entity: Entity): Promise<MlHealthCheckResult> {
    const found = await storedView(this.queries, entity);
    if ('result' in found) return found.result;
    const { view, where, basis } = found;
    if (view.deletedAt) {
      const production = entity.spec?.lifecycle === 'production';
      return {
        status: production ? 'fail' : 'warn',
        ...(!production && { severity: 'warning' as const }),
        message: `Feature view ${where} was removed from the store (missing since ${day(
          view.deletedAt,
        )}) but the entity is ${String(
          entity.spec?.lifecycle ?? 'not deprecated',
        )}${basis}.`,
        fixHint:
          'Deprecate the Feature with a successor, or apply the view again with feast apply.',
      };
    }
    const differences = differencesOf(entity, view.value);
    if (!differences.length) {
      return {
        status: 'pass',
        message: `Matches feature view ${where}${basis}.`,
      };
    }
    return {
      status: 'warn',
      severity: 'warning',
      message: `${differences.map(d => d.message).join(' ')}${basis}`,
      fixHint:
        'Update spec.features, spec.entities and spec.store to what the view holds, or change the view and run feast apply.',
    };
  }
}

/**
 * Are the online values fresh? The end of the view's latest materialization
 * against its TTL (else the Feature's `ttl`): past it, online reads return
 * expired or missing values.
 */
export class FeatureFreshnessCheck implements MlHealthCheck {
  readonly id = 'feature-freshness';
  /** Expired online values are wrong answers for whoever serves from them. */
  readonly severity = 'error' as const;
  readonly title = 'Online features fresh';
  readonly description =
    "The feature view's latest materialization is within its TTL (or the Feature's spec.ttl), so online reads return current values.";

  constructor(private readonly queries: FeatureStoreQueries) {}

  appliesTo(entity: Entity): boolean {
    return (
      kindIs(entity, 'Feature') &&
      entity.spec?.lifecycle !== 'deprecated' &&
      this.queries.configured().length > 0 &&
      this.queries.resolve(entity)?.connector !== undefined
    );
  }

  async run(
    entity: Entity,
    { now }: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult> {
    const found = await storedView(this.queries, entity);
    if ('result' in found) {
      // The drift check reports a missing view; here it is only "not checked".
      return found.result.status === 'fail'
        ? { ...found.result, status: 'warn', severity: 'advice' }
        : found.result;
    }
    const { view, where } = found;
    const ttl = entity.spec?.ttl;
    const freshness = freshnessOf(
      view.value,
      typeof ttl === 'string' ? ttl : undefined,
      now,
    );
    const limit =
      freshness.limitSeconds !== undefined
        ? `${secondsInWords(freshness.limitSeconds)} (${freshness.limitFrom})`
        : '';
    switch (freshness.status) {
      case 'fresh':
        return {
          status: 'pass',
          message: `Materialized up to ${utc(
            freshness.materializedUntil!,
          )}, within its TTL of ${limit}.`,
        };
      case 'stale':
        return {
          status: 'fail',
          message: `Stale: ${where} was last materialized up to ${utc(
            freshness.materializedUntil!,
          )}; values older than ${limit} have expired, so online reads miss them.`,
          fixHint:
            'Run feast materialize-incremental (or fix the job that runs it) for this view.',
        };
      case 'never':
        return {
          status: 'warn',
          severity: 'warning',
          message: `${where} is served online but has never been materialized, so online reads return nothing.`,
          fixHint: 'Run feast materialize-incremental for this view.',
        };
      default:
        return view.value.online
          ? {
              status: 'warn',
              severity: 'advice',
              message: `Not checked: ${where} has no TTL and the Feature declares no spec.ttl, so there is no limit to judge its materialization (up to ${utc(
                freshness.materializedUntil!,
              )}) against.`,
              fixHint:
                'Set a ttl on the feature view, or spec.ttl on the Feature (e.g. P1D).',
            }
          : {
              status: 'pass',
              message: `${where} is offline only: nothing is materialized to go stale.`,
            };
    }
  }
}
