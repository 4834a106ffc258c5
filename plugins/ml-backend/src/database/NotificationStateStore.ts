import type { Knex } from 'knex';
import { chunks } from './chunks';

export interface NotificationStateRow {
  scope: string;
  asset_ref: string;
  topic: string;
  state: string;
  /** JSON array of entity refs. */
  recipients: string;
  resolved_title: string | null;
  notified_at: string;
}

/** What the backend last told people, per scope (`ml_notification_state`). */
export class NotificationStateStore {
  constructor(private readonly db: Knex) {}

  /** Rows about the given assets, or every row. */
  async rows(assetRefs?: string[]): Promise<Map<string, NotificationStateRow>> {
    const rows: NotificationStateRow[] = [];
    if (assetRefs) {
      for (const batch of chunks(assetRefs)) {
        rows.push(
          ...(await this.db<NotificationStateRow>(
            'ml_notification_state',
          ).whereIn('asset_ref', batch)),
        );
      }
    } else {
      rows.push(
        ...(await this.db<NotificationStateRow>('ml_notification_state')),
      );
    }
    return new Map(rows.map(row => [row.scope, row]));
  }

  async save(rows: NotificationStateRow[]): Promise<void> {
    for (const batch of chunks(rows, 50)) {
      await this.db('ml_notification_state')
        .insert(batch)
        .onConflict('scope')
        .merge();
    }
  }

  async remove(scopes: string[]): Promise<void> {
    for (const batch of chunks(scopes)) {
      await this.db('ml_notification_state').whereIn('scope', batch).delete();
    }
  }
}
