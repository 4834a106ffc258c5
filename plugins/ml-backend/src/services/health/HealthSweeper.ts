import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { isMlKind } from '@ml-marketplace/plugin-ml-common';
import type { IdRegistry, MlHealthCheck } from '@ml-marketplace/plugin-ml-node';
import type {
  AssetChange,
  AssetRow,
  HealthStore,
  ResultRow,
} from '../../database/HealthStore';
import type { CertificationService } from '../certification/CertificationService';
import { entityRefOf } from '../entityRefs';
import { CatalogSnapshot } from './CatalogSnapshot';
import { declaredRefs } from './checks/declaredRefs';
import { contentHash, hashOf } from './hashing';
import {
  CheckRun,
  runChecks,
  worstStatus,
  type SeverityOverrides,
} from './runChecks';

export interface SweepStats {
  assets: number;
  /** Entities whose results or spec changed and were written. */
  written: number;
  /** Certificates written (raised, renewed, downgraded or new evidence). */
  certificates: number;
  removed: number;
  errors: number;
}

export interface HealthSweeperOptions {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  checks: IdRegistry<MlHealthCheck>;
  store: HealthStore;
  certification: CertificationService;
  /** Names this backend in the sweep log, to tell replicas apart. */
  instance: string;
  /** Entities checked at once; checks that call out (serving endpoints) wait in parallel. */
  concurrency?: number;
  /** Operators' severities by check id (`ml.healthChecks.severity`). */
  severities?: SeverityOverrides;
  /**
   * Told what each sweep or re-check saw, after it was stored (notifications).
   * A failure is logged and never fails the sweep.
   */
  afterChecks?: (outcome: {
    assets: Array<{ entity: Entity; runs: CheckRun[] }>;
    complete: boolean;
    gone: string[];
    now: Date;
  }) => Promise<unknown>;
  clock?: () => Date;
}

/**
 * Runs the health checks over every ML entity and records what changed.
 * The catalog is read once per sweep; results, history and certificates are
 * written only for entities whose results or spec changed, so an unchanged
 * catalog costs no writes but the sweep's own log row.
 */
export class HealthSweeper {
  private readonly clock: () => Date;

  constructor(private readonly options: HealthSweeperOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async sweep(signal: AbortSignal): Promise<SweepStats> {
    const { catalog, auth, store, logger, instance } = this.options;
    const now = this.clock();
    const sweepId = await store.startSweep(
      instance,
      'schedule',
      now.toISOString(),
    );
    const stats: SweepStats = {
      assets: 0,
      written: 0,
      certificates: 0,
      removed: 0,
      errors: 0,
    };
    let outcome = 'failed';
    try {
      const credentials = await auth.getOwnServiceCredentials();
      const snapshot = new CatalogSnapshot();
      const entities: Entity[] = [];
      for await (const page of catalog.streamEntities({}, { credentials })) {
        if (signal.aborted) throw new Error('Health sweep aborted');
        for (const entity of page) {
          snapshot.add(entity);
          if (isMlKind(entity.kind)) entities.push(entity);
        }
      }
      stats.assets = entities.length;
      const assets = await store.assets();
      const results = await store.results();
      const checked = await this.checkAll(
        entities,
        snapshot,
        assets,
        results,
        now,
        signal,
        stats,
      );

      const seen = new Set(entities.map(entityRefOf));
      const gone = [...assets.keys()].filter(ref => !seen.has(ref));
      // An empty catalog answer is far likelier a fault than every ML asset deleted.
      const complete = !(gone.length && !entities.length);
      if (!complete) {
        logger.warn(
          `Health sweep saw no ML entities but ${gone.length} are recorded; keeping their results`,
        );
      } else {
        await store.remove(gone);
        stats.removed = gone.length;
      }
      await this.tell({
        assets: checked,
        complete,
        gone: complete ? gone : [],
        now,
      });
      outcome = 'done';
      return stats;
    } catch (error) {
      outcome = signal.aborted ? 'aborted' : 'failed';
      throw error;
    } finally {
      await store.finishSweep(sweepId, {
        finished_at: this.clock().toISOString(),
        outcome,
        assets: stats.assets,
        // Every row the sweep changed: results and certificates.
        written: stats.written + stats.certificates,
        errors: stats.errors,
      });
    }
  }

  /**
   * Re-runs the checks of one entity now, on the caller's request. The entity
   * is read with the caller's credentials, so nobody re-checks what they may
   * not see.
   */
  async checkOne(
    entityRef: string,
    credentials: BackstageCredentials,
    signal: AbortSignal,
  ): Promise<SweepStats> {
    const { catalog, auth, store } = this.options;
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${entityRef} in the catalog, or you may not read it`,
      );
    }
    if (!isMlKind(entity.kind)) {
      throw new InputError(
        `${entityRef} is a ${entity.kind}; health checks run on Models, Features and Datasets`,
      );
    }
    // Only what this entity refers to is needed to judge it.
    const related = [
      ...new Set([
        ...(entity.relations ?? []).map(r => r.targetRef),
        ...declaredRefs(entity).map(r => r.ref),
      ]),
    ];
    const snapshot = new CatalogSnapshot();
    snapshot.add(entity);
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: related },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    for (const item of items) if (item) snapshot.add(item);
    const ref = entityRefOf(entity);
    const stats: SweepStats = {
      assets: 1,
      written: 0,
      certificates: 0,
      removed: 0,
      errors: 0,
    };
    const now = this.clock();
    const sweepId = await store.startSweep(
      this.options.instance,
      'manual',
      now.toISOString(),
    );
    let outcome = 'failed';
    try {
      const checked = await this.checkAll(
        [entity],
        snapshot,
        await store.assets([ref]),
        await store.results([ref]),
        now,
        signal,
        stats,
      );
      await this.tell({ assets: checked, complete: false, gone: [], now });
      outcome = 'done';
    } finally {
      await store.finishSweep(sweepId, {
        finished_at: this.clock().toISOString(),
        outcome: signal.aborted ? 'aborted' : outcome,
        assets: 1,
        // Every row the sweep changed: results and certificates.
        written: stats.written + stats.certificates,
        errors: stats.errors,
      });
    }
    return stats;
  }

  private async tell(
    outcome: Parameters<NonNullable<HealthSweeperOptions['afterChecks']>>[0],
  ): Promise<void> {
    try {
      await this.options.afterChecks?.(outcome);
    } catch (error) {
      this.options.logger.warn(
        `Health sweep results were stored, but telling owners failed: ${error}`,
      );
    }
  }

  private async checkAll(
    entities: Entity[],
    snapshot: CatalogSnapshot,
    assets: Map<string, AssetRow>,
    stored: Map<string, ResultRow[]>,
    now: Date,
    signal: AbortSignal,
    stats: SweepStats,
  ): Promise<Array<{ entity: Entity; runs: CheckRun[] }>> {
    const { logger, checks, store, certification } = this.options;
    const checkList = checks.list();
    const changes: AssetChange[] = [];
    const outcomes: Array<{ entity: Entity; runs: CheckRun[] }> = [];
    const queue = entities.slice();

    const worker = async () => {
      for (let entity = queue.shift(); entity; entity = queue.shift()) {
        if (signal.aborted) throw new Error('Health sweep aborted');
        const ref = entityRefOf(entity);
        try {
          const asset = assets.get(ref);
          const specHash = contentHash(entity);
          const updatedAt =
            asset && asset.spec_hash === specHash
              ? asset.updated_at
              : now.toISOString();
          const runs = await runChecks(
            entity,
            checkList,
            {
              logger,
              signal,
              now,
              catalog: snapshot,
              lastUpdatedAt: new Date(updatedAt),
            },
            this.options.severities,
          );
          outcomes.push({ entity, runs });
          const change = diff(
            entity,
            ref,
            specHash,
            updatedAt,
            runs,
            asset,
            stored.get(ref) ?? [],
            now,
          );
          if (change) changes.push(change);
        } catch (error) {
          if (signal.aborted) throw error;
          // One entity must never stop the sweep; it is retried next time.
          stats.errors++;
          logger.warn(`Health checks of ${ref} failed: ${error}`);
        }
      }
    };
    await Promise.all(
      Array.from({ length: this.options.concurrency ?? 8 }, worker),
    );

    await store.write(changes);
    stats.written += changes.length;
    stats.certificates += await certification.reconcile(
      outcomes.map(o => ({
        entity: o.entity,
        results: o.runs.map(r => ({
          checkId: r.checkId,
          status: r.status,
          severity: r.severity,
          message: r.message,
        })),
      })),
      now,
    );
    return outcomes;
  }
}

/** The rows to write for one entity, or undefined when nothing changed. */
function diff(
  entity: Entity,
  ref: string,
  specHash: string,
  updatedAt: string,
  runs: CheckRun[],
  asset: AssetRow | undefined,
  previous: ResultRow[],
  now: Date,
): AssetChange | undefined {
  const sorted = [...runs].sort((a, b) => a.checkId.localeCompare(b.checkId));
  const resultsHash = hashOf(
    sorted.map(r => [
      r.checkId,
      r.status,
      r.severity,
      r.message,
      r.fixHint ?? null,
    ]),
  );
  if (
    asset &&
    asset.spec_hash === specHash &&
    asset.results_hash === resultsHash
  ) {
    return undefined;
  }
  const nowIso = now.toISOString();
  const before = new Map(previous.map(p => [p.check_id, p]));
  const results: ResultRow[] = [];
  const history: AssetChange['history'] = [];
  for (const run of sorted) {
    const old = before.get(run.checkId);
    const same =
      old &&
      old.status === run.status &&
      old.severity === run.severity &&
      old.message === run.message &&
      (old.fix_hint ?? undefined) === run.fixHint;
    results.push({
      entity_ref: ref,
      check_id: run.checkId,
      status: run.status,
      severity: run.severity,
      message: run.message,
      fix_hint: run.fixHint ?? null,
      since: same ? old.since : nowIso,
    });
    if (!same) {
      history.push({
        entity_ref: ref,
        check_id: run.checkId,
        status: run.status,
        severity: run.severity,
        message: run.message,
        at: nowIso,
      });
    }
  }
  return {
    asset: {
      ref,
      kind: entity.kind,
      lifecycle:
        typeof entity.spec?.lifecycle === 'string'
          ? entity.spec.lifecycle
          : null,
      spec_hash: specHash,
      first_seen_at: asset?.first_seen_at ?? nowIso,
      updated_at: updatedAt,
      status: worstStatus(runs),
      results_hash: resultsHash,
      checked_at: nowIso,
    },
    results,
    history,
  };
}
