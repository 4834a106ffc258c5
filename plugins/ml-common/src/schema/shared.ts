import { z } from 'zod';
import { CLASSIFICATIONS, LIFECYCLES, ML_API_VERSION } from '../kinds';
import { entityRef } from './refs';

/** A non-empty string; `what` says what belongs there. */
export function text(what: string) {
  return z
    .string({ error: `must be ${what}` })
    .min(1, { error: `must not be empty: ${what}` })
    .meta({ description: what });
}

/** A list of non-empty strings. */
export function textList(what: string) {
  return z.array(text(what), { error: `must be a list of ${what}` }).meta({
    description: `List of ${what}`,
  });
}

export const lifecycleSchema = z
  .enum(LIFECYCLES, { error: `must be one of ${LIFECYCLES.join(', ')}` })
  .meta({ description: 'experimental, production or deprecated' });

export const classificationSchema = z
  .enum(CLASSIFICATIONS, {
    error: `must be one of ${CLASSIFICATIONS.join(', ')}`,
  })
  .meta({
    description:
      'Who may see the data: public, internal, confidential or restricted',
  });

/** ISO 8601 duration such as P1D or PT15M. */
export const durationSchema = z
  .string({ error: 'must be an ISO 8601 duration like "P1D" or "PT15M"' })
  .regex(
    /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
    {
      error: 'must be an ISO 8601 duration like "P1D" or "PT15M"',
    },
  );

/** ISO 8601 calendar date such as 2026-12-31. */
export const dateSchema = z.iso.date({
  error: 'must be a date like "2026-12-31"',
});

export const urlSchema = z.url({
  error: 'must be an absolute URL like "https://host/path"',
});

/** Fields every ML entity's spec shares. */
export const baseSpecShape = {
  owner: entityRef(['group', 'user'], 'group:default/ml-platform').meta({
    description: 'Owning group (or user), e.g. group:default/ml-platform',
  }),
  lifecycle: lifecycleSchema,
  system: entityRef(['system'], 'system:default/recommendations').optional(),
  license: text(
    'an SPDX licence id such as "apache-2.0", or "proprietary"',
  ).optional(),
  // On models and features too: an asset is as sensitive as the data it learnt
  // from, and the restricted-data health check compares the two.
  classification: classificationSchema.optional(),
};

export function envelope<K extends string>(kind: K, description: string) {
  return {
    apiVersion: z.literal(ML_API_VERSION, {
      error: `must be "${ML_API_VERSION}"`,
    }),
    kind: z.literal(kind, { error: `must be "${kind}"` }).meta({ description }),
    // The catalog validates metadata itself; keep it open here.
    metadata: z.looseObject({
      name: z.string({ error: 'must be the entity name' }),
      title: z.string().optional(),
      description: z.string().optional(),
    }),
  };
}
