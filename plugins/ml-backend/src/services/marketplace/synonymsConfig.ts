import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

const EXAMPLE = 'e.g. [["gmv", "gross merchandise value"]]';

/**
 * Reads `ml.marketplace.synonyms`: groups of words or phrases that mean the
 * same. A mistake stops start-up with the config path and the fix.
 */
export function readSynonyms(config: Config): string[][] {
  const raw = config.getOptional('ml.marketplace.synonyms');
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    throw new InputError(
      `ml.marketplace.synonyms must be a list of groups of words that mean the same, ${EXAMPLE}`,
    );
  }
  return raw.map((group, i) => {
    const where = `ml.marketplace.synonyms[${i}]`;
    if (
      !Array.isArray(group) ||
      group.length < 2 ||
      group.some(w => typeof w !== 'string' || !w.trim())
    ) {
      throw new InputError(
        `${where} must list at least two words or phrases that mean the same, ${EXAMPLE}; got ${JSON.stringify(
          group,
        )}`,
      );
    }
    return group.map(w => String(w).trim());
  });
}
