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
import { TopContributors } from './TopContributors';
import { KpiTiles, Stat } from './KpiTiles';

const KpiCharts = lazy(() => import('./KpiCharts'));
const KpiTrends = lazy(() => import('./KpiTrends'));

/** Days of history the trend charts show. */
const TREND_DAYS = 120;

/** "12.5", "< 1" (versions the same day), "n/a" without two versions. */
function daysText(days: number | undefined) {
  if (days === undefined) return 'n/a';
  return days < 1 ? '< 1' : String(days);
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
            <KpiTiles
              kpis={kpis}
              tiles={['assets', 'healthy', 'reuse', 'stale']}
            />
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
            {kpis.credit && (
              <Grid item xs={12}>
                <TopContributors credit={kpis.credit} />
              </Grid>
            )}
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
