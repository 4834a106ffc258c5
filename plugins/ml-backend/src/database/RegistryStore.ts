import type { Knex } from 'knex';
import type {
  RegistryModel,
  RegistrySyncRun,
  RegistrySyncStatus,
} from '@ml-marketplace/plugin-ml-common';
import { chunks } from './chunks';

interface ModelRow {
  registry_id: string;
  name: string;
  snapshot: string;
  hash: string;
  first_seen_at: string;
  changed_at: string;
  deleted_at: string | null;
}

interface RunRow {
  id: number | string;
  registry_id: string;
  trigger: string;
  replica: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  models_seen: number;
  models_written: number;
  models_skipped: number;
  models_deleted: number;
  skipped: string | null;
}

/** A registered model as stored, with when the sync saw it. */
export interface StoredRegistryModel {
  registryId: string;
  model: RegistryModel;
  firstSeenAt: string;
  changedAt: string;
  deletedAt?: string;
}

/** What applying one read changed. */
export interface ApplyResult {
  written: number;
  deleted: number;
}

const toRun = (row: RunRow): RegistrySyncRun => ({
  id: Number(row.id),
  registryId: row.registry_id,
  trigger: row.trigger === 'manual' ? 'manual' : 'scheduled',
  status: row.status as RegistrySyncStatus,
  startedAt: row.started_at,
  ...(row.finished_at && { finishedAt: row.finished_at }),
  ...(row.error && { error: row.error }),
  modelsSeen: Number(row.models_seen),
  modelsWritten: Number(row.models_written),
  modelsSkipped: Number(row.models_skipped),
  modelsDeleted: Number(row.models_deleted),
  skipped: row.skipped ? JSON.parse(row.skipped) : [],
});

const toModel = (row: ModelRow): StoredRegistryModel => ({
  registryId: row.registry_id,
  model: JSON.parse(row.snapshot),
  firstSeenAt: row.first_seen_at,
  changedAt: row.changed_at,
  ...(row.deleted_at && { deletedAt: row.deleted_at }),
});

/** Key of a model in maps over several registries. */
export const registryKey = (registryId: string, name: string) =>
  `${registryId}\u0000${name}`;

/** The last good copy of each registry and the log of its syncs. */
export class RegistryStore {
  constructor(private readonly db: Knex) {}

  /** Hash and deletion mark of every stored model of a registry. */
  async hashes(
    registryId: string,
  ): Promise<Map<string, { hash: string; deleted: boolean }>> {
    const rows: Array<Pick<ModelRow, 'name' | 'hash' | 'deleted_at'>> =
      await this.db('ml_registry_models')
        .where({ registry_id: registryId })
        .select('name', 'hash', 'deleted_at');
    return new Map(
      rows.map(r => [r.name, { hash: r.hash, deleted: Boolean(r.deleted_at) }]),
    );
  }

  /**
   * Writes the models whose hash changed (or that come back after a deletion)
   * and marks `gone` as deleted. Unchanged models are not touched.
   */
  async apply(
    registryId: string,
    changed: Array<{ model: RegistryModel; hash: string; isNew: boolean }>,
    gone: string[],
    now: string,
  ): Promise<ApplyResult> {
    await this.db.transaction(async tx => {
      const inserts = changed.filter(c => c.isNew);
      for (const batch of chunks(inserts, 100)) {
        await tx('ml_registry_models').insert(
          batch.map(c => ({
            registry_id: registryId,
            name: c.model.name,
            snapshot: JSON.stringify(c.model),
            hash: c.hash,
            first_seen_at: now,
            changed_at: now,
            deleted_at: null,
          })),
        );
      }
      for (const c of changed.filter(x => !x.isNew)) {
        await tx('ml_registry_models')
          .where({ registry_id: registryId, name: c.model.name })
          .update({
            snapshot: JSON.stringify(c.model),
            hash: c.hash,
            changed_at: now,
            deleted_at: null,
          });
      }
      for (const batch of chunks(gone)) {
        await tx('ml_registry_models')
          .where({ registry_id: registryId })
          .whereIn('name', batch)
          .whereNull('deleted_at')
          .update({ deleted_at: now });
      }
    });
    return { written: changed.length, deleted: gone.length };
  }

  async model(
    registryId: string,
    name: string,
  ): Promise<StoredRegistryModel | undefined> {
    const row: ModelRow | undefined = await this.db('ml_registry_models')
      .where({ registry_id: registryId, name })
      .first();
    return row ? toModel(row) : undefined;
  }

  /** Models by `registryId` and name, for many entities at once. */
  async models(
    keys: Array<{ registryId: string; name: string }>,
  ): Promise<Map<string, StoredRegistryModel>> {
    const out = new Map<string, StoredRegistryModel>();
    const byRegistry = new Map<string, string[]>();
    for (const k of keys) {
      byRegistry.set(k.registryId, [
        ...(byRegistry.get(k.registryId) ?? []),
        k.name,
      ]);
    }
    for (const [registryId, names] of byRegistry) {
      for (const batch of chunks([...new Set(names)])) {
        const rows: ModelRow[] = await this.db('ml_registry_models')
          .where({ registry_id: registryId })
          .whereIn('name', batch);
        for (const row of rows) {
          out.set(registryKey(registryId, row.name), toModel(row));
        }
      }
    }
    return out;
  }

  /** Every model not deleted, of every registry (for delivery figures). */
  async activeModels(): Promise<StoredRegistryModel[]> {
    const rows: ModelRow[] = await this.db('ml_registry_models').whereNull(
      'deleted_at',
    );
    return rows.map(toModel);
  }

  async activeCount(registryId: string): Promise<number> {
    const row = await this.db('ml_registry_models')
      .where({ registry_id: registryId })
      .whereNull('deleted_at')
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  }

  async startRun(run: {
    registryId: string;
    trigger: 'scheduled' | 'manual';
    replica: string;
    startedAt: string;
  }): Promise<number> {
    const [row] = await this.db('ml_registry_sync_runs')
      .insert({
        registry_id: run.registryId,
        trigger: run.trigger,
        replica: run.replica,
        status: 'running',
        started_at: run.startedAt,
      })
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  }

  async finishRun(
    id: number,
    fields: {
      status: Exclude<RegistrySyncStatus, 'running'>;
      finishedAt: string;
      error?: string;
      modelsSeen?: number;
      modelsWritten?: number;
      modelsSkipped?: number;
      modelsDeleted?: number;
      skipped?: Array<{ model: string; reason: string }>;
    },
  ): Promise<void> {
    await this.db('ml_registry_sync_runs')
      .where({ id })
      .update({
        status: fields.status,
        finished_at: fields.finishedAt,
        error: fields.error ?? null,
        models_seen: fields.modelsSeen ?? 0,
        models_written: fields.modelsWritten ?? 0,
        models_skipped: fields.modelsSkipped ?? 0,
        models_deleted: fields.modelsDeleted ?? 0,
        skipped: fields.skipped?.length ? JSON.stringify(fields.skipped) : null,
      });
  }

  async run(id: number): Promise<RegistrySyncRun | undefined> {
    const row: RunRow | undefined = await this.db('ml_registry_sync_runs')
      .where({ id })
      .first();
    return row ? toRun(row) : undefined;
  }

  /** A run of this registry still going and started after `since`. */
  async runningSince(
    registryId: string,
    since: string,
  ): Promise<RegistrySyncRun | undefined> {
    const row: RunRow | undefined = await this.db('ml_registry_sync_runs')
      .where({ registry_id: registryId, status: 'running' })
      .where('started_at', '>=', since)
      .orderBy('id', 'desc')
      .first();
    return row ? toRun(row) : undefined;
  }

  /** The latest run and the latest successful (or partial) run of a registry. */
  async lastRuns(registryId: string): Promise<{
    lastRun?: RegistrySyncRun;
    lastSuccess?: RegistrySyncRun;
  }> {
    const last: RunRow | undefined = await this.db('ml_registry_sync_runs')
      .where({ registry_id: registryId })
      .orderBy('id', 'desc')
      .first();
    const good: RunRow | undefined = await this.db('ml_registry_sync_runs')
      .where({ registry_id: registryId })
      .whereIn('status', ['succeeded', 'partial'])
      .orderBy('id', 'desc')
      .first();
    return {
      ...(last && { lastRun: toRun(last) }),
      ...(good && { lastSuccess: toRun(good) }),
    };
  }

  async runs(registryId: string, limit: number): Promise<RegistrySyncRun[]> {
    const rows: RunRow[] = await this.db('ml_registry_sync_runs')
      .where({ registry_id: registryId })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(toRun);
  }
}
