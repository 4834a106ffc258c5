import { z } from 'zod';

// [kind:][namespace/]name, as accepted by parseEntityRef in @backstage/catalog-model.
const ENTITY_REF =
  /^(?:([a-zA-Z][a-zA-Z0-9-]*):)?(?:[a-zA-Z0-9][a-zA-Z0-9._-]*\/)?[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

/**
 * Matches a ref with no kind or one of `kinds`, case-insensitively without regex
 * flags, so the generated JSON Schema enforces exactly what zod does.
 */
function kindPrefix(kinds: string[]): RegExp {
  const anyCase = (word: string) =>
    [...word]
      .map(
        c => `[${c.toLocaleLowerCase('en-US')}${c.toLocaleUpperCase('en-US')}]`,
      )
      .join('');
  return new RegExp(`^(?:(?:${kinds.map(anyCase).join('|')}):|[^:]*$)`);
}

/**
 * An entity ref such as `dataset:default/customers` or just `customers`. When the
 * ref spells out a kind it must be one of `kinds`: a Model trained on a Feature
 * is a mistake worth catching before the catalog draws a wrong lineage edge.
 */
export function entityRef(kinds: string[], example: string) {
  const shape = `must be an entity ref like "${example}"`;
  return z
    .string({ error: shape })
    .regex(ENTITY_REF, { error: shape })
    .regex(kindPrefix(kinds), {
      error: `must refer to ${orList(kinds)}, e.g. "${example}"`,
    })
    .meta({
      description: `Entity ref (${orList(kinds)}), e.g. ${example}`,
    });
}

export function entityRefList(kinds: string[], example: string) {
  return z.array(entityRef(kinds, example), {
    error: `must be a list of entity refs like ["${example}"]`,
  });
}

/** `a`, `a or b`, `a, b or c`: readable in an error message. */
function orList(words: readonly string[]): string {
  return words.length < 2
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
