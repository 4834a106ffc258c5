import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  effectiveHealthStatus,
  type EntityHealth,
  type HealthSeverity,
  type HealthStatus,
  type HealthSweep,
  type HealthSummary,
} from '@ml-marketplace/plugin-ml-common';
import type { IdRegistry, MlHealthCheck } from '@ml-marketplace/plugin-ml-node';
import type { HealthStore } from '../../database/HealthStore';
import type { ReadableEntities } from '../access/ReadableEntities';

const HISTORY_LIMIT = 50;
const SEVERITY_RANK: Record<HealthSeverity, number> = {
  error: 0,
  warning: 1,
  advice: 2,
};
const FAILING_LIMIT = 100;

/** Read side of the health checks: one entity's results, and the summary. */
export class HealthQueries {
  constructor(
    private readonly options: {
      store: HealthStore;
      checks: IdRegistry<MlHealthCheck>;
      readable: ReadableEntities;
    },
  ) {}

  private title(checkId: string): string {
    return (
      this.options.checks.list().find(c => c.id === checkId)?.title ?? checkId
    );
  }

  /** Results of one entity the caller may read. */
  async entity(ref: string): Promise<EntityHealth> {
    const { store } = this.options;
    const asset = (await store.assets([ref])).get(ref);
    const results = (await store.results([ref])).get(ref) ?? [];
    const sweep = await store.lastCompleteSweep();
    // A complete sweep checked every entity it found, even when nothing changed.
    const checkedAt =
      asset &&
      sweep &&
      sweep.started_at >= asset.first_seen_at &&
      sweep.started_at > asset.checked_at
        ? sweep.started_at
        : asset?.checked_at;
    return {
      entityRef: ref,
      ...(asset?.status && { status: asset.status }),
      ...(checkedAt && { checkedAt }),
      results: results
        .map(r => ({
          checkId: r.check_id,
          title: this.title(r.check_id),
          status: r.status,
          severity: r.severity,
          message: r.message,
          ...(r.fix_hint && { fixHint: r.fix_hint }),
          since: r.since,
        }))
        .sort((a, b) => a.checkId.localeCompare(b.checkId)),
      history: (await store.history(ref, HISTORY_LIMIT)).map(h => ({
        checkId: h.check_id,
        status: h.status,
        severity: h.severity,
        message: h.message,
        at: h.at,
      })),
    };
  }

  async sweeps(limit: number): Promise<HealthSweep[]> {
    return (await this.options.store.sweeps(limit)).map(s => ({
      id: Number(s.id),
      instance: s.instance,
      trigger: s.trigger as HealthSweep['trigger'],
      startedAt: s.started_at,
      ...(s.finished_at && { finishedAt: s.finished_at }),
      ...(s.outcome && { outcome: s.outcome as HealthSweep['outcome'] }),
      assets: s.assets,
      written: s.written,
      errors: s.errors,
    }));
  }

  async summary(credentials: BackstageCredentials): Promise<HealthSummary> {
    const { store, readable } = this.options;
    const assets = await store.assets();
    const visible = await readable.filter([...assets.keys()], credentials);
    const results = await store.results();
    const byStatus: Record<HealthStatus, number> = {
      pass: 0,
      warn: 0,
      fail: 0,
    };
    const byCheck = new Map<
      string,
      Record<HealthStatus, number> & { severity: HealthSeverity }
    >();
    const failing: HealthSummary['failing'] = [];
    for (const ref of visible) {
      const asset = assets.get(ref)!;
      if (asset.status) byStatus[asset.status]++;
      const rows = results.get(ref) ?? [];
      for (const row of rows) {
        const counts = byCheck.get(row.check_id) ?? {
          severity: row.severity,
          pass: 0,
          warn: 0,
          fail: 0,
        };
        // A check's severity is the gravest its findings have: a freshness
        // check that says "not observed" (advice) for most is still an error
        // where the data is stale.
        if (SEVERITY_RANK[row.severity] < SEVERITY_RANK[counts.severity]) {
          counts.severity = row.severity;
        }
        counts[row.status]++;
        byCheck.set(row.check_id, counts);
      }
      // Failing for users: error-level findings only.
      const failed = rows
        .filter(r => effectiveHealthStatus(r.status, r.severity) === 'fail')
        .map(r => r.check_id);
      if (failed.length)
        failing.push({ entityRef: ref, failed: failed.sort() });
    }
    failing.sort(
      (a, b) =>
        b.failed.length - a.failed.length ||
        a.entityRef.localeCompare(b.entityRef),
    );
    const sweep = await store.lastCompleteSweep();
    return {
      ...(sweep?.finished_at && { lastSweepAt: sweep.finished_at }),
      assets: visible.size,
      byStatus,
      byCheck: [...byCheck.entries()]
        .map(([checkId, counts]) => ({
          checkId,
          title: this.title(checkId),
          ...counts,
        }))
        .sort((a, b) => a.checkId.localeCompare(b.checkId)),
      failing: failing.slice(0, FAILING_LIMIT),
    };
  }
}
