/** More values than any real entity holds; the largest dataset schemas stay far below. */
export const MAX_ENTITY_VALUES = 100_000;

/**
 * Why an entity is too large to validate, or undefined when it is not.
 *
 * YAML aliases (`*name`) make one parsed node appear many times: ten nested
 * aliases of ten repeat a value ten billion times (the "billion laughs"
 * document) while the parsed object stays small, and an alias inside its own
 * anchor makes a cycle. Walking such an entity, as validation and error
 * messages do, would hang; so count values as a walk would meet them, and
 * stop at `limit`.
 */
export function oversizeReason(
  entity: unknown,
  limit = MAX_ENTITY_VALUES,
): string | undefined {
  const seen = new Set<unknown>([entity]);
  let shared = false;
  let count = 1;
  const stack: unknown[] = [entity];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    const children = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) {
      // Counted when met, so one huge list stops the walk as early as deep nesting.
      if (++count > limit) return tooLarge(shared, limit);
      if (typeof child === 'object' && child !== null) {
        // Meeting the same object twice means an alias (or a cycle).
        if (seen.has(child)) shared = true;
        else seen.add(child);
      }
      stack.push(child);
    }
  }
  return undefined;
}

function tooLarge(shared: boolean, limit: number): string {
  const values = limit.toLocaleString('en-US');
  return shared
    ? `uses too many YAML aliases: written out, it would hold more than ${values} values. Write the repeated values out, or use fewer *aliases`
    : `is too large: it holds more than ${values} values. Split it into several entities`;
}
