import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  CircularProgress,
  Collapse,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  mlHealthCheckRunPermission,
  type EntityHealth,
  type HealthCheckResultView,
  type HealthStatus,
} from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import {
  describeError,
  formatDate,
  formatDateTime,
  relativeTime,
} from '../shared/entityCardFormat';

/** How many status changes the history shows. */
const HISTORY_LIMIT = 20;

const SEVERITY: Record<HealthStatus, number> = { fail: 0, warn: 1, pass: 2 };

const STATUS_TEXT: Record<
  HealthStatus,
  { chip: string; glyph: string; label: string }
> = {
  pass: { chip: 'Passing', glyph: '✓', label: 'pass' },
  warn: { chip: 'Warnings', glyph: '!', label: 'warn' },
  fail: { chip: 'Failing', glyph: '✗', label: 'fail' },
};

const useStyles = makeStyles(
  theme => ({
    header: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    grow: { flexGrow: 1 },
    checked: { color: theme.palette.text.secondary },
    list: { listStyle: 'none', margin: theme.spacing(2, 0, 0), padding: 0 },
    item: {
      display: 'flex',
      gap: theme.spacing(1.5),
      padding: theme.spacing(1, 0),
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
    glyph: {
      fontWeight: 'bold',
      width: '1.2em',
      textAlign: 'center',
      flexShrink: 0,
    },
    pass: { color: theme.palette.success.main },
    warn: { color: theme.palette.warning.main },
    fail: { color: theme.palette.error.main },
    chipPass: {
      backgroundColor: theme.palette.success.main,
      color: theme.palette.success.contrastText,
    },
    chipWarn: {
      backgroundColor: theme.palette.warning.main,
      color: theme.palette.warning.contrastText,
    },
    chipFail: {
      backgroundColor: theme.palette.error.main,
      color: theme.palette.error.contrastText,
    },
    secondary: { color: theme.palette.text.secondary },
    history: { marginTop: theme.spacing(2) },
  }),
  { name: 'MlEntityHealthCard' },
);

function StatusGlyph({ status }: { status: HealthStatus }) {
  const classes = useStyles();
  return (
    <span
      role="img"
      aria-label={STATUS_TEXT[status].label}
      className={`${classes.glyph} ${classes[status]}`}
    >
      {STATUS_TEXT[status].glyph}
    </span>
  );
}

function StatusChip({ status }: { status: HealthStatus }) {
  const classes = useStyles();
  const className = {
    pass: classes.chipPass,
    warn: classes.chipWarn,
    fail: classes.chipFail,
  }[status];
  return (
    <Chip
      label={STATUS_TEXT[status].chip}
      className={className}
      data-status={status}
    />
  );
}

/** The worst status of the results, for an answer without an overall status. */
function worst(results: HealthCheckResultView[]): HealthStatus | undefined {
  return [...results].sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status])[0]
    ?.status;
}

function Results({ results }: { results: HealthCheckResultView[] }) {
  const classes = useStyles();
  // Worst first, so what needs fixing comes first.
  const sorted = [...results].sort(
    (a, b) => SEVERITY[a.status] - SEVERITY[b.status],
  );
  return (
    <ul className={classes.list} aria-label="Check results">
      {sorted.map(result => (
        <li
          key={result.checkId}
          className={classes.item}
          data-check={result.checkId}
        >
          <StatusGlyph status={result.status} />
          <div>
            <Typography variant="subtitle2" component="h4">
              {result.title}
            </Typography>
            <Typography variant="body2">{result.message}</Typography>
            {result.fixHint && result.status !== 'pass' && (
              <Typography variant="body2" className={classes.secondary}>
                Suggestion: {result.fixHint}
              </Typography>
            )}
            <Typography variant="caption" className={classes.secondary}>
              since{' '}
              <time
                dateTime={result.since}
                title={new Date(result.since).toLocaleString()}
              >
                {formatDate(result.since)}
              </time>
            </Typography>
          </div>
        </li>
      ))}
    </ul>
  );
}

function History({ health }: { health: EntityHealth }) {
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const titles = new Map(health.results.map(r => [r.checkId, r.title]));
  const entries = [...health.history]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, HISTORY_LIMIT);

  if (!entries.length) {
    return (
      <Typography variant="body2" className={classes.history}>
        No status changes recorded yet.
      </Typography>
    );
  }
  return (
    <div className={classes.history}>
      <Button size="small" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? 'Hide history' : `Show history (${entries.length} changes)`}
      </Button>
      <Collapse in={open} unmountOnExit>
        <ul className={classes.list} aria-label="Health history">
          {entries.map(entry => (
            <li key={`${entry.checkId}-${entry.at}`} className={classes.item}>
              <StatusGlyph status={entry.status} />
              <div>
                <Typography variant="body2">
                  <strong>{titles.get(entry.checkId) ?? entry.checkId}</strong>:{' '}
                  {entry.message}
                </Typography>
                <Typography variant="caption" className={classes.secondary}>
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                </Typography>
              </div>
            </li>
          ))}
        </ul>
      </Collapse>
    </div>
  );
}

/**
 * The latest health-check results of an ML asset, their recent changes, and,
 * for those allowed, a button that re-runs the checks now.
 */
export function EntityHealthCard() {
  const classes = useStyles();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const mlApi = useApi(mlApiRef);
  const { allowed: canRun } = usePermission({
    permission: mlHealthCheckRunPermission,
    resourceRef: entityRef,
  });
  const { value, loading, error } = useAsync(
    () => mlApi.getHealth(entityRef),
    [mlApi, entityRef],
  );
  // The answer of the last re-run, newer than the loaded one.
  const [rerun, setRerun] = useState<{
    entityRef: string;
    health: EntityHealth;
  }>();
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<Error>();

  const title = 'Health';
  const health = rerun?.entityRef === entityRef ? rerun.health : value;
  if (!health) {
    if (loading || !error) {
      return (
        <InfoCard title={title}>
          <Progress />
        </InfoCard>
      );
    }
    return (
      <InfoCard title={title}>
        <ResponseErrorPanel error={error} />
      </InfoCard>
    );
  }

  const runChecks = async () => {
    setRunning(true);
    setRunError(undefined);
    try {
      const result = await mlApi.runHealthChecks(entityRef);
      setRerun({ entityRef, health: result });
    } catch (e) {
      // The previous results stay on screen.
      setRunError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setRunning(false);
    }
  };

  const status = health.status ?? worst(health.results);
  return (
    <InfoCard title={title}>
      <div className={classes.header}>
        {status && <StatusChip status={status} />}
        {health.checkedAt && (
          <Typography variant="body2" className={classes.checked}>
            checked{' '}
            <time
              dateTime={health.checkedAt}
              title={new Date(health.checkedAt).toLocaleString()}
            >
              {relativeTime(health.checkedAt)}
            </time>
          </Typography>
        )}
        <span className={classes.grow} />
        {canRun && (
          <Button
            variant="outlined"
            color="primary"
            size="small"
            onClick={runChecks}
            disabled={running}
            startIcon={
              running ? (
                <CircularProgress size={16} color="inherit" />
              ) : undefined
            }
          >
            {running ? 'Running checks…' : 'Re-run checks'}
          </Button>
        )}
      </div>
      {running && (
        <Box mt={1}>
          <Progress />
        </Box>
      )}
      {runError && (
        <Box mt={1}>
          <Typography role="alert" color="error" variant="body2">
            Could not re-run the checks: {describeError(runError)}
          </Typography>
        </Box>
      )}
      {health.results.length === 0 ? (
        <Box mt={2}>
          <Typography variant="body2">
            Not checked yet: the health sweep runs on a schedule.
          </Typography>
        </Box>
      ) : (
        <>
          <Results results={health.results} />
          <History health={health} />
        </>
      )}
    </InfoCard>
  );
}
