import type { CertificationRequirements } from '@ml-marketplace/plugin-ml-common';

/** What each certification requirement is called on the card and in the dialog. */
export const REQUIREMENT_LABELS: Record<
  keyof CertificationRequirements,
  string
> = {
  owner: 'Owner exists',
  minCardCompleteness: 'Card completeness',
  checks: 'Health checks',
  evaluation: 'Evaluation results',
  metricThresholds: 'Metric thresholds met',
  approval: 'Reviewer approval',
  notDeprecated: 'Not deprecated',
};
