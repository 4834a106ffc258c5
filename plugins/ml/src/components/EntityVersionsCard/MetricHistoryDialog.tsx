import { Suspense, lazy } from 'react';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { RegistryMetricPoint } from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import { formatMetricValue } from '../shared/metricThresholds';

// recharts is large: load it only when a history has a line to draw.
const MetricHistoryChart = lazy(() => import('./MetricHistoryChart'));

const useStyles = makeStyles(
  theme => ({
    note: { marginBottom: theme.spacing(2) },
    table: { maxHeight: 320, overflowY: 'auto', marginTop: theme.spacing(2) },
  }),
  { name: 'MlMetricHistoryDialog' },
);

/** NaN and infinities arrive as `null`: said in words, not as a bare "NaN". */
export const formatLoggedValue = (value: number | null) =>
  value === null ? 'not a number (logged as NaN)' : formatMetricValue(value);

function HistoryTable(props: {
  metric: string;
  points: RegistryMetricPoint[];
}) {
  const classes = useStyles();
  return (
    // Scrolls on long histories; focusable so that keyboards can scroll it.
    <Box
      className={classes.table}
      tabIndex={0}
      role="region"
      aria-label="Logged values"
    >
      <Table size="small" stickyHeader aria-label={`${props.metric} by step`}>
        <TableHead>
          <TableRow>
            <TableCell>Step</TableCell>
            <TableCell align="right">Value</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.points.map((p, i) => (
            <TableRow key={`${i}-${p.step}`}>
              <TableCell>{p.step}</TableCell>
              <TableCell align="right">{formatLoggedValue(p.value)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function MetricHistory(props: MetricHistoryDialogProps) {
  const classes = useStyles();
  const mlApi = useApi(mlApiRef);
  const { entityRef, version, metric } = props;
  const { value, loading, error } = useAsync(
    () => mlApi.getMetricHistory({ entityRef, version, metric }),
    [mlApi, entityRef, version, metric],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  const { points } = value;
  if (!points.length) {
    return (
      <Typography variant="body2">
        {`No value of ${metric} was logged by the run of version ${version}.`}
      </Typography>
    );
  }
  if (points.length === 1) {
    const [only] = points;
    return (
      <>
        <Typography variant="subtitle2" component="p">
          Only one value was logged
        </Typography>
        <Typography variant="body2" className={classes.note}>
          {`${metric} was ${formatLoggedValue(only.value)} at step ${
            only.step
          }; a line appears when a run logs it at several steps.`}
        </Typography>
        <HistoryTable metric={metric} points={points} />
      </>
    );
  }
  return (
    <>
      <Suspense fallback={<Progress />}>
        <MetricHistoryChart metric={metric} points={points} />
      </Suspense>
      <HistoryTable metric={metric} points={points} />
    </>
  );
}

/** Props of {@link MetricHistoryDialog}. */
export interface MetricHistoryDialogProps {
  entityRef: string;
  version: string;
  metric: string;
  /** The metric's final value in each version that logged it, oldest first. */
  acrossVersions?: Array<{ version: string; value: number | null }>;
  onClose: () => void;
}

/** The metric version by version: a line from two versions on, and a table. */
function AcrossVersions(props: {
  metric: string;
  values: Array<{ version: string; value: number | null }>;
}) {
  const classes = useStyles();
  const { metric, values } = props;
  const numbered = values.every(v => /^\d+$/.test(v.version));
  return (
    <section aria-label="Across versions">
      <Typography variant="subtitle2" component="h3">
        {`${metric} across versions`}
      </Typography>
      {numbered && values.length > 1 && (
        <Suspense fallback={<Progress />}>
          <MetricHistoryChart
            metric={metric}
            xLabel="Version"
            points={values.map(v => ({
              step: Number(v.version),
              value: v.value,
            }))}
          />
        </Suspense>
      )}
      <Box
        className={classes.table}
        tabIndex={0}
        role="region"
        aria-label="Values by version"
      >
        <Table size="small" aria-label={`${metric} by version`}>
          <TableHead>
            <TableRow>
              <TableCell>Version</TableCell>
              <TableCell align="right">Value</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {values.map(v => (
              <TableRow key={v.version}>
                <TableCell>{v.version}</TableCell>
                <TableCell align="right">
                  {formatLoggedValue(v.value)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </section>
  );
}

/**
 * Every value the run of a version logged for one metric: a line by step and
 * the same values as a table. Loaded when opened, through the `ml` backend.
 */
export function MetricHistoryDialog(props: MetricHistoryDialogProps) {
  const { version, metric, onClose } = props;
  const titleId = 'ml-metric-history-title';
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth>
      <DialogTitle id={titleId}>
        {`${metric} over the steps of version ${version}`}
      </DialogTitle>
      <DialogContent>
        <MetricHistory {...props} />
        {props.acrossVersions && props.acrossVersions.length > 1 && (
          <Box mt={3}>
            <AcrossVersions metric={metric} values={props.acrossVersions} />
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} color="primary">
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
