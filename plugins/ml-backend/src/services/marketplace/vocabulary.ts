import type { Entity } from '@backstage/catalog-model';
import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import MiniSearch from 'minisearch';
import { stemOf, wordsOf } from './searchTerms';

/** Words shorter than this are neither corrected nor offered. */
const MIN_WORD = 3;

const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);

/**
 * The words the marketplace's assets use (titles, names, tags, tasks,
 * descriptions, features, columns, metrics), to turn a query with unknown
 * words into "did you mean" one that uses known ones.
 */
export class Vocabulary {
  private readonly known: Set<string>;
  private readonly index: MiniSearch<{ id: number; word: string }>;

  static of(
    assets: MarketplaceAsset[],
    entityByRef: Map<string, Entity>,
  ): Vocabulary {
    const words = new Set<string>();
    const add = (value: unknown) => {
      if (typeof value !== 'string') return;
      for (const word of wordsOf(value)) {
        if (word.length >= MIN_WORD && !/\d/.test(word)) words.add(word);
      }
    };
    for (const asset of assets) {
      [asset.title, asset.name, asset.task, asset.description].forEach(add);
      asset.tags.forEach(add);
      const spec = (entityByRef.get(asset.ref)?.spec ?? {}) as Record<
        string,
        any
      >;
      list(spec.features).forEach(f => add(f?.name));
      list(spec.schema?.columns).forEach(c => add(c?.name));
      list(spec.evaluation).forEach(e => add(e?.metric));
    }
    return new Vocabulary(words);
  }

  private constructor(words: Set<string>) {
    this.known = words;
    this.index = new MiniSearch({
      fields: ['word'],
      storeFields: ['word'],
      // Whole words only: the index is for spelling, not for search.
      tokenize: text => [text],
      searchOptions: { fuzzy: 0.34, prefix: false },
    });
    this.index.addAll([...words].map((word, id) => ({ id, word })));
  }

  /** Whether some asset uses the word (or a word it begins). */
  private knows(word: string): boolean {
    if (this.known.has(word)) return true;
    return this.index.search(word, { fuzzy: false, prefix: true }).length > 0;
  }

  /**
   * The query with each unknown word replaced by the nearest known one, or
   * undefined when every word is known or none has a near neighbour.
   */
  correct(text: string): string | undefined {
    let changed = false;
    const corrected = wordsOf(text).map(word => {
      // Stop words and short words are left alone: "a", "ml", "for".
      if (word.length < MIN_WORD || !stemOf(word) || /\d/.test(word)) {
        return word;
      }
      if (this.knows(word)) return word;
      const best = this.index.search(word)[0]?.word as string | undefined;
      if (!best || best === word) return word;
      changed = true;
      return best;
    });
    return changed ? corrected.join(' ') : undefined;
  }
}
