import type {
  Certification,
  CertificationRequirements,
} from '@ml-marketplace/plugin-ml-common';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What an approval given now would change, worked out from the evidence. */
export interface ApprovalPreview {
  /** The level held now, or null. */
  from: string | null;
  /** The level the asset would hold with the approval, or null. */
  to: string | null;
  /** Until when the certificate would hold at `to` (ISO), when it changes. */
  certificateUntil?: string;
  /** Until when the approval counts (ISO). */
  approvalUntil: string;
  /** What still stops the next level after the approval, by requirement. */
  stillMissing: Array<keyof CertificationRequirements>;
  /** The asset is deprecated: no approval lifts it above the lowest level. */
  deprecated: boolean;
}

/**
 * The level an approval would give: the highest level whose evidence, and
 * that of every level below, holds once the approval counts (and a
 * revocation is lifted, as an approval does). The certificate's expiry
 * follows the backend's one rule: the earliest of re-verification
 * (`validityDays`) and the approval's own expiry.
 */
export function approvalPreview(
  certification: Certification,
  now: Date = new Date(),
): ApprovalPreview {
  const met = (e: Certification['evidence'][number]) =>
    e.met || e.requirement === 'approval';
  let to: string | null = null;
  let stillMissing: ApprovalPreview['stillMissing'] = [];
  for (const level of certification.levels) {
    const evidence = certification.evidence.filter(e => e.level === level.id);
    const missing = evidence.filter(e => !met(e)).map(e => e.requirement);
    if (missing.length) {
      stillMissing = missing;
      break;
    }
    to = level.id;
  }
  const approvalUntil = new Date(
    now.getTime() + certification.approvalValidityDays * DAY_MS,
  ).toISOString();
  const reverified = new Date(
    now.getTime() + certification.validityDays * DAY_MS,
  ).toISOString();
  const from = certification.level;
  return {
    from,
    to,
    ...(to !== from &&
      to && {
        certificateUntil:
          approvalUntil < reverified ? approvalUntil : reverified,
      }),
    approvalUntil,
    stillMissing,
    deprecated: certification.evidence.some(
      e => e.requirement === 'notDeprecated' && !e.met,
    ),
  };
}
