import { List, ListSubheader } from '@material-ui/core';
import StorefrontIcon from '@material-ui/icons/Storefront';
import { CatalogIcon } from '@backstage/core-components';
import { CatalogSearchResultListItem } from '@backstage/plugin-catalog';
import type { SearchResultSet } from '@backstage/plugin-search-common';
import { MlAssetSearchResultListItem } from '@ml-marketplace/plugin-ml';

/**
 * Search results, in the sidebar's search and on the search page: the page's
 * ML assets first, with
 * their badges (Lunr scores each document type in an index of its own, so a
 * component that says "churn" once outranks the churn model), then the rest.
 */
export const searchResultItems = ({ results }: SearchResultSet) => {
  const ml = results.filter(r => r.type === 'ml-asset');
  const other = results.filter(r => r.type !== 'ml-asset');
  return (
    <List>
      {ml.length > 0 && <ListSubheader disableSticky>ML assets</ListSubheader>}
      {ml.map(({ document, highlight, rank }) => (
        <MlAssetSearchResultListItem
          key={document.location}
          result={document}
          highlight={highlight}
          rank={rank}
          icon={<StorefrontIcon />}
        />
      ))}
      {ml.length > 0 && other.length > 0 && (
        <ListSubheader disableSticky>Everything else</ListSubheader>
      )}
      {other.map(({ document, highlight, rank }) => (
        <CatalogSearchResultListItem
          key={document.location}
          result={document}
          highlight={highlight}
          rank={rank}
          icon={<CatalogIcon />}
        />
      ))}
    </List>
  );
};
