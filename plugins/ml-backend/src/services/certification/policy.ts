import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  formatPath,
  type CertificationLevelPolicy,
  personErrorMap,
} from '@ml-marketplace/plugin-ml-common';
import { z } from 'zod';

export interface CertificationPolicy {
  /** Lowest first; each level also requires everything below it. */
  levels: CertificationLevelPolicy[];
  /** A certificate lapses this long after it was issued unless its evidence still holds. */
  validityDays: number;
  /** A reviewer's approval counts for this long. */
  approvalValidityDays: number;
  /** Whom to ask for an approval (group or user refs), shown to owners. */
  reviewers: string[];
}

/** The example policy of the issue: what most companies start from. */
export const DEFAULT_LEVELS: CertificationLevelPolicy[] = [
  {
    id: 'bronze',
    title: 'Bronze',
    requires: { owner: true, minCardCompleteness: 50 },
  },
  {
    id: 'silver',
    title: 'Silver',
    requires: { checks: 'no-failures', evaluation: true, notDeprecated: true },
  },
  {
    id: 'gold',
    title: 'Gold',
    requires: { metricThresholds: true, approval: true },
  },
];

const requirementsSchema = z.strictObject({
  owner: z.boolean().optional(),
  minCardCompleteness: z.number().min(0).max(100).optional(),
  checks: z
    .enum(['pass', 'no-failures'], { error: 'must be pass or no-failures' })
    .optional(),
  evaluation: z.boolean().optional(),
  metricThresholds: z.boolean().optional(),
  approval: z.boolean().optional(),
  notDeprecated: z.boolean().optional(),
});

const policySchema = z.strictObject({
  validityDays: z.number().int().positive().default(90),
  approvalValidityDays: z.number().int().positive().default(365),
  reviewers: z
    .array(
      z.string().regex(/^(group|user):([a-z0-9._-]+\/)?[a-z0-9._-]+$/i, {
        error: 'must be a group or user ref like "group:default/ml-platform"',
      }),
    )
    .default([]),
  levels: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z][a-z0-9-]*$/, {
          error: 'must be a lower-case id like "silver"',
        }),
        title: z.string().min(1).optional(),
        requires: requirementsSchema,
      }),
    )
    .min(1)
    .optional(),
});

/** Reads `ml.certification`, failing startup with the config path of a mistake. */
export function readCertificationPolicy(config: Config): CertificationPolicy {
  const raw = config.getOptional('ml.certification') ?? {};
  const parsed = policySchema.safeParse(raw, { error: personErrorMap });
  if (!parsed.success) {
    throw new InputError(
      `Invalid certification policy: ${parsed.error.issues
        .map(
          i =>
            // Issues at the root (an unknown top-level key, a non-object)
            // have an empty path: name ml.certification, not "ml.certification.".
            `${formatPath([
              'ml',
              'certification',
              ...i.path.filter(
                (p): p is string | number => typeof p !== 'symbol',
              ),
            ])}: ${i.message}`,
        )
        .join('; ')}`,
    );
  }
  const levels =
    parsed.data.levels?.map(l => ({
      id: l.id,
      title: l.title ?? l.id[0].toUpperCase() + l.id.slice(1),
      requires: { ...l.requires },
    })) ?? DEFAULT_LEVELS;
  // A deprecated asset holds the lowest level at most, unless the policy
  // says otherwise somewhere: the second level requires it, and every level
  // above requires the second.
  if (
    levels.length > 1 &&
    levels.every(l => l.requires.notDeprecated === undefined)
  ) {
    levels[1] = {
      ...levels[1],
      requires: { ...levels[1].requires, notDeprecated: true },
    };
  }
  const seen = new Set<string>();
  for (const level of levels) {
    if (seen.has(level.id)) {
      throw new InputError(
        `Invalid certification policy: level id "${level.id}" appears twice in ml.certification.levels`,
      );
    }
    seen.add(level.id);
  }
  return {
    levels,
    validityDays: parsed.data.validityDays,
    approvalValidityDays: parsed.data.approvalValidityDays,
    reviewers: parsed.data.reviewers.map(ref => {
      const lower = ref.toLocaleLowerCase('en-US');
      return lower.includes('/') ? lower : lower.replace(':', ':default/');
    }),
  };
}
