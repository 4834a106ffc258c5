import { z } from 'zod';

/** A required `entityRef` parameter, with an example in the error. */
export function entityRefParam(example: string) {
  return z
    .string({ error: `entityRef is required, e.g. ?entityRef=${example}` })
    .min(1, { error: 'entityRef must not be empty' });
}

/**
 * A whole-number query parameter from 1 (to `max` when given), read from its
 * string form, whose errors name the parameter and its range in words.
 */
export function wholeNumberParam(
  name: string,
  options: { max?: number; default: number },
) {
  const range = options.max ? `from 1 to ${options.max}` : 'from 1';
  const schema = z.coerce
    .number({ error: `${name} must be a number ${range}` })
    .int({ error: `${name} must be a whole number ${range}` })
    .min(1, { error: `${name} must be ${range}` });
  return (
    options.max
      ? schema.max(options.max, { error: `${name} must be ${range}` })
      : schema
  ).default(options.default);
}
