import { Suspense, lazy } from 'react';
import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, EntityRefLinks } from '@backstage/plugin-catalog-react';
import {
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
  makeStyles,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import {
  useMarketplaceLink,
  type MarketplaceFilters,
} from '../shared/marketplaceLink';
import type { MarketplaceSearch } from '../../api';
import { demoSpan } from './demoSpan';
import { TeamTable } from './TeamTable';

const KpiCharts = lazy(() => import('./KpiCharts'));
const KpiTrends = lazy(() => import('./KpiTrends'));

/** Days of history the trend charts show. */
const TREND_DAYS = 120;

const useStyles = makeStyles(theme => ({
  value: { fontSize: 36, fontWeight: 'bold' },
  caption: { color: theme.palette.text.secondary },
}));

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** "12.5", "< 1" (versions the same day), "n/a" without two versions. */
function daysText(days: number | undefined) {
  if (days === undefined) return 'n/a';
  return days < 1 ? '< 1' : String(days);
}

/** One figure as a tile; the figure links to the assets behind it. */
export function Stat({
  label,
  value,
  hint,
  to,
}: {
  label: string;
  value: string;
  hint: string;
  to?: string;
}) {
  const classes = useStyles();
  const figure = (
    <Typography className={classes.value} aria-label={`${label}: ${value}`}>
      {value}
    </Typography>
  );
  return (
    <InfoCard title={label} noPadding={false}>
      {to ? (
        <Link to={to} underline="none" title={`The assets behind ${label}`}>
          {figure}
        </Link>
      ) : (
        figure
      )}
      <Typography variant="body2" className={classes.caption}>
        {hint}
      </Typography>
    </InfoCard>
  );
}

/** The marketplace's health in numbers, over the assets the viewer may read. */
export function KpiPage() {
  const mlApi = useApi(mlApiRef);
  const link = useMarketplaceLink();
  const to = (search: MarketplaceFilters | MarketplaceSearch) => link(search);
  const {
    value: kpis,
    loading,
    error,
  } = useAsync(() => mlApi.getKpis(), [mlApi]);
  const history = useAsync(() => mlApi.getKpiHistory(TREND_DAYS), [mlApi]);
  const demo = history.value && demoSpan(history.value.days);
  const levels = kpis ? Object.keys(kpis.certifiedShare) : [];

  return (
    <Page themeId="tool">
      <Header
        title="Marketplace KPIs"
        subtitle="Reuse, trust and freshness of ML assets, now and over time"
      />
      <Content>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {kpis && kpis.assets === 0 && (
          <EmptyState
            missing="data"
            title="No ML assets yet"
            description="Register Models, Features and Datasets in the catalog; KPIs follow the first health sweep."
          />
        )}
        {kpis && kpis.assets > 0 && (
          <Grid container spacing={3}>
            <Grid item xs={12} sm={6} md={3}>
              <Stat
                label="Assets"
                value={String(kpis.assets)}
                hint="Models, features and datasets you can see"
                to={to({})}
              />
            </Grid>
            <Grid item xs={12} sm={6} md={3}>
              <Stat
                label="Healthy"
                value={percent(kpis.healthyShare)}
                hint="No failing health check"
                to={to({ health: ['pass', 'warn'] })}
              />
            </Grid>
            <Grid item xs={12} sm={6} md={3}>
              <Stat
                label="Reuse rate"
                value={percent(kpis.reuseRate)}
                hint="Read by two or more entities; most reused first"
                to={to({ sort: 'reuse' })}
              />
            </Grid>
            <Grid item xs={12} sm={6} md={3}>
              <Stat
                label="Stale"
                value={percent(kpis.staleShare)}
                hint="No new version or evaluation lately; they show under Warnings"
                to={to({ health: ['warn'] })}
              />
            </Grid>
            <Grid item xs={12}>
              <InfoCard
                title="Over time"
                subheader={
                  demo
                    ? `Days from ${demo.from} to ${demo.to} are demo data, seeded so the charts are not empty on a new demo; later days are measured.`
                    : 'One snapshot a day, taken by the ml backend.'
                }
              >
                {history.loading && <Progress />}
                {history.error && <ResponseErrorPanel error={history.error} />}
                {history.value && history.value.days.length < 2 && (
                  <Typography>
                    The first daily snapshots are being taken; trends show from
                    the second day.
                  </Typography>
                )}
                {history.value && history.value.days.length >= 2 && (
                  <Suspense fallback={<Progress />}>
                    <KpiTrends days={history.value.days} />
                  </Suspense>
                )}
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <TeamTable teams={kpis.teams} levels={levels} />
            </Grid>
            <Grid item xs={12} md={8}>
              <InfoCard title="Kinds, certification and model delivery">
                <Suspense fallback={<Progress />}>
                  <KpiCharts kpis={kpis} />
                </Suspense>
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={4}>
              <Stat
                label="Days between versions"
                value={daysText(kpis.delivery.medianDaysBetweenVersions)}
                hint={`Median days between two versions of a model line, over ${kpis.delivery.modelLines} registered models`}
                to={to({ filters: { kind: ['model'] }, sort: 'recency' })}
              />
            </Grid>
            <Grid item xs={12}>
              <InfoCard
                title="Deprecated but still consumed"
                subheader={
                  <Link to={to({ lifecycle: ['deprecated'] })}>
                    All deprecated assets
                  </Link>
                }
              >
                {kpis.deprecatedStillConsumed.length === 0 ? (
                  <Typography>Nothing reads a deprecated asset.</Typography>
                ) : (
                  <List dense>
                    {kpis.deprecatedStillConsumed.map(d => (
                      <ListItem key={d.entityRef}>
                        <ListItemText
                          primary={<EntityRefLink entityRef={d.entityRef} />}
                          secondary={
                            <>
                              read by{' '}
                              <EntityRefLinks entityRefs={d.consumers} />
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
        )}
      </Content>
    </Page>
  );
}
