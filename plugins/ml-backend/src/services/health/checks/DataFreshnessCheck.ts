import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_OPENLINEAGE_DATASET,
  isoDurationInWords,
  isoDurationMs,
} from '@ml-marketplace/plugin-ml-common';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import type { DatasetWriteRow } from '../../../database/LineageStore';
import { kindIs } from './isMlEntity';

/** A run may be this much later than the declared freshness before the data counts as stale. */
export const FRESHNESS_TOLERANCE = 0.25;

/** `2026-12-05 04:00 UTC`. */
const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Runtime freshness of a Dataset: when a completed OpenLineage run last
 * wrote it (its `ml-marketplace.io/openlineage-dataset` identity among the
 * run's outputs) against its declared `spec.freshness`. Data older than its
 * freshness (plus a quarter, for a run that is merely late) is an error:
 * whoever reads it gets stale data. A dataset no run has reported is "not
 * observed", advice: nothing says it is broken.
 */
export class DataFreshnessCheck implements MlHealthCheck {
  readonly id = 'data-freshness';
  /** Stale data is wrong data for whoever reads it. */
  readonly severity = 'error' as const;
  readonly title = 'Data fresh';
  readonly description =
    'The last completed OpenLineage run writing the dataset is within its spec.freshness.';

  /**
   * @param writesAt the writes reported over OpenLineage, by dataset key, as
   *   of a sweep (see perSweep).
   */
  constructor(
    private readonly writesAt: (
      now: Date,
    ) => Promise<Map<string, DatasetWriteRow>>,
  ) {}

  appliesTo(entity: Entity): boolean {
    return (
      kindIs(entity, 'Dataset') &&
      typeof entity.spec?.freshness === 'string' &&
      entity.spec.lifecycle !== 'deprecated'
    );
  }

  async run(
    entity: Entity,
    { now }: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult> {
    const freshness = String(entity.spec?.freshness);
    const allowedMs = isoDurationMs(freshness);
    // "every day", "every 15 minutes": words, not ISO 8601, in messages.
    const every = `every ${isoDurationInWords(freshness).replace(/^1 /, '')}`;
    if (!allowedMs) {
      return {
        status: 'warn',
        severity: 'advice',
        message: `Not observed: spec.freshness "${freshness}" is not an ISO 8601 duration.`,
        fixHint: 'Write it like P1D (a day), PT1H (an hour) or PT15M.',
      };
    }
    const identity =
      entity.metadata.annotations?.[ANNOTATION_OPENLINEAGE_DATASET];
    if (!identity) {
      return {
        status: 'warn',
        severity: 'advice',
        message: `Not observed: the dataset declares no OpenLineage identity, so the runs that write it cannot be matched and its freshness (${every}) is not checked.`,
        fixHint: `Add the annotation ${ANNOTATION_OPENLINEAGE_DATASET}: <namespace>/<name>, as the jobs that write it name it in their OpenLineage events.`,
      };
    }
    const write = (await this.writesAt(now)).get(identity);
    if (!write) {
      return {
        status: 'warn',
        severity: 'advice',
        message: `Not observed: no completed OpenLineage run has reported writing ${identity} yet, so its freshness (${every}) is not checked.`,
        fixHint:
          'Send OpenLineage events from the job that writes it to POST /api/ml/openlineage (see the ml backend README).',
      };
    }
    const age = now.getTime() - Date.parse(write.written_at);
    // Messages name times, not ages, so a result stays the same from one
    // sweep to the next and costs no write.
    if (age <= allowedMs * (1 + FRESHNESS_TOLERANCE)) {
      return {
        status: 'pass',
        message: `Written by job ${write.job} within its freshness (${every}).`,
      };
    }
    return {
      status: 'fail',
      message: `Stale: last written ${utc(write.written_at)} by job ${
        write.job
      }; it should be written ${every}.`,
      fixHint: `Check the job ${
        write.job
      }: its recent runs failed, did not complete, or no longer write ${identity}. Readers get data from ${utc(
        write.written_at,
      )} until it runs again.`,
    };
  }
}
