import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Content,
  Header,
  InfoCard,
  Link,
  LinkButton,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { createProjectRouteRef } from '../../routes';
import {
  Box,
  Chip,
  Grid,
  InputAdornment,
  List,
  ListItem,
  ListItemText,
  TextField,
  Typography,
  makeStyles,
} from '@material-ui/core';
import SearchIcon from '@material-ui/icons/Search';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import { AssetCard } from '../MarketplacePage/AssetCard';
import { facetLabel } from '../MarketplacePage/FacetPanel';
import { KpiTiles } from '../KpiPage/KpiTiles';
import { useMarketplaceLink } from '../shared/marketplaceLink';

const useStyles = makeStyles(theme => ({
  search: { maxWidth: 760 },
  entries: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
  tags: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
  reason: { display: 'block' },
  section: { marginTop: theme.spacing(1) },
}));

/** Assets as compact cards, or a sentence when there are none. */
function AssetList(props: {
  loading: boolean;
  error?: Error;
  items?: Parameters<typeof AssetCard>[0]['asset'][];
  labels?: Record<string, string>;
  empty: string;
}) {
  const { loading, error, items, labels, empty } = props;
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!items?.length) return <Typography>{empty}</Typography>;
  return (
    <Grid container spacing={2}>
      {items.map(asset => (
        <Grid item xs={12} sm={6} lg={4} key={asset.ref}>
          <AssetCard asset={asset} labels={labels} />
        </Grid>
      ))}
    </Grid>
  );
}

/**
 * The ML home: search first, then the assets worth reusing (exemplars: the
 * highest certification, most reused), what changed lately, what needs the
 * user's teams' attention, and the marketplace in figures. Every tag, owner
 * and figure leads to the marketplace filtered by it.
 */
export function HomePage() {
  const classes = useStyles();
  const mlApi = useApi(mlApiRef);
  const navigate = useNavigate();
  const link = useMarketplaceLink();
  const [q, setQ] = useState('');
  const createProject = useRouteRef(createProjectRouteRef);

  const kpis = useAsync(() => mlApi.getKpis(), [mlApi]);
  const levels = kpis.value ? Object.keys(kpis.value.certifiedShare) : [];
  const exemplars = useAsync(async () => {
    if (!kpis.value) return undefined;
    // The highest level any asset holds, most reused first; when nothing is
    // certified, the most trusted overall.
    for (const level of [...levels].reverse()) {
      if (!kpis.value.certifiedShare[level]) continue;
      const results = await mlApi.searchMarketplace({
        filters: { certification: [level] },
        sort: 'reuse',
        pageSize: 6,
      });
      if (results.items.length) return { level, results };
    }
    return {
      level: undefined,
      results: await mlApi.searchMarketplace({
        sort: 'relevance',
        pageSize: 6,
      }),
    };
  }, [mlApi, kpis.value]);
  const recent = useAsync(
    () => mlApi.searchMarketplace({ sort: 'recency', pageSize: 6 }),
    [mlApi],
  );
  const attention = useAsync(() => mlApi.getAttention(), [mlApi]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(link({ q: q.trim() }));
  };
  const tags = (recent.value?.facets.tag ?? []).slice(0, 14);

  return (
    <Page themeId="home">
      <Header
        title="ML marketplace"
        subtitle="Find, trust and reuse the models, features and datasets your company already has"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <form onSubmit={submit} role="search" className={classes.search}>
              <TextField
                fullWidth
                variant="outlined"
                value={q}
                onChange={e => setQ(e.target.value)}
                placeholder="Describe what you need, e.g. churn model with high recall"
                inputProps={{ 'aria-label': 'Search ML assets' }}
                InputProps={{
                  startAdornment: (
                    <InputAdornment position="start">
                      <SearchIcon />
                    </InputAdornment>
                  ),
                }}
              />
            </form>
            <Box mt={2} className={classes.entries}>
              <LinkButton variant="contained" color="primary" to={link({})}>
                Browse the marketplace
              </LinkButton>
              {createProject && (
                <LinkButton
                  variant="outlined"
                  color="primary"
                  to={createProject()}
                >
                  Create an ML project
                </LinkButton>
              )}
              <LinkButton variant="outlined" to={`${link({})}/kpis`}>
                Marketplace KPIs
              </LinkButton>
            </Box>
            {tags.length > 0 && (
              <Box mt={2} className={classes.tags} aria-label="Popular tags">
                {tags.map(t => (
                  <Chip
                    key={t.value}
                    size="small"
                    clickable
                    role="link"
                    component={Link}
                    to={link({ tag: [t.value] })}
                    label={`${t.value} (${t.count})`}
                  />
                ))}
              </Box>
            )}
          </Grid>

          {kpis.value && kpis.value.assets > 0 && (
            <KpiTiles
              kpis={kpis.value}
              tiles={['assets', 'certified', 'healthy', 'reuse']}
            />
          )}

          <Grid item xs={12} lg={8}>
            <InfoCard
              title="Exemplary assets"
              subheader={
                exemplars.value?.level
                  ? `Certified ${exemplars.value.level}, the highest level any asset holds; most reused first`
                  : 'The most trusted and most reused'
              }
            >
              <AssetList
                loading={kpis.loading || exemplars.loading}
                error={kpis.error ?? exemplars.error}
                items={exemplars.value?.results.items}
                labels={exemplars.value?.results.labels}
                empty="No asset is certified yet."
              />
            </InfoCard>
            <Box mt={3}>
              <InfoCard
                title="Recently added or updated"
                subheader={
                  <Link to={link({ sort: 'recency' })}>All, newest first</Link>
                }
              >
                <AssetList
                  loading={recent.loading}
                  error={recent.error}
                  items={recent.value?.items}
                  labels={recent.value?.labels}
                  empty="Nothing yet: register Models, Features and Datasets in the catalog."
                />
              </InfoCard>
            </Box>
          </Grid>

          <Grid item xs={12} lg={4}>
            <InfoCard
              title={
                attention.value?.scope === 'mine'
                  ? "Needs your team's attention"
                  : 'Needs attention'
              }
              subheader={
                attention.value?.scope === 'everyone'
                  ? 'Your teams own no ML asset, so this shows every team’s.'
                  : undefined
              }
            >
              {attention.loading && <Progress />}
              {attention.error && (
                <ResponseErrorPanel error={attention.error} />
              )}
              {attention.value && attention.value.items.length === 0 && (
                <Typography>
                  Nothing is failing, expiring or deprecated while still read.
                </Typography>
              )}
              {attention.value && attention.value.items.length > 0 && (
                <List dense aria-label="Needs attention">
                  {attention.value.items.map(({ asset, reasons }) => (
                    <ListItem key={asset.ref} disableGutters>
                      <ListItemText
                        primary={
                          <EntityRefLink
                            entityRef={asset.ref}
                            title={asset.title ?? asset.name}
                          />
                        }
                        secondary={
                          <>
                            {reasons.map(r => (
                              <span key={r.kind} className={classes.reason}>
                                {r.text}
                              </span>
                            ))}
                            {asset.owner && (
                              <span className={classes.reason}>
                                Owner:{' '}
                                <Link to={link({ owner: [asset.owner] })}>
                                  {facetLabel(
                                    'owner',
                                    asset.owner,
                                    attention.value!.labels,
                                  )}
                                </Link>
                              </span>
                            )}
                          </>
                        }
                      />
                    </ListItem>
                  ))}
                </List>
              )}
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
