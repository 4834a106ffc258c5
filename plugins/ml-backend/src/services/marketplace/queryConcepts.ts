import type { NarrowerTable, SynonymTable } from './searchTerms';

/**
 * A query read as concepts: each of its words together with the synonyms
 * (and narrower terms) it reaches. "abuse detection" has two concepts; an
 * asset about fraud matches the first through "fraud", one about detectors
 * the second.
 */
export interface QueryConcepts {
  /** The query's words (stems); each is one concept. */
  words: string[];
  /** Phrases the words reach through synonyms and narrower terms (stems). */
  phrases: string[][];
  /** For each search term, the query words it stands for. */
  conceptsOf: Map<string, string[]>;
}

const contains = (
  terms: ReadonlyArray<string>,
  phrase: ReadonlyArray<string>,
) => phrase.every(t => terms.includes(t));

/**
 * The concepts of a query's words: the phrases their synonym groups and
 * narrower terms add, and which of the words each added term stands for.
 */
export function queryConceptsOf(
  words: string[],
  table: SynonymTable,
  narrower: NarrowerTable,
): QueryConcepts {
  const concepts = new Map<string, Set<string>>(
    words.map(w => [w, new Set([w])]),
  );
  const tie = (terms: ReadonlyArray<string>, to: Iterable<string>) => {
    for (const term of terms) {
      // A query word stands for itself only: "customer" alone is no match
      // for "customer lifetime value", which "ltv" reaches.
      if (words.includes(term)) continue;
      let set = concepts.get(term);
      if (!set) concepts.set(term, (set = new Set()));
      for (const word of to) set.add(word);
    }
  };
  const added = new Map<string, string[]>();
  const add = (phrase: ReadonlyArray<string>) => {
    added.set(phrase.join(' '), [...phrase]);
  };
  for (const group of table) {
    // The group's phrases the query says stand for the words that say them.
    const said = group.filter(phrase => contains(words, phrase));
    if (!said.length) continue;
    const others = group.filter(phrase => !contains(words, phrase));
    const saying = said.flat();
    for (const phrase of others) {
      add(phrase);
      tie(phrase, saying);
    }
  }
  // Narrower terms of a word the query reaches ("gbm" -> gradient boosting ->
  // XGBoost) count as that word, each in full.
  const reached = [...words, ...[...added.values()].flat()];
  for (const [broader, members] of narrower) {
    if (!contains(reached, broader)) continue;
    const saying = new Set(broader.flatMap(t => [...(concepts.get(t) ?? [])]));
    for (const member of members) {
      if (contains(words, member)) continue;
      add(member);
      tie(member, saying);
    }
  }
  return {
    words,
    phrases: [...added.values()],
    conceptsOf: new Map([...concepts].map(([term, set]) => [term, [...set]])),
  };
}

/**
 * A match's score with the query's words counted once each. MiniSearch
 * multiplies a match's score by the number of query terms it matched, so
 * assets that match more of the query rank higher; but it counts every
 * synonym as a term of its own, and an asset naming fraud, chargeback and scam
 * scored three times for the one word "abuse". Here the factor is the number
 * of the query's words matched, each directly or through its synonyms.
 */
export function coordinated(
  concepts: QueryConcepts,
  matchedTerms: ReadonlyArray<string>,
  score: number,
): number {
  const words = new Set<string>();
  for (const term of matchedTerms) {
    for (const word of concepts.conceptsOf.get(term) ?? []) words.add(word);
  }
  return (score / Math.max(1, matchedTerms.length)) * Math.max(1, words.size);
}
