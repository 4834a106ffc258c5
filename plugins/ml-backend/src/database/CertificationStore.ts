import type { Knex } from 'knex';
import type { AuditAction } from '@ml-marketplace/plugin-ml-common';
import { chunks } from './chunks';

export interface CertificateRow {
  entity_ref: string;
  level: string | null;
  issued_at: string | null;
  expires_at: string | null;
  evidence: string;
  revoked_by: string | null;
  revoked_at: string | null;
  revoke_reason: string | null;
  version: number;
}

export interface ApprovalRow {
  id: number;
  entity_ref: string;
  approved_by: string;
  reason: string;
  approved_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface AuditRow {
  id: number;
  entity_ref: string;
  action: AuditAction;
  from_level: string | null;
  to_level: string | null;
  actor: string;
  reason: string;
  at: string;
}

export type NewAudit = Omit<AuditRow, 'id'>;
export type CertificateValues = Omit<CertificateRow, 'entity_ref' | 'version'>;

/** Thrown inside a transaction when another writer got there first. */
class LostRace extends Error {}

const MAX_ATTEMPTS = 20;

/**
 * Certificates, approvals and the audit log. Approvals and audit entries are
 * only ever appended; a certificate row is updated with an optimistic lock
 * (`version`), so concurrent approvals, revocations and sweeps never overwrite
 * each other: the loser re-reads and tries again.
 */
export class CertificationStore {
  constructor(private readonly db: Knex) {}

  async certificates(refs?: string[]): Promise<Map<string, CertificateRow>> {
    const rows: CertificateRow[] = [];
    if (refs) {
      for (const batch of chunks(refs)) {
        rows.push(
          ...(await this.db<CertificateRow>('ml_certificates').whereIn(
            'entity_ref',
            batch,
          )),
        );
      }
    } else {
      rows.push(...(await this.db<CertificateRow>('ml_certificates')));
    }
    return new Map(rows.map(r => [r.entity_ref, r]));
  }

  /** The latest approval of each entity that no revocation cancelled. */
  async latestApprovals(refs?: string[]): Promise<Map<string, ApprovalRow>> {
    const query = (batch?: string[]) => {
      const q = this.db<ApprovalRow>('ml_approvals').whereNull('revoked_at');
      return batch ? q.whereIn('entity_ref', batch) : q;
    };
    const rows: ApprovalRow[] = [];
    if (refs) {
      for (const batch of chunks(refs)) rows.push(...(await query(batch)));
    } else {
      rows.push(...(await query()));
    }
    const latest = new Map<string, ApprovalRow>();
    for (const row of rows) {
      const seen = latest.get(row.entity_ref);
      // PostgreSQL returns bigint ids as strings: compare them as numbers.
      if (!seen || Number(seen.id) < Number(row.id)) {
        latest.set(row.entity_ref, row);
      }
    }
    return latest;
  }

  /**
   * Reads the certificate of one entity, lets `change` decide the new values
   * (and append approvals or audit entries through `tx`), and writes them only
   * if nobody changed the row meanwhile; otherwise everything is rolled back
   * and retried with the newer row.
   */
  async update(
    ref: string,
    change: (
      current: CertificateRow | undefined,
      tx: Knex.Transaction,
    ) => Promise<CertificateValues>,
  ): Promise<CertificateRow> {
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        return await this.db.transaction(async tx => {
          const current = await tx<CertificateRow>('ml_certificates')
            .where('entity_ref', ref)
            .first();
          const values = await change(current, tx);
          return this.compareAndSet(tx, ref, current?.version, values);
        });
      } catch (error) {
        lastError = error;
        if (!(error instanceof LostRace) && !isUniqueViolation(error)) {
          throw error;
        }
        // Back off a little, with jitter, so racing writers spread out.
        await new Promise(r =>
          setTimeout(r, Math.random() * 10 * (attempt + 1)),
        );
      }
    }
    throw lastError;
  }

  /**
   * Writes a certificate the sweep computed from the row it read at `version`
   * (undefined: no row). Returns false when someone else wrote it meanwhile;
   * the next sweep recomputes it.
   */
  async setIfUnchanged(
    ref: string,
    version: number | undefined,
    values: CertificateValues,
    audit?: NewAudit,
  ): Promise<boolean> {
    try {
      await this.db.transaction(async tx => {
        await this.compareAndSet(tx, ref, version, values);
        if (audit) await tx('ml_audit_log').insert(audit);
      });
      return true;
    } catch (error) {
      if (error instanceof LostRace || isUniqueViolation(error)) return false;
      throw error;
    }
  }

  private async compareAndSet(
    tx: Knex.Transaction,
    ref: string,
    version: number | undefined,
    values: CertificateValues,
  ): Promise<CertificateRow> {
    if (version === undefined) {
      const row = { entity_ref: ref, ...values, version: 1 };
      await tx('ml_certificates').insert(row);
      return row;
    }
    const updated = await tx('ml_certificates')
      .where({ entity_ref: ref, version })
      .update({ ...values, version: version + 1 });
    if (updated !== 1) throw new LostRace();
    return { entity_ref: ref, ...values, version: version + 1 };
  }

  async audit(options: {
    refs?: string[];
    limit: number;
  }): Promise<AuditRow[]> {
    const query = this.db<AuditRow>('ml_audit_log')
      .orderBy('id', 'desc')
      .limit(options.limit);
    if (options.refs) query.whereIn('entity_ref', options.refs);
    return query;
  }
}

/** Two writers inserting the first certificate of an entity at once. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed|duplicate key/.test(e?.message ?? '')
  );
}
