import type {
  MarketplaceAsset,
  MarketplaceFacet,
  MarketplaceQuery,
  MarketplaceResults,
} from '@ml-marketplace/plugin-ml-common';
import type MiniSearch from 'minisearch';
import type { RankingSignals } from './rankingSignals';
import type { SearchDocument } from './searchDocuments';
import { narrowerTable, stemOf } from './searchTerms';
import type { Vocabulary } from './vocabulary';

/*
 * The marketplace index's snapshot: what one build works out so that a
 * search is a filter over precomputed numbers rather than string work per
 * request (facet values as ids with counts over all assets, each sort's
 * order as a position).
 */

/** What a search compares, worked out once per index build rather than per request. */
export interface AssetFacts {
  /** Lower-case title or name, for sorting by name. */
  label: string;
  /** Position in each sort's order among all assets (score aside): numbers compare faster than the chain. */
  pos: Record<MarketplaceQuery['sort'], number>;
  /** Position in Snapshot.assets. */
  index: number;
  /** Certification level's rank in the policy; -1 when uncertified. */
  rank: number;
}

export interface Snapshot {
  facts: Map<string, AssetFacts>;
  /** The same by asset number (position in `assets`). */
  factsAt: AssetFacts[];
  assets: MarketplaceAsset[];
  byRef: Map<string, MarketplaceAsset>;
  /** Datasets and features each asset reads, for "similar" recommendations. */
  inputs: Map<string, string[]>;
  numberOf: Map<string, number>;
  /** Assets directly up- and downstream, by number: see RankableIndex. */
  nearAt: Int32Array;
  near: Int32Array;
  kindOf: string[];
  search: MiniSearch<SearchDocument>;
  signals: RankingSignals;
  vocabulary: Vocabulary;
  /** Per facet (MARKETPLACE_FACETS order): the value ids of each asset, each id's value and lower-cased key, and every asset's counts. */
  columns: FacetColumn[];
  /** Every asset as a hit without a score, in each sort's order. */
  ordered: Record<
    MarketplaceQuery['sort'],
    Array<{ asset: MarketplaceAsset; facts: AssetFacts; score: number }>
  >;
  /** Answers of recent queries, per caller's readable set (cleared with the snapshot). */
  answers: Map<string, { readable: Set<string>; answer: Answer }>;
  builtAt: number;
  /** Refs patched in since the build, oldest first (repeats allowed): their readability is checked again. */
  patchedRefs: string[];
}

/**
 * One facet's values as numbers: asset i has ids[offsets[i]] up to
 * ids[offsets[i + 1]] (most have one or none).
 */
export interface FacetColumn {
  offsets: Int32Array;
  ids: Int32Array;
  values: string[];
  keys: string[];
  /** Counts over all assets: the answer when every asset is a hit and no facet is picked. */
  all: Int32Array;
}

export type Hit = { asset: MarketplaceAsset; facts: AssetFacts; score: number };
/** Everything of a search result but the page. */
export interface Answer {
  filtered: Hit[];
  facets: MarketplaceResults['facets'];
  didYouMean?: string;
  nearest?: MarketplaceResults['nearest'];
}
/** How many answers are kept per snapshot. */
export const ANSWER_CACHE = 64;
export const NARROWER = narrowerTable();

// Module-level, so the index does not hold build()'s scope (and with it
// every catalog entity) through these functions.
export const indexTerm = (term: string, field?: string) => {
  // Bare numbers ("30 days", "12 intents", a column's "2") are a quarter of
  // all terms in a large catalog and almost never what people search for;
  // they stay searchable in names ("model-123").
  if (field !== 'name' && /^\d+$/.test(term)) return null;
  return stemOf(term.toLocaleLowerCase('en-US')) ?? null;
};
export const queryTerm = (term: string) => term;

/** One shared frozen array per distinct list: most assets share their facet values. */
export function interner() {
  const lists = new Map<string, ReadonlyArray<any>>();
  return <T>(list: T[]): ReadonlyArray<T> => {
    const key = list.join('\u0000');
    let shared = lists.get(key);
    if (!shared) lists.set(key, (shared = Object.freeze(list)));
    return shared as ReadonlyArray<T>;
  };
}

/**
 * Values of the `rating` facet, best first: an asset is in every band its
 * mean reaches (4.2 stars: 4+, 3+, 2+ and 1+), so a filter on `3+` keeps
 * means of 3 and more.
 */
export const RATING_BANDS = ['4+', '3+', '2+', '1+'] as const;
export const UNRATED = 'unrated';
const RATING_ORDER: string[] = [...RATING_BANDS, UNRATED];

function ratingValuesOf(rating: MarketplaceAsset['rating']): string[] {
  if (!rating) return [UNRATED];
  return RATING_BANDS.filter(band => rating.average >= Number(band[0]));
}

/**
 * A picked facet value as the index keys it: lower case, and for `rating`
 * a bare `4` (what `?rating=4+` becomes unless the `+` is encoded) as `4+`.
 */
export function facetKey(facet: MarketplaceFacet, value: string): string {
  const key = value.trim().toLocaleLowerCase('en-US');
  return facet === 'rating' && /^[1-4]$/.test(key) ? `${key}+` : key;
}

/** Order of a facet's values in an answer: most hits first; rating bands best first. */
export function facetValueOrder(
  facet: MarketplaceFacet,
): (
  a: { value: string; count: number },
  b: { value: string; count: number },
) => number {
  if (facet === 'rating') {
    return (a, b) =>
      RATING_ORDER.indexOf(a.value) - RATING_ORDER.indexOf(b.value);
  }
  return (a, b) =>
    b.count - a.count || (a.value < b.value ? -1 : Number(a.value > b.value));
}

/** The values an asset has for one facet (an asset may have several tags or sources). */
export function valuesOf(
  asset: MarketplaceAsset,
  facet: MarketplaceFacet,
): string[] {
  switch (facet) {
    case 'rating':
      return ratingValuesOf(asset.rating);
    case 'tag':
      return asset.tags;
    case 'dataSource':
      return asset.dataSources;
    case 'kind':
      return [asset.kind.toLocaleLowerCase('en-US')];
    default: {
      const value = asset[facet];
      return typeof value === 'string' ? [value] : [];
    }
  }
}

export const byLabel = (a: Hit, b: Hit) =>
  a.facts.label < b.facts.label ? -1 : Number(a.facts.label > b.facts.label);
export const newer = (a: Hit, b: Hit) => {
  const x = a.asset.updatedAt ?? '';
  const y = b.asset.updatedAt ?? '';
  return x > y ? -1 : Number(x < y);
};
/** Best mean first, then most ratings; unrated last. */
export const byRating = (a: Hit, b: Hit) => {
  const x = a.asset.rating;
  const y = b.asset.rating;
  if (!x || !y) return Number(!x) - Number(!y);
  return y.average - x.average || y.count - x.count;
};
/** The sorts' order among assets of equal score (as search() sorted before). */
export const STATIC_SORTERS: Record<
  MarketplaceQuery['sort'],
  (a: Hit, b: Hit) => number
> = {
  relevance: (a, b) =>
    b.facts.rank - a.facts.rank ||
    b.asset.consumers - a.asset.consumers ||
    byLabel(a, b),
  name: byLabel,
  recency: (a, b) => newer(a, b) || byLabel(a, b),
  reuse: (a, b) => b.asset.consumers - a.asset.consumers || byLabel(a, b),
  rating: (a, b) => byRating(a, b) || byLabel(a, b),
};
/** The same by precomputed position, and by score first for relevance. */
export const SORTERS: Record<
  MarketplaceQuery['sort'],
  (a: Hit, b: Hit) => number
> = {
  relevance: (a, b) =>
    b.score - a.score || a.facts.pos.relevance - b.facts.pos.relevance,
  name: (a, b) => a.facts.pos.name - b.facts.pos.name,
  recency: (a, b) => a.facts.pos.recency - b.facts.pos.recency,
  reuse: (a, b) => a.facts.pos.reuse - b.facts.pos.reuse,
  rating: (a, b) => a.facts.pos.rating - b.facts.pos.rating,
};

/** How many nearest assets an empty result offers. */
export const NEAREST_LIMIT = 6;
