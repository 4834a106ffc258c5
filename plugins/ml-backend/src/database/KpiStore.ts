import type { Knex } from 'knex';
import type { KpiSnapshot } from '@ml-marketplace/plugin-ml-common';

interface SnapshotRow {
  day: string;
  taken_at: string;
  demo: boolean | number;
  figures: string;
}

/** The daily KPI snapshots (`ml_kpi_snapshots`). */
export class KpiStore {
  constructor(private readonly db: Knex) {}

  /** Writes a day's figures, replacing what that day had. */
  async save(snapshot: KpiSnapshot, takenAt: string): Promise<void> {
    const { day, demo, ...figures } = snapshot;
    await this.db('ml_kpi_snapshots')
      .insert({
        day,
        taken_at: takenAt,
        demo,
        figures: JSON.stringify(figures),
      })
      .onConflict('day')
      .merge();
  }

  /** Days from `since` (YYYY-MM-DD) on, oldest first. */
  async since(since: string): Promise<KpiSnapshot[]> {
    const rows: SnapshotRow[] = await this.db('ml_kpi_snapshots')
      .where('day', '>=', since)
      .orderBy('day');
    return rows.map(row => ({
      ...JSON.parse(row.figures),
      day: row.day,
      demo: Boolean(row.demo),
    }));
  }

  async count(): Promise<number> {
    const [{ n }] = await this.db('ml_kpi_snapshots').count({ n: '*' });
    return Number(n);
  }
}
