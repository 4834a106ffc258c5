import type { Entity } from '@backstage/catalog-model';
import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import MiniSearch from 'minisearch';
import { INTENT_VOCABULARY, isIntentWord } from './queryIntent';
import { stemOf, wordsOf } from './searchTerms';

/** The share of a word's letters a correction may change. */
const FUZZY = 0.34;

/** Words shorter than this are neither corrected nor offered. */
const MIN_WORD = 3;

const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);

/** The words one asset uses, each as often as it uses it. */
function wordsOfAsset(asset: MarketplaceAsset, entity: Entity | undefined) {
  const words: string[] = [];
  const add = (value: unknown) => {
    if (typeof value !== 'string') return;
    for (const word of wordsOf(value)) {
      if (word.length >= MIN_WORD && !/\d/.test(word)) words.push(word);
    }
  };
  [asset.title, asset.name, asset.task, asset.description].forEach(add);
  asset.tags.forEach(add);
  const spec = (entity?.spec ?? {}) as Record<string, any>;
  list(spec.features).forEach(f => add(f?.name));
  list(spec.schema?.columns).forEach(c => add(c?.name));
  list(spec.evaluation).forEach(e => add(e?.metric));
  return words;
}

/**
 * The words the marketplace's assets use (titles, names, tags, tasks,
 * descriptions, features, columns, metrics), to turn a query with unknown
 * words into "did you mean" one that uses known ones.
 */
export class Vocabulary {
  private readonly known: Map<string, number>;
  private readonly index: MiniSearch<{ id: number; word: string }>;

  static of(
    assets: MarketplaceAsset[],
    entityByRef: Map<string, Entity>,
  ): Vocabulary {
    // Words the query reader understands are corrected to as well ("modles"
    // is "models"), counted as used by every asset.
    const words = new Map<string, number>();
    for (const word of INTENT_VOCABULARY) words.set(word, assets.length);
    for (const asset of assets) {
      for (const word of wordsOfAsset(asset, entityByRef.get(asset.ref))) {
        words.set(word, (words.get(word) ?? 0) + 1);
      }
    }
    return new Vocabulary(words);
  }

  private constructor(words: Map<string, number>) {
    this.known = words;
    this.index = new MiniSearch({
      fields: ['word'],
      storeFields: ['word'],
      // Whole words only: the index is for spelling, not for search.
      tokenize: text => [text],
      searchOptions: { fuzzy: FUZZY, prefix: false },
    });
    this.index.addAll([...words.keys()].map((word, id) => ({ id, word })));
  }

  /**
   * Learns the words of changed assets, in place (a catalog change between
   * builds). Words an asset no longer uses stay known until the next build:
   * at worst a suggestion names a word one asset dropped.
   */
  learn(assets: Array<{ asset: MarketplaceAsset; entity?: Entity }>) {
    for (const { asset, entity } of assets) {
      for (const word of wordsOfAsset(asset, entity)) {
        const count = this.known.get(word);
        this.known.set(word, (count ?? 0) + 1);
        if (count === undefined) {
          this.index.add({ id: this.index.documentCount, word });
        }
      }
    }
  }

  /** Whether some asset uses the word (or a word it begins). */
  private knows(word: string, isIndexed?: (stem: string) => boolean): boolean {
    if (this.known.has(word) || isIntentWord(word)) return true;
    if (this.index.search(word, { fuzzy: false, prefix: true }).length) {
      return true;
    }
    // "classify" is known through "classification", "streaming" through a
    // dataset's type: the search index has every field's stems.
    const stem = stemOf(word);
    return !!stem && !!isIndexed?.(stem);
  }

  /**
   * The known word nearest to `word`: fewest edits, a swap of neighbours
   * counting as one ("chrun" is "churn", not "chain"), then the word the
   * assets use most ("modle" is "model" rather than "mode").
   */
  private nearest(word: string): string | undefined {
    let best: string | undefined;
    let bestKey: [number, number] = [Infinity, 0];
    // A third of the word's letters may be wrong, at least one. MiniSearch
    // counts a swap as two edits: ask it for two when one is allowed, then
    // count properly.
    const allowed = Math.max(1, Math.round(word.length * FUZZY));
    for (const { word: candidate } of this.index.search(word, {
      fuzzy: Math.max(2, allowed),
    })) {
      const key: [number, number] = [
        editDistance(word, candidate),
        this.known.get(candidate) ?? 0,
      ];
      if (key[0] > allowed) continue;
      if (
        key[0] < bestKey[0] ||
        (key[0] === bestKey[0] && key[1] > bestKey[1])
      ) {
        best = candidate;
        bestKey = key;
      }
    }
    return best;
  }

  /**
   * The query with each unknown word replaced by the nearest known one, or
   * undefined when every word is known or none has a near neighbour.
   * `isIndexed` says whether the search index has a stem in any field.
   */
  correct(
    text: string,
    isIndexed?: (stem: string) => boolean,
  ): string | undefined {
    let changed = false;
    const corrected = wordsOf(text).map(word => {
      // Stop words and short words are left alone: "a", "ml", "for".
      if (word.length < MIN_WORD || !stemOf(word) || /\d/.test(word)) {
        return word;
      }
      if (this.knows(word, isIndexed)) return word;
      const best = this.nearest(word);
      if (!best || best === word) return word;
      changed = true;
      return best;
    });
    return changed ? corrected.join(' ') : undefined;
  }
}

/**
 * Edits between two words: insertions, deletions, substitutions and swaps of
 * neighbouring letters, each one (optimal string alignment distance).
 */
export function editDistance(a: string, b: string): number {
  // rows[i][j]: edits between the first i letters of a and the first j of b.
  const rows = Array.from({ length: a.length + 1 }, (_, i) => {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(
        rows[i - 1][j] + 1,
        rows[i][j - 1] + 1,
        rows[i - 1][j - 1] + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}
