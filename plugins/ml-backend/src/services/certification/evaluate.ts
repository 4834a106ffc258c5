import type { Entity } from '@backstage/catalog-model';
import {
  cardCompleteness,
  effectiveHealthStatus,
  type HealthSeverity,
  type AuditAction,
  type CertificationEvidence,
  type CertificationRequirements,
  type ModelEvaluation,
} from '@ml-marketplace/plugin-ml-common';
import type { CertificationPolicy } from './policy';

export interface CheckOutcome {
  checkId: string;
  status: 'pass' | 'warn' | 'fail';
  /** `error` when not given, as results were before severities. */
  severity?: HealthSeverity;
  message: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What a result counts as for the asset (advice never fails it). */
const effective = (r: CheckOutcome) =>
  effectiveHealthStatus(r.status, r.severity ?? 'error');

export interface ApprovalRecord {
  by: string;
  at: string;
  reason: string;
  expiresAt: string;
}

export interface CertificationInputs {
  entity: Entity;
  /** Latest health-check results; empty before the first check. */
  results: CheckOutcome[];
  /** The latest approval not revoked, current or expired. */
  approval?: ApprovalRecord;
  /** A reviewer's revocation holds the asset uncertified until a new approval. */
  revoked: boolean;
  now: Date;
}

export interface Evaluation {
  level: string | null;
  evidence: CertificationEvidence[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function judge(
  requirement: keyof CertificationRequirements,
  value: CertificationRequirements[keyof CertificationRequirements],
  inputs: CertificationInputs,
): { met: boolean; detail: string } {
  const { entity, results, approval, now } = inputs;
  const isModel = entity.kind.toLocaleLowerCase('en-US') === 'model';
  switch (requirement) {
    case 'owner': {
      const owner = results.find(r => r.checkId === 'owner-exists');
      if (!owner)
        return { met: false, detail: 'The owner has not been checked yet' };
      return { met: owner.status === 'pass', detail: owner.message };
    }
    case 'minCardCompleteness': {
      const { score } = cardCompleteness(entity);
      const min = value as number;
      return {
        met: score >= min,
        detail: `Card ${score}% complete (${min}% required)`,
      };
    }
    case 'checks': {
      if (!results.length) return { met: false, detail: 'Not checked yet' };
      // `pass` asks for every check to pass, advice included (an exemplar
      // has its licence and card in order); `no-failures` only for no error.
      const bad = results.filter(r =>
        value === 'pass' ? r.status !== 'pass' : effective(r) === 'fail',
      );
      return bad.length
        ? {
            met: false,
            detail: `${value === 'pass' ? 'Not passing' : 'Failing'}: ${bad
              .map(b => `${b.checkId} (${b.message})`)
              .join('; ')}`,
          }
        : {
            met: true,
            detail:
              value === 'pass'
                ? `All ${results.length} checks pass`
                : `No check fails (${plural(
                    results.filter(r => effective(r) === 'warn').length,
                    'warning',
                  )})`,
          };
    }
    case 'evaluation': {
      if (!isModel)
        return { met: true, detail: `Not applicable to ${entity.kind}s` };
      const n = (entity.spec?.evaluation as unknown[] | undefined)?.length ?? 0;
      return n
        ? { met: true, detail: `${n} evaluation results` }
        : { met: false, detail: 'No evaluation results in spec.evaluation' };
    }
    case 'metricThresholds': {
      if (!isModel)
        return { met: true, detail: `Not applicable to ${entity.kind}s` };
      const withThreshold = (
        (entity.spec?.evaluation as ModelEvaluation[] | undefined) ?? []
      ).filter(e => typeof e.threshold === 'number');
      if (!withThreshold.length) {
        return {
          met: false,
          detail: 'No evaluation result declares a threshold',
        };
      }
      const missed = withThreshold.filter(e =>
        e.higherIsBetter === false
          ? e.value > e.threshold!
          : e.value < e.threshold!,
      );
      const name = (e: ModelEvaluation) =>
        `${e.metric}${e.slice ? ` [${e.slice}]` : ''}`;
      return missed.length
        ? {
            met: false,
            detail: `Below threshold: ${missed
              .map(e => `${name(e)} ${e.value} vs ${e.threshold}`)
              .join(', ')}`,
          }
        : { met: true, detail: `All ${withThreshold.length} thresholds met` };
    }
    case 'approval': {
      if (!approval)
        return { met: false, detail: 'Not approved by a reviewer' };
      if (approval.expiresAt <= now.toISOString()) {
        return {
          met: false,
          detail: `The approval by ${
            approval.by
          } expired on ${approval.expiresAt.slice(0, 10)}`,
        };
      }
      return {
        met: true,
        detail: `Approved by ${approval.by} on ${approval.at.slice(0, 10)}: ${
          approval.reason
        }`,
      };
    }
    case 'notDeprecated': {
      if (entity.spec?.lifecycle !== 'deprecated') {
        return {
          met: true,
          detail: `Lifecycle ${entity.spec?.lifecycle ?? 'not set'}`,
        };
      }
      return { met: false, detail: deprecationDetail(entity) };
    }
    default:
      return { met: false, detail: `Unknown requirement ${requirement}` };
  }
}

/** "Deprecated since …: why. Use model:default/x instead." */
function deprecationDetail(entity: Entity): string {
  const deprecation = (entity.spec?.deprecation ?? {}) as {
    reason?: unknown;
    replacedBy?: unknown;
    sunsetDate?: unknown;
  };
  const reason =
    typeof deprecation.reason === 'string' && deprecation.reason.trim()
      ? ` ${deprecation.reason.trim().replace(/\.?$/, '.')}`
      : '';
  const sunset =
    typeof deprecation.sunsetDate === 'string' ||
    deprecation.sunsetDate instanceof Date
      ? ` Sunset ${String(
          deprecation.sunsetDate instanceof Date
            ? deprecation.sunsetDate.toISOString()
            : deprecation.sunsetDate,
        ).slice(0, 10)}.`
      : '';
  const successor =
    typeof deprecation.replacedBy === 'string' && deprecation.replacedBy
      ? ` Use ${deprecation.replacedBy} instead.`
      : ' No successor is named (spec.deprecation.replacedBy).';
  return `Deprecated, so it cannot be certified above the lowest level.${reason}${sunset}${successor}`;
}

/**
 * Judges every requirement of every level, so an owner sees what the next level
 * needs, and returns the highest level whose requirements and those of every
 * level below hold.
 */
export function evaluateCertification(
  policy: CertificationPolicy,
  inputs: CertificationInputs,
): Evaluation {
  const evidence: CertificationEvidence[] = [];
  let level: string | null = null;
  let holding = !inputs.revoked;
  for (const l of policy.levels) {
    for (const [requirement, value] of Object.entries(l.requires)) {
      if (value === undefined || value === false) continue;
      const key = requirement as keyof CertificationRequirements;
      const { met, detail } = judge(key, value, inputs);
      evidence.push({ level: l.id, requirement: key, met, detail });
      if (!met) holding = false;
    }
    if (holding) level = l.id;
  }
  return { level, evidence };
}

/** A certificate as stored. */
export interface CertificateState {
  level: string | null;
  issuedAt: string | null;
  expiresAt: string | null;
  evidence: CertificationEvidence[];
}

export interface Transition {
  state: CertificateState;
  /** The audit entry the change deserves, if any. */
  audit?: {
    action: AuditAction;
    from: string | null;
    to: string | null;
    reason: string;
  };
}

function rankOf(policy: CertificationPolicy, level: string | null): number {
  return level === null ? -1 : policy.levels.findIndex(l => l.id === level);
}

/**
 * The next certificate from the current one and a fresh evaluation: raises,
 * renews an expired one whose evidence still holds, or downgrades and says
 * which requirements broke.
 */
export function nextCertificate(
  policy: CertificationPolicy,
  current: CertificateState | undefined,
  evaluation: Evaluation,
  approval: ApprovalRecord | undefined,
  now: Date,
): Transition {
  const nowIso = now.toISOString();
  const from = current?.level ?? null;
  const to = evaluation.level;
  const fromRank = rankOf(policy, from);
  const toRank = rankOf(policy, to);

  const expiry = (issuedAt: string) => {
    let expires = new Date(
      Date.parse(issuedAt) + policy.validityDays * DAY_MS,
    ).toISOString();
    const needsApproval = policy.levels
      .slice(0, toRank + 1)
      .some(l => l.requires.approval);
    if (needsApproval && approval && approval.expiresAt < expires) {
      expires = approval.expiresAt;
    }
    return expires;
  };

  if (to === null) {
    const state = {
      level: null,
      issuedAt: null,
      expiresAt: null,
      evidence: evaluation.evidence,
    };
    return from === null
      ? { state }
      : {
          state,
          audit: {
            action: 'downgraded',
            from,
            to,
            reason: brokenReason(evaluation, policy, fromRank),
          },
        };
  }
  if (toRank > fromRank) {
    return {
      state: {
        level: to,
        issuedAt: nowIso,
        expiresAt: expiry(nowIso),
        evidence: evaluation.evidence,
      },
      audit: {
        action: 'certified',
        from,
        to,
        reason: `Every requirement up to ${levelTitle(policy, to)} holds`,
      },
    };
  }
  if (toRank < fromRank) {
    return {
      state: {
        level: to,
        issuedAt: nowIso,
        expiresAt: expiry(nowIso),
        evidence: evaluation.evidence,
      },
      audit: {
        action: 'downgraded',
        from,
        to,
        reason: brokenReason(evaluation, policy, fromRank),
      },
    };
  }
  // Same level: renew when it lapsed, otherwise keep the dates.
  if (!current?.expiresAt || current.expiresAt <= nowIso) {
    return {
      state: {
        level: to,
        issuedAt: nowIso,
        expiresAt: expiry(nowIso),
        evidence: evaluation.evidence,
      },
      audit: {
        action: 'renewed',
        from,
        to,
        reason: `The certificate lapsed on ${
          current?.expiresAt?.slice(0, 10) ?? 'an unknown date'
        } and its evidence still holds`,
      },
    };
  }
  return {
    state: {
      level: to,
      issuedAt: current.issuedAt,
      expiresAt: current.expiresAt,
      evidence: evaluation.evidence,
    },
  };
}

function levelTitle(policy: CertificationPolicy, id: string): string {
  return policy.levels.find(l => l.id === id)?.title ?? id;
}

/** Which requirements of the levels lost broke, for the audit log. */
function brokenReason(
  evaluation: Evaluation,
  policy: CertificationPolicy,
  fromRank: number,
): string {
  const lost = new Set(policy.levels.slice(0, fromRank + 1).map(l => l.id));
  const broken = evaluation.evidence.filter(e => !e.met && lost.has(e.level));
  return broken.length
    ? broken.map(e => `${e.requirement}: ${e.detail}`).join('; ')
    : 'Revoked by a reviewer';
}
