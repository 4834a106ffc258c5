import { useRouteRef } from '@backstage/core-plugin-api';
import type { MarketplaceFacet } from '@ml-marketplace/plugin-ml-common';
import type { MarketplaceSearch } from '../../api';
import { rootRouteRef } from '../../routes';
import { paramsFromSearch } from '../MarketplacePage/searchParams';

/** Filters of a marketplace link: `{ tag: ['churn'] }`. */
export type MarketplaceFilters = Partial<Record<MarketplaceFacet, string[]>>;

/**
 * Links into the marketplace with a search or filters, e.g. a tag chip to
 * `/ml?tag=churn`: every number and label that stands for assets leads to them.
 */
export function useMarketplaceLink(): (
  search: MarketplaceFilters | MarketplaceSearch,
) => string {
  const root = useRouteRef(rootRouteRef)();
  return search => {
    const full: MarketplaceSearch =
      'filters' in search || 'q' in search || 'sort' in search
        ? (search as MarketplaceSearch)
        : { filters: search as MarketplaceFilters };
    const params = paramsFromSearch(full).toString();
    return params ? `${root}?${params}` : root;
  };
}
