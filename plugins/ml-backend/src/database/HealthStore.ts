import type { HealthSeverity } from '@ml-marketplace/plugin-ml-common';
import type { Knex } from 'knex';
import { chunks } from './chunks';

export interface AssetRow {
  ref: string;
  kind: string;
  lifecycle: string | null;
  spec_hash: string;
  first_seen_at: string;
  updated_at: string;
  status: 'pass' | 'warn' | 'fail' | null;
  results_hash: string;
  checked_at: string;
}

export interface ResultRow {
  entity_ref: string;
  check_id: string;
  status: 'pass' | 'warn' | 'fail';
  severity: HealthSeverity;
  message: string;
  fix_hint: string | null;
  since: string;
}

export interface HistoryRow {
  entity_ref: string;
  check_id: string;
  status: 'pass' | 'warn' | 'fail';
  severity: HealthSeverity;
  message: string;
  at: string;
}

/** What one entity's check run changed; written only when something did. */
export interface AssetChange {
  asset: AssetRow;
  results: ResultRow[];
  history: HistoryRow[];
}

export interface SweepRow {
  id: number;
  instance: string;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  outcome: string | null;
  assets: number;
  written: number;
  errors: number;
}

/** Health-check results, their history and the sweeps that produced them. */
export class HealthStore {
  constructor(private readonly db: Knex) {}

  async assets(refs?: string[]): Promise<Map<string, AssetRow>> {
    const rows: AssetRow[] = [];
    if (refs) {
      for (const batch of chunks(refs)) {
        rows.push(
          ...(await this.db<AssetRow>('ml_assets').whereIn('ref', batch)),
        );
      }
    } else {
      rows.push(...(await this.db<AssetRow>('ml_assets')));
    }
    return new Map(rows.map(r => [r.ref, r]));
  }

  async results(refs?: string[]): Promise<Map<string, ResultRow[]>> {
    const rows: ResultRow[] = [];
    if (refs) {
      for (const batch of chunks(refs)) {
        rows.push(
          ...(await this.db<ResultRow>('ml_health_results').whereIn(
            'entity_ref',
            batch,
          )),
        );
      }
    } else {
      rows.push(...(await this.db<ResultRow>('ml_health_results')));
    }
    const byRef = new Map<string, ResultRow[]>();
    for (const row of rows) {
      const list = byRef.get(row.entity_ref) ?? [];
      list.push(row);
      byRef.set(row.entity_ref, list);
    }
    return byRef;
  }

  async history(ref: string, limit: number): Promise<HistoryRow[]> {
    return this.db<HistoryRow>('ml_health_history')
      .where('entity_ref', ref)
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit)
      .select('entity_ref', 'check_id', 'status', 'severity', 'message', 'at');
  }

  /** Writes the changed entities, each with its results replaced and its history appended. */
  async write(changes: AssetChange[]): Promise<void> {
    for (const batch of chunks(changes, 100)) {
      await this.db.transaction(async tx => {
        const refs = batch.map(c => c.asset.ref);
        await tx('ml_assets')
          .insert(batch.map(c => c.asset))
          .onConflict('ref')
          .merge();
        await tx('ml_health_results').whereIn('entity_ref', refs).delete();
        for (const rows of chunks(batch.flatMap(c => c.results))) {
          await tx('ml_health_results').insert(rows);
        }
        for (const rows of chunks(batch.flatMap(c => c.history))) {
          await tx('ml_health_history').insert(rows);
        }
      });
    }
  }

  /** Forgets the current results of entities that left the catalog; history stays. */
  async remove(refs: string[]): Promise<void> {
    for (const batch of chunks(refs)) {
      await this.db.transaction(async tx => {
        await tx('ml_health_results').whereIn('entity_ref', batch).delete();
        await tx('ml_assets').whereIn('ref', batch).delete();
      });
    }
  }

  async startSweep(
    instance: string,
    trigger: string,
    at: string,
  ): Promise<number> {
    const [row] = await this.db('ml_health_sweeps')
      .insert({ instance, trigger, started_at: at })
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  }

  async finishSweep(
    id: number,
    values: {
      finished_at: string;
      outcome: string;
      assets: number;
      written: number;
      errors: number;
    },
  ): Promise<void> {
    await this.db('ml_health_sweeps').where({ id }).update(values);
  }

  /** The last scheduled sweep that went through every entity. */
  async lastCompleteSweep(): Promise<SweepRow | undefined> {
    return this.db<SweepRow>('ml_health_sweeps')
      .where({ trigger: 'schedule', outcome: 'done' })
      .orderBy('id', 'desc')
      .first();
  }

  async sweeps(limit: number): Promise<SweepRow[]> {
    return this.db<SweepRow>('ml_health_sweeps')
      .orderBy('id', 'desc')
      .limit(limit);
  }
}
