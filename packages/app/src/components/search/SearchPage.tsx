import { makeStyles, Theme, Grid, Paper } from '@material-ui/core';
import StorefrontIcon from '@material-ui/icons/Storefront';
import { SearchType } from '@backstage/plugin-search';
import {
  SearchBar,
  SearchFilter,
  SearchPagination,
  SearchResult,
} from '@backstage/plugin-search-react';
import { CatalogIcon, Content, Header, Page } from '@backstage/core-components';
import { searchResultItems } from './searchResultItems';
import { ML_ASSET_DOCUMENT_TYPE } from '@ml-marketplace/plugin-ml-common';

const useStyles = makeStyles((theme: Theme) => ({
  bar: { padding: theme.spacing(1, 0) },
  filters: { padding: theme.spacing(2), marginTop: theme.spacing(2) },
  filter: { '& + &': { marginTop: theme.spacing(2.5) } },
}));

const SearchPage = () => {
  const classes = useStyles();
  return (
    <Page themeId="home">
      <Header title="Search" />
      <Content>
        <Grid container direction="row">
          <Grid item xs={12}>
            <Paper className={classes.bar}>
              <SearchBar />
            </Paper>
          </Grid>
          <Grid item xs={3}>
            {/* All types by default: Models, Features and Datasets are ML assets, not catalog documents. */}
            <SearchType.Accordion
              name="Result Type"
              types={[
                {
                  value: ML_ASSET_DOCUMENT_TYPE,
                  name: 'ML assets',
                  icon: <StorefrontIcon />,
                },
                {
                  value: 'software-catalog',
                  name: 'Software Catalog',
                  icon: <CatalogIcon />,
                },
              ]}
            />
            <Paper className={classes.filters}>
              {/* Both document types carry kind and lifecycle. */}
              <SearchFilter.Select
                className={classes.filter}
                label="Kind"
                name="kind"
                values={[
                  'Model',
                  'Feature',
                  'Dataset',
                  'Component',
                  'API',
                  'Template',
                ]}
              />
              <SearchFilter.Checkbox
                className={classes.filter}
                label="Lifecycle"
                name="lifecycle"
                values={['experimental', 'production', 'deprecated']}
              />
            </Paper>
          </Grid>
          <Grid item xs={9}>
            <SearchPagination />
            <SearchResult>{searchResultItems}</SearchResult>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};

export const searchPage = <SearchPage />;
