import { z } from 'zod';
import { entityRefParam, wholeNumberParam } from './queryParams';

/** Facets of the marketplace search, in the order the page shows them. */
export const MARKETPLACE_FACETS = [
  'kind',
  'domain',
  'system',
  'owner',
  'tag',
  'dataSource',
  'lifecycle',
  'certification',
  'health',
  /** Mean stars: `4+`, `3+`, `2+`, `1+` (an asset is in each band it reaches) or `unrated`. */
  'rating',
  'license',
  'task',
] as const;
export type MarketplaceFacet = (typeof MARKETPLACE_FACETS)[number];

export const MARKETPLACE_SORTS = [
  'relevance',
  'name',
  'recency',
  'reuse',
  /** Best rated first (mean stars, then number of ratings); unrated last. */
  'rating',
] as const;

/** A facet parameter: `?owner=a&owner=b` or `?owner=a,b`; values within a facet are alternatives. */
const facetValues = z
  .union([z.string(), z.array(z.string())])
  .transform(v =>
    (Array.isArray(v) ? v : [v])
      .flatMap(s => s.split(','))
      .map(s => s.trim())
      .filter(Boolean),
  )
  .optional();

/** Query of `GET /api/ml/marketplace`. */
export const marketplaceQuerySchema = z.object({
  q: z
    .string({ error: 'q must be text' })
    .max(200, { error: 'q must be at most 200 characters' })
    .optional(),
  ...(Object.fromEntries(MARKETPLACE_FACETS.map(f => [f, facetValues])) as {
    [K in MarketplaceFacet]: typeof facetValues;
  }),
  sort: z
    .enum(MARKETPLACE_SORTS, {
      error: `sort must be one of ${MARKETPLACE_SORTS.join(', ')}`,
    })
    .default('relevance'),
  page: wholeNumberParam('page', { default: 1 }),
  pageSize: wholeNumberParam('pageSize', { max: 100, default: 24 }),
});

export type MarketplaceQuery = z.infer<typeof marketplaceQuerySchema>;

/** One asset as the marketplace lists it. */
export interface MarketplaceAsset {
  /** Lower-case entity ref. */
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  description?: string;
  owner?: string;
  system?: string;
  domain?: string;
  tags: string[];
  lifecycle?: string;
  classification?: string;
  license?: string;
  task?: string;
  /** Where its data lives: storage schemes of the datasets it is (or reads). */
  dataSources: string[];
  certification?: string;
  health?: 'pass' | 'warn' | 'fail';
  /** Entities that read it directly. */
  consumers: number;
  /** When its spec last changed, as the health sweep saw it. */
  updatedAt?: string;
  /** Users' ratings (see `/feedback`); absent while nobody rated it. */
  rating?: { average: number; count: number };
}

/** Answer of `GET /api/ml/marketplace`. */
export interface MarketplaceResults {
  items: MarketplaceAsset[];
  total: number;
  page: number;
  pageSize: number;
  /**
   * Counts of every facet value among the hits of the query and the other
   * facets' filters. When nothing matches, the values of every asset the
   * caller may read, at zero, so the filters do not vanish.
   */
  facets: Record<MarketplaceFacet, Array<{ value: string; count: number }>>;
  /**
   * The query with words no asset uses replaced by the nearest ones that
   * are used ("recomendation" -> "recommendation"), when that query finds
   * something.
   */
  didYouMean?: string;
  /**
   * Titles of the owners, systems and domains named in the facets and the
   * items, by ref (`group:default/growth-ml` -> `Growth ML`); refs without a
   * title are left out.
   */
  labels: Record<string, string>;
  /** When nothing matches: the nearest assets, and why they are the nearest. */
  nearest?: MarketplaceNearest;
}

/**
 * What the marketplace offers instead of an empty page: `withoutFilters`,
 * what the words find when the filters are dropped; `didYouMean`, what the
 * corrected query finds; `popular`, the most trusted and reused assets when
 * nothing is close.
 */
export interface MarketplaceNearest {
  reason: 'withoutFilters' | 'didYouMean' | 'popular';
  items: MarketplaceAsset[];
}

/** Query of `GET /api/ml/marketplace/related`. */
export const relatedQuerySchema = z.object({
  entityRef: entityRefParam('model:default/churn-model'),
});

/** Answer of `GET /api/ml/marketplace/related`: recommendations for one asset page. */
export interface RelatedAssets {
  /** Same kind, sharing task, domain, inputs or tags; best match first, with why. */
  similar: Array<{ asset: MarketplaceAsset; reasons: string[] }>;
  /** Read by the same consumers as this asset; most shared consumers first. */
  usedTogether: Array<{ asset: MarketplaceAsset; sharedConsumers: number }>;
}

/** Why an asset needs its owners' attention, most urgent first. */
export type AttentionReason = 'failing' | 'expiring' | 'deprecatedConsumed';

/** An asset that needs its owners' attention, and why, in words. */
export interface AttentionItem {
  asset: MarketplaceAsset;
  reasons: Array<{ kind: AttentionReason; text: string }>;
}

/**
 * Answer of `GET /attention`: failing assets, certificates about to expire and
 * deprecated assets still read. `mine` when the caller's teams own ML
 * assets (then only theirs), else `everyone`.
 */
export interface AttentionResponse {
  scope: 'mine' | 'everyone';
  /** The caller's ownership refs that own assets (scope `mine`). */
  owners: string[];
  items: AttentionItem[];
  labels: Record<string, string>;
}
