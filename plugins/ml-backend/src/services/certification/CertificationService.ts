import type { Entity } from '@backstage/catalog-model';
import type {
  AuditEntry,
  Certification,
} from '@ml-marketplace/plugin-ml-common';
import type {
  ApprovalRow,
  AuditRow,
  CertificateRow,
  CertificateValues,
  CertificationStore,
} from '../../database/CertificationStore';
import type { HealthStore } from '../../database/HealthStore';
import {
  ApprovalRecord,
  CertificateState,
  CheckOutcome,
  evaluateCertification,
  nextCertificate,
} from './evaluate';
import { entityRefOf } from '../entityRefs';
import type { CertificationPolicy } from './policy';

const DAY_MS = 24 * 60 * 60 * 1000;

function approvalOf(row: ApprovalRow | undefined): ApprovalRecord | undefined {
  return row
    ? {
        by: row.approved_by,
        at: row.approved_at,
        reason: row.reason,
        expiresAt: row.expires_at,
      }
    : undefined;
}

function stateOf(
  row: CertificateRow | undefined,
): CertificateState | undefined {
  return row
    ? {
        level: row.level,
        issuedAt: row.issued_at,
        expiresAt: row.expires_at,
        evidence: JSON.parse(row.evidence),
      }
    : undefined;
}

function auditEntry(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    entityRef: row.entity_ref,
    action: row.action,
    fromLevel: row.from_level,
    toLevel: row.to_level,
    actor: row.actor,
    reason: row.reason,
    at: row.at,
  };
}

/**
 * Certification as policy: levels are computed from the latest checks, the
 * card and reviewers' approvals; every change of level is appended to the
 * audit log with its reason.
 */
export class CertificationService {
  private readonly clock: () => Date;

  constructor(
    private readonly options: {
      store: CertificationStore;
      health: HealthStore;
      policy: CertificationPolicy;
      clock?: () => Date;
    },
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  get policy(): CertificationPolicy {
    return this.options.policy;
  }

  /**
   * Brings the certificates of checked entities up to date, writing only those
   * that changed. A certificate an approval changed meanwhile is left for the
   * next sweep. Returns how many were written.
   */
  async reconcile(
    checked: Array<{ entity: Entity; results: CheckOutcome[] }>,
    now: Date,
  ): Promise<number> {
    const { store, policy } = this.options;
    const refs = checked.map(c => entityRefOf(c.entity));
    const single = refs.length === 1 ? refs : undefined;
    const certificates = await store.certificates(single);
    const approvals = await store.latestApprovals(single);
    let written = 0;
    for (const { entity, results } of checked) {
      const ref = entityRefOf(entity);
      const row = certificates.get(ref);
      const approval = approvalOf(approvals.get(ref));
      const evaluation = evaluateCertification(policy, {
        entity,
        results,
        approval,
        revoked: !!row?.revoked_at,
        now,
      });
      const { state, audit } = nextCertificate(
        policy,
        stateOf(row),
        evaluation,
        approval,
        now,
      );
      const values = valuesOf(state, row);
      if (row && sameValues(row, values)) continue;
      const ok = await store.setIfUnchanged(
        ref,
        row?.version,
        values,
        audit && {
          entity_ref: ref,
          action: audit.action,
          from_level: audit.from,
          to_level: audit.to,
          actor: 'system',
          reason: audit.reason,
          at: now.toISOString(),
        },
      );
      if (ok) written++;
    }
    return written;
  }

  /** Records a reviewer's approval and recomputes the level with it. */
  async approve(
    entity: Entity,
    actor: string,
    reason: string,
  ): Promise<Certification> {
    const { store, policy } = this.options;
    const ref = entityRefOf(entity);
    const results = await this.latestResults(ref);
    await store.update(ref, async (current, tx) => {
      const now = this.clock();
      const approval: ApprovalRecord = {
        by: actor,
        at: now.toISOString(),
        reason,
        expiresAt: new Date(
          now.getTime() + policy.approvalValidityDays * DAY_MS,
        ).toISOString(),
      };
      await tx('ml_approvals').insert({
        entity_ref: ref,
        approved_by: actor,
        reason,
        approved_at: approval.at,
        expires_at: approval.expiresAt,
      });
      const evaluation = evaluateCertification(policy, {
        entity,
        results,
        approval,
        revoked: false,
        now,
      });
      const { state } = nextCertificate(
        policy,
        stateOf(current),
        evaluation,
        approval,
        now,
      );
      await tx('ml_audit_log').insert({
        entity_ref: ref,
        action: 'approved',
        from_level: current?.level ?? null,
        to_level: state.level,
        actor,
        reason,
        at: approval.at,
      });
      // An approval lifts a revocation.
      return valuesOf(state, undefined);
    });
    return this.get(entity);
  }

  /** Withdraws every approval and holds the asset uncertified until a new one. */
  async revoke(
    entity: Entity,
    actor: string,
    reason: string,
  ): Promise<Certification> {
    const { store, policy } = this.options;
    const ref = entityRefOf(entity);
    const results = await this.latestResults(ref);
    await store.update(ref, async (current, tx) => {
      const now = this.clock().toISOString();
      await tx('ml_approvals')
        .where('entity_ref', ref)
        .whereNull('revoked_at')
        .update({ revoked_at: now });
      const evaluation = evaluateCertification(policy, {
        entity,
        results,
        revoked: true,
        now: new Date(now),
      });
      await tx('ml_audit_log').insert({
        entity_ref: ref,
        action: 'revoked',
        from_level: current?.level ?? null,
        to_level: null,
        actor,
        reason,
        at: now,
      });
      return {
        level: null,
        issued_at: null,
        expires_at: null,
        evidence: JSON.stringify(evaluation.evidence),
        revoked_by: actor,
        revoked_at: now,
        revoke_reason: reason,
      };
    });
    return this.get(entity);
  }

  /** The certificate as stored; before the first sweep, judged now without writing. */
  async get(entity: Entity): Promise<Certification> {
    const { store, policy } = this.options;
    const ref = entityRefOf(entity);
    const row = (await store.certificates([ref])).get(ref);
    const approvalRow = (await store.latestApprovals([ref])).get(ref);
    const approval = approvalOf(approvalRow);
    const evidence = row
      ? JSON.parse(row.evidence)
      : evaluateCertification(policy, {
          entity,
          results: await this.latestResults(ref),
          approval,
          revoked: false,
          now: this.clock(),
        }).evidence;
    const level = row?.level ?? null;
    return {
      entityRef: ref,
      level,
      ...(level && {
        levelTitle: policy.levels.find(l => l.id === level)?.title ?? level,
      }),
      ...(row?.issued_at && { issuedAt: row.issued_at }),
      ...(row?.expires_at && { expiresAt: row.expires_at }),
      evidence,
      ...(approval && { approval }),
      ...(row?.revoked_at && {
        revoked: {
          by: row.revoked_by!,
          at: row.revoked_at,
          reason: row.revoke_reason ?? '',
        },
      }),
      levels: policy.levels.map(l => ({ id: l.id, title: l.title })),
      validityDays: policy.validityDays,
      approvalValidityDays: policy.approvalValidityDays,
      reviewers: policy.reviewers,
    };
  }

  async audit(
    refs: string[] | undefined,
    limit: number,
  ): Promise<AuditEntry[]> {
    return (await this.options.store.audit({ refs, limit })).map(auditEntry);
  }

  private async latestResults(ref: string): Promise<CheckOutcome[]> {
    return ((await this.options.health.results([ref])).get(ref) ?? []).map(
      r => ({
        checkId: r.check_id,
        status: r.status,
        severity: r.severity,
        message: r.message,
      }),
    );
  }
}

/** Stored values of a certificate state; a revocation on `row` is kept. */
function valuesOf(
  state: CertificateState,
  row: CertificateRow | undefined,
): CertificateValues {
  return {
    level: state.level,
    issued_at: state.issuedAt,
    expires_at: state.expiresAt,
    evidence: JSON.stringify(state.evidence),
    revoked_by: row?.revoked_by ?? null,
    revoked_at: row?.revoked_at ?? null,
    revoke_reason: row?.revoke_reason ?? null,
  };
}

function sameValues(row: CertificateRow, values: CertificateValues): boolean {
  return (Object.keys(values) as Array<keyof CertificateValues>).every(
    key => (row[key] ?? null) === (values[key] ?? null),
  );
}
