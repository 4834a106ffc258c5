import { z } from 'zod';
import { wholeNumberParam } from './queryParams';

/** Requirements a certification level adds to those of the levels below it. */
export interface CertificationRequirements {
  /** The owner named in `spec.owner` exists in the catalog. */
  owner?: boolean;
  /** Minimum card completeness score, 0 to 100. */
  minCardCompleteness?: number;
  /** `pass`: every check passes; `no-failures`: warnings allowed. */
  checks?: 'pass' | 'no-failures';
  /** Models: at least one evaluation result. */
  evaluation?: boolean;
  /** Models: at least one evaluation with a threshold, and every threshold met. */
  metricThresholds?: boolean;
  /** A current approval by a reviewer. */
  approval?: boolean;
  /**
   * The asset is not deprecated: nobody should pick a deprecated asset as an
   * exemplar. On by default for the second level (Silver) and so for every
   * level above it; `false` turns it off.
   */
  notDeprecated?: boolean;
}

export interface CertificationLevelPolicy {
  /** e.g. `bronze`. */
  id: string;
  title: string;
  requires: CertificationRequirements;
}

/** One requirement as judged for one entity. */
export interface CertificationEvidence {
  level: string;
  requirement: keyof CertificationRequirements;
  met: boolean;
  detail: string;
}

export interface CertificationApproval {
  by: string;
  at: string;
  reason: string;
  expiresAt: string;
}

/** Answer of `GET /certifications/:ref`. */
export interface Certification {
  entityRef: string;
  /** The highest level whose requirements (and those of every level below) hold, or null. */
  level: string | null;
  levelTitle?: string;
  issuedAt?: string;
  /** The certificate lapses then unless its evidence still holds (approvals must be renewed). */
  expiresAt?: string;
  evidence: CertificationEvidence[];
  approval?: CertificationApproval;
  /** Set while a reviewer's revocation holds; a new approval lifts it. */
  revoked?: { by: string; at: string; reason: string };
  /** The levels of the policy, lowest first, for showing what is next. */
  levels: Array<{ id: string; title: string }>;
  /**
   * Days a certificate lasts from issue before the sweep re-verifies it (and
   * renews it while its evidence holds).
   */
  validityDays: number;
  /** Days a reviewer's approval counts. */
  approvalValidityDays: number;
  /**
   * Whom to ask for an approval (`ml.certification.reviewers`: group or user
   * refs); the permission policy decides who may approve.
   */
  reviewers: string[];
}

export type AuditAction =
  | 'certified'
  | 'downgraded'
  | 'renewed'
  | 'approved'
  | 'revoked';

/** One entry of the append-only audit log. */
export interface AuditEntry {
  id: number;
  entityRef: string;
  action: AuditAction;
  fromLevel: string | null;
  toLevel: string | null;
  /** User ref, or `system` for changes the sweep made. */
  actor: string;
  reason: string;
  at: string;
}

/** Body of `POST /certifications/:ref/approve` and `/revoke`. */
export const certificationDecisionSchema = z.object(
  {
    reason: z
      .string({ error: 'reason is required: say why, for the audit log' })
      .trim()
      .min(3, { error: 'reason must say why, in at least 3 characters' })
      .max(2000, { error: 'reason must be at most 2000 characters' }),
  },
  { error: 'the body must be a JSON object like { "reason": "…" }' },
);

/** Query of `GET /audit`. */
export const auditQuerySchema = z.object({
  entityRef: z
    .string()
    .min(1, { error: 'entityRef must not be empty' })
    .optional(),
  limit: wholeNumberParam('limit', { max: 1000, default: 100 }),
});
