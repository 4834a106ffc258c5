import { z } from 'zod';

/** A required `entityRef` parameter, with an example in the error. */
export function entityRefParam(example: string) {
  return z
    .string({ error: `entityRef is required, e.g. ?entityRef=${example}` })
    .min(1, { error: 'entityRef must not be empty' });
}
