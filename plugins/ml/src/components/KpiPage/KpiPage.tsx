import { Suspense, lazy } from 'react';
import {
  Content,
  EmptyState,
  Header,
  InfoCard,
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

const KpiCharts = lazy(() => import('./KpiCharts'));

const useStyles = makeStyles(theme => ({
  value: { fontSize: 36, fontWeight: 'bold' },
  caption: { color: theme.palette.text.secondary },
}));

const percent = (share: number) => `${Math.round(share * 100)}%`;

function Stat({
  label,
  value,
  hint,
}: {
  label: string;
  value: string;
  hint: string;
}) {
  const classes = useStyles();
  return (
    <InfoCard title={label} noPadding={false}>
      <Typography className={classes.value} aria-label={`${label}: ${value}`}>
        {value}
      </Typography>
      <Typography variant="body2" className={classes.caption}>
        {hint}
      </Typography>
    </InfoCard>
  );
}

/** The marketplace's health in numbers, over the assets the viewer may read. */
export function KpiPage() {
  const mlApi = useApi(mlApiRef);
  const {
    value: kpis,
    loading,
    error,
  } = useAsync(() => mlApi.getKpis(), [mlApi]);

  return (
    <Page themeId="tool">
      <Header
        title="Marketplace KPIs"
        subtitle="Reuse, trust and freshness of ML assets"
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
              />
            </Grid>
            <Grid item xs={12} sm={6} md={3}>
              <Stat
                label="Healthy"
                value={percent(kpis.healthyShare)}
                hint="No failing health check"
              />
            </Grid>
            <Grid item xs={12} sm={6} md={3}>
              <Stat
                label="Reuse rate"
                value={percent(kpis.reuseRate)}
                hint="Read by two or more entities"
              />
            </Grid>
            <Grid item xs={12} sm={6} md={3}>
              <Stat
                label="Stale"
                value={percent(kpis.staleShare)}
                hint="No new version or evaluation lately"
              />
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Kinds and certification">
                <Suspense fallback={<Progress />}>
                  <KpiCharts kpis={kpis} />
                </Suspense>
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Deprecated but still consumed">
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
