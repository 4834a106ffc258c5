import { z } from 'zod';
import { CLASSIFICATIONS, LIFECYCLES, ML_API_VERSION } from '../kinds';

// [kind:][namespace/]name, as accepted by parseEntityRef in @backstage/catalog-model.
const ENTITY_REF =
  /^(?:[a-zA-Z][a-zA-Z0-9-]*:)?(?:[a-zA-Z0-9][a-zA-Z0-9._-]*\/)?[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

/** An entity ref; `example` tells the owner what a valid one looks like. */
export function entityRef(example: string) {
  const message = `must be an entity ref like "${example}"`;
  return z
    .string({ invalid_type_error: message, required_error: message })
    .regex(ENTITY_REF, message);
}

export function entityRefList(example: string) {
  return z.array(entityRef(example), {
    invalid_type_error: `must be a list of entity refs like ["${example}"]`,
  });
}

export const lifecycleSchema = z.enum(LIFECYCLES, {
  errorMap: () => ({ message: `must be one of ${LIFECYCLES.join(', ')}` }),
});

export const classificationSchema = z.enum(CLASSIFICATIONS, {
  errorMap: () => ({ message: `must be one of ${CLASSIFICATIONS.join(', ')}` }),
});

const nonEmpty = (what: string) =>
  z
    .string({ invalid_type_error: `must be ${what}`, required_error: `is required: ${what}` })
    .min(1, `must not be empty: ${what}`);

/** Fields every ML entity's spec shares. */
export const baseSpecShape = {
  owner: entityRef('group:default/ml-platform'),
  lifecycle: lifecycleSchema,
  system: entityRef('system:default/recommendations').optional(),
  license: nonEmpty('an SPDX licence id such as "apache-2.0" or "proprietary"').optional(),
};

export function envelope<K extends string>(kind: K) {
  return {
    apiVersion: z.literal(ML_API_VERSION, {
      errorMap: () => ({ message: `must be "${ML_API_VERSION}"` }),
    }),
    kind: z.literal(kind),
    metadata: z.object({ name: z.string() }).passthrough(),
  };
}

export { nonEmpty };
