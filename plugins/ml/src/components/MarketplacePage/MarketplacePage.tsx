import { useEffect, useState } from 'react';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  SupportButton,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  Button,
  Grid,
  InputAdornment,
  Link,
  MenuItem,
  TextField,
  Typography,
  makeStyles,
} from '@material-ui/core';
import SearchIcon from '@material-ui/icons/Search';
import Pagination from '@material-ui/lab/Pagination';
import type { MarketplaceFacet } from '@ml-marketplace/plugin-ml-common';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { mlApiRef, type MarketplaceSearch } from '../../api';
import { rootRouteRef } from '../../routes';
import { AssetCard } from './AssetCard';
import { FacetPanel } from './FacetPanel';
import { NoMatches } from './NoMatches';
import { paramsFromSearch, searchFromParams } from './searchParams';

const PAGE_SIZE = 24;
const MAX_COMPARE = 4;

const SORTS: Array<{
  value: NonNullable<MarketplaceSearch['sort']>;
  label: string;
}> = [
  { value: 'relevance', label: 'Relevance' },
  { value: 'name', label: 'Name' },
  { value: 'recency', label: 'Recently updated' },
  { value: 'reuse', label: 'Most reused' },
  { value: 'rating', label: 'Best rated' },
];

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'center',
    marginBottom: theme.spacing(2),
    flexWrap: 'wrap',
  },
  search: { flexGrow: 1, minWidth: 240 },
  pages: {
    display: 'flex',
    justifyContent: 'center',
    marginTop: theme.spacing(3),
  },
  didYouMean: { marginBottom: theme.spacing(2) },
}));

/**
 * Find Models, Features and Datasets: full-text search that forgives typos,
 * facets with counts, sorting and pages, all held in the URL so a search can be
 * shared. The backend hides what the user may not read.
 */
export function MarketplacePage() {
  const classes = useStyles();
  const mlApi = useApi(mlApiRef);
  const rootLink = useRouteRef(rootRouteRef);
  const [params, setParams] = useSearchParams();
  const search = searchFromParams(params);
  const [text, setText] = useState(search.q ?? '');
  const [compare, setCompare] = useState<string[]>([]);

  const update = (next: MarketplaceSearch) =>
    setParams(paramsFromSearch(next), { replace: true });

  // Type freely; the URL (and the request) follow once typing pauses.
  useDebounce(
    () => {
      if (text !== (search.q ?? '')) update({ ...search, q: text, page: 1 });
    },
    300,
    [text],
  );
  // Back/forward or a shared link changes the query under the box.
  const urlQuery = search.q ?? '';
  useEffect(() => setText(urlQuery), [urlQuery]);

  const key = params.toString();
  const { value, loading, error } = useAsync(
    () => mlApi.searchMarketplace({ ...search, pageSize: PAGE_SIZE }),
    [mlApi, key],
  );

  const toggle = (facet: MarketplaceFacet, facetValue: string) => {
    const current = search.filters?.[facet] ?? [];
    const next = current.includes(facetValue)
      ? current.filter(v => v !== facetValue)
      : [...current, facetValue];
    update({
      ...search,
      filters: { ...search.filters, [facet]: next },
      page: 1,
    });
  };

  const pages = value ? Math.ceil(value.total / PAGE_SIZE) : 0;
  // The backend shows the last page for a page beyond it.
  const page = value?.page ?? search.page ?? 1;
  const searchFor = (words: string) => {
    setText(words);
    update({ ...search, q: words, page: 1 });
  };
  const compareLink = `${rootLink()}/compare?refs=${compare
    .map(encodeURIComponent)
    .join(',')}`;

  return (
    <Page themeId="tool">
      <Header
        title="ML Marketplace"
        subtitle="Find, trust and reuse models, features and datasets"
      />
      <Content>
        <ContentHeader
          title={
            value
              ? `${value.total} ${value.total === 1 ? 'asset' : 'assets'}`
              : 'Assets'
          }
        >
          {compare.length >= 2 && (
            <Button
              variant="contained"
              color="primary"
              component={RouterLink}
              to={compareLink}
            >
              Compare {compare.length} models
            </Button>
          )}
          <SupportButton>
            Describe what you need in your own words (“fraud model with high
            recall”, “features about sessions”): every word helps, typos and
            synonyms are forgiven, and words like model, dataset, production or
            a metric rank what they name first. Narrow down with the filters;
            the address bar keeps the search so you can share it.
          </SupportButton>
        </ContentHeader>
        <Grid container spacing={3}>
          <Grid item xs={12} md={3}>
            <FacetPanel
              facets={value?.facets}
              labels={value?.labels}
              selected={search.filters ?? {}}
              onToggle={toggle}
            />
          </Grid>
          <Grid item xs={12} md={9}>
            <div className={classes.toolbar}>
              <TextField
                className={classes.search}
                variant="outlined"
                size="small"
                placeholder="Describe what you need, e.g. churn model with high recall"
                value={text}
                onChange={e => setText(e.target.value)}
                inputProps={{ 'aria-label': 'Search the marketplace' }}
                InputProps={{
                  startAdornment: (
                    <InputAdornment position="start">
                      <SearchIcon />
                    </InputAdornment>
                  ),
                }}
              />
              <TextField
                select
                size="small"
                variant="outlined"
                label="Sort by"
                value={search.sort ?? 'relevance'}
                onChange={e =>
                  update({
                    ...search,
                    sort: e.target.value as MarketplaceSearch['sort'],
                    page: 1,
                  })
                }
              >
                {SORTS.map(s => (
                  <MenuItem key={s.value} value={s.value}>
                    {s.label}
                  </MenuItem>
                ))}
              </TextField>
            </div>
            {loading && !value && <Progress />}
            {error && <ResponseErrorPanel error={error} />}
            {value?.didYouMean && value.total > 0 && (
              <Typography className={classes.didYouMean}>
                Did you mean{' '}
                <Link
                  component="button"
                  variant="body1"
                  onClick={() => searchFor(value.didYouMean!)}
                >
                  {value.didYouMean}
                </Link>
                ?
              </Typography>
            )}
            {value && value.total === 0 && (
              <NoMatches
                query={search.q}
                didYouMean={value.didYouMean}
                nearest={value.nearest}
                onSearch={searchFor}
                onClearFilters={() =>
                  update({ ...search, filters: {}, page: 1 })
                }
              />
            )}
            {value && value.total > 0 && (
              <>
                <Grid container spacing={2}>
                  {value.items.map(asset => (
                    <Grid item xs={12} sm={6} lg={4} key={asset.ref}>
                      <AssetCard
                        asset={asset}
                        labels={value.labels}
                        compare={
                          asset.kind.toLocaleLowerCase('en-US') === 'model'
                            ? {
                                checked: compare.includes(asset.ref),
                                disabled:
                                  !compare.includes(asset.ref) &&
                                  compare.length >= MAX_COMPARE,
                                onChange: () =>
                                  setCompare(c =>
                                    c.includes(asset.ref)
                                      ? c.filter(r => r !== asset.ref)
                                      : [...c, asset.ref],
                                  ),
                              }
                            : undefined
                        }
                      />
                    </Grid>
                  ))}
                </Grid>
                {pages > 1 && (
                  <div className={classes.pages}>
                    <Pagination
                      count={pages}
                      page={page}
                      onChange={(_, next) => update({ ...search, page: next })}
                    />
                  </div>
                )}
              </>
            )}
            {value && (
              <Typography variant="caption" color="textSecondary">
                Page {page} of {Math.max(pages, 1)}
              </Typography>
            )}
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
