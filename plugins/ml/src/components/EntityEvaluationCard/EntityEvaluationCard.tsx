import { trendVersions } from './trendData';
import { Suspense, lazy, useState } from 'react';
import {
  Box,
  Button,
  Chip,
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  InfoCardVariants,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  AssetKpis,
  ModelEntity,
  isModelEntity,
} from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import {
  MetricThresholdMark,
  formatMetricValue,
  formatThreshold,
} from '../shared/metricThresholds';
import { versionLabel } from './trendData';

// recharts is large: load it only when a card has a trend to draw.
const EvaluationTrendChart = lazy(() => import('./EvaluationTrendChart'));

/** Version tables shown before "Show all": the declared results and the newest registry versions. */
const VERSIONS_SHOWN = 4;

const EVALUATION_YAML = `spec:
  evaluation:
    - metric: auc
      value: 0.91
      split: test
      threshold: 0.85
`;

const useStyles = makeStyles(
  theme => ({
    label: {
      color: theme.palette.text.secondary,
      textTransform: 'uppercase',
      fontSize: '10px',
      fontWeight: 'bold',
      letterSpacing: 0.5,
      lineHeight: 1,
      paddingBottom: theme.spacing(0.5),
    },
    version: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
      marginTop: theme.spacing(2),
    },
    note: { marginTop: theme.spacing(1) },
  }),
  { name: 'MlEntityEvaluationCard' },
);

const pad = (n: number) => String(n).padStart(2, '0');

/** `2025-03-01 14:05 UTC`: the same in every locale and time zone; the input if it is not a date. */
function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(
    d.getUTCDate(),
  )} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

function Facts(props: { kpis: AssetKpis }) {
  const classes = useStyles();
  const { consumers, lastUpdatedAt } = props.kpis;
  return (
    <Grid container spacing={2}>
      <Grid item xs={6}>
        <Typography className={classes.label} component="h3">
          Consumers
        </Typography>
        <Typography variant="body2">
          {`${consumers} ${
            consumers === 1 ? 'entity reads' : 'entities read'
          } this model`}
        </Typography>
      </Grid>
      <Grid item xs={6}>
        <Typography className={classes.label} component="h3">
          Last updated
        </Typography>
        <Typography variant="body2">
          {lastUpdatedAt ? (
            <time dateTime={lastUpdatedAt}>
              {formatTimestamp(lastUpdatedAt)}
            </time>
          ) : (
            <em>not known yet</em>
          )}
        </Typography>
      </Grid>
    </Grid>
  );
}

function VersionMetrics(props: { version: AssetKpis['versions'][number] }) {
  const classes = useStyles();
  const { version, source, metrics, createdAt } = props.version;
  return (
    <Box>
      <Box className={classes.version}>
        <Typography variant="subtitle2" component="h3">
          {source === 'registry'
            ? versionLabel(props.version)
            : `Version ${version}`}
        </Typography>
        <Chip
          size="small"
          variant="outlined"
          label={source === 'catalog' ? 'declared in catalog' : 'registry'}
        />
        {createdAt && (
          <Typography variant="caption" color="textSecondary">
            <time dateTime={createdAt}>{formatTimestamp(createdAt)}</time>
          </Typography>
        )}
      </Box>
      <Table size="small" aria-label={`Metrics of version ${version}`}>
        <TableHead>
          <TableRow>
            <TableCell>Metric</TableCell>
            <TableCell>Slice</TableCell>
            <TableCell align="right">Value</TableCell>
            <TableCell align="right">Threshold</TableCell>
            <TableCell>Met</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {metrics.map((m, i) => (
            <TableRow key={`${i}-${m.metric}-${m.slice ?? ''}`}>
              <TableCell>{m.metric}</TableCell>
              <TableCell>{m.slice ?? 'overall'}</TableCell>
              <TableCell align="right">{formatMetricValue(m.value)}</TableCell>
              <TableCell align="right">{formatThreshold(m)}</TableCell>
              <TableCell>
                <MetricThresholdMark metric={m} />
              </TableCell>
            </TableRow>
          ))}
          {metrics.length === 0 && (
            <TableRow>
              <TableCell colSpan={5}>
                <em>No metrics recorded for this version</em>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </Box>
  );
}

/** The declared results first, then registry versions newest first (the API sends them oldest first). */
function newestFirst(versions: AssetKpis['versions']): AssetKpis['versions'] {
  return [
    ...versions.filter(v => v.source !== 'registry'),
    ...versions.filter(v => v.source === 'registry').reverse(),
  ];
}

function VersionList(props: { versions: AssetKpis['versions'] }) {
  const [showAll, setShowAll] = useState(false);
  const ordered = newestFirst(props.versions);
  const shown = showAll ? ordered : ordered.slice(0, VERSIONS_SHOWN);
  const hidden = ordered.length - shown.length;
  return (
    <>
      {shown.map(v => (
        <VersionMetrics key={`${v.source}-${v.version}`} version={v} />
      ))}
      {hidden > 0 && (
        <Box mt={1}>
          <Button size="small" onClick={() => setShowAll(true)}>
            {`Show ${hidden} older ${hidden === 1 ? 'version' : 'versions'}`}
          </Button>
        </Box>
      )}
    </>
  );
}

function EvaluationContent(props: { entity: ModelEntity }) {
  const classes = useStyles();
  const mlApi = useApi(mlApiRef);
  const entityRef = stringifyEntityRef(props.entity);
  const { value, loading, error } = useAsync(
    () => mlApi.getAssetKpis(entityRef),
    [mlApi, entityRef],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  if (!value.versions.length) {
    return (
      <>
        <Facts kpis={value} />
        <EmptyState
          missing="data"
          title="No evaluation results yet"
          description="Add spec.evaluation or register versions in MLflow."
          action={
            <CodeSnippet
              language="yaml"
              text={EVALUATION_YAML}
              showCopyCodeButton
            />
          }
        />
      </>
    );
  }

  return (
    <>
      <Facts kpis={value} />
      <Box mt={2}>
        {trendVersions(value.versions).length > 1 ? (
          <Suspense fallback={<Progress />}>
            <EvaluationTrendChart versions={value.versions} />
          </Suspense>
        ) : (
          <Typography
            variant="body2"
            color="textSecondary"
            className={classes.note}
          >
            The trend across versions appears once the registry has results for
            more than one version.
          </Typography>
        )}
      </Box>
      <VersionList versions={value.versions} />
    </>
  );
}

/** Props of {@link EntityEvaluationCard}. */
export interface EntityEvaluationCardProps {
  variant?: InfoCardVariants;
}

/**
 * A Model's evaluation results per version (declared in the catalog, then the
 * registry's), with thresholds marked met or missed, a trend chart when there
 * is more than one version, and how many entities consume the model.
 *
 * On entities other than Models it shows a one-line notice and calls no API.
 */
export function EntityEvaluationCard(props: EntityEvaluationCardProps) {
  const { entity } = useEntity();
  return (
    <InfoCard title="Evaluation" variant={props.variant}>
      {isModelEntity(entity) ? (
        <EvaluationContent entity={entity} />
      ) : (
        <Typography variant="body2">
          {`Evaluation results are recorded for Model entities; this entity is a ${entity.kind}.`}
        </Typography>
      )}
    </InfoCard>
  );
}
