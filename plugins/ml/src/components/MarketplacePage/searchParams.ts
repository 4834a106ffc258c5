import {
  MARKETPLACE_FACETS,
  MARKETPLACE_SORTS,
  type MarketplaceFacet,
} from '@ml-marketplace/plugin-ml-common';
import type { MarketplaceSearch } from '../../api';

/** The search a URL holds: `?q=churn&kind=model&owner=group:default/growth-ml&sort=reuse&page=2`. */
export function searchFromParams(params: URLSearchParams): MarketplaceSearch {
  const filters: Partial<Record<MarketplaceFacet, string[]>> = {};
  for (const facet of MARKETPLACE_FACETS) {
    const values = params.getAll(facet).filter(Boolean);
    if (values.length) filters[facet] = values;
  }
  const sort = params.get('sort');
  const page = Number(params.get('page'));
  return {
    q: params.get('q') ?? '',
    filters,
    sort: (MARKETPLACE_SORTS as readonly string[]).includes(sort ?? '')
      ? (sort as MarketplaceSearch['sort'])
      : 'relevance',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The URL parameters of a search, leaving out defaults so links stay short. */
export function paramsFromSearch(search: MarketplaceSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  for (const facet of MARKETPLACE_FACETS) {
    for (const value of search.filters?.[facet] ?? []) {
      params.append(facet, value);
    }
  }
  if (search.sort && search.sort !== 'relevance') {
    params.set('sort', search.sort);
  }
  if (search.page && search.page > 1) params.set('page', String(search.page));
  return params;
}
