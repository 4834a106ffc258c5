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
  effectiveHealthStatus,
  mlHealthCheckRunPermission,
  type EntityHealth,
  type HealthCheckResultView,
  type HealthHistoryEntry,
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

/**
 * How a result reads: an error that fails, a warning, advice (a finding that
 * never changes the asset's status: licence, card completeness) or a pass.
 */
type Shown = HealthStatus | 'advice';

const ORDER: Record<Shown, number> = { fail: 0, warn: 1, advice: 2, pass: 3 };

const SHOWN_TEXT: Record<Shown, { glyph: string; label: string }> = {
  pass: { glyph: '✓', label: 'passes' },
  warn: { glyph: '!', label: 'warning' },
  fail: { glyph: '✗', label: 'error' },
  advice: { glyph: 'i', label: 'advice' },
};

const CHIP_TEXT: Record<HealthStatus, string> = {
  pass: 'Passing',
  warn: 'Warnings',
  fail: 'Failing',
};

/** What a result or history entry shows as, its severity applied. */
function shownAs(result: HealthCheckResultView | HealthHistoryEntry): Shown {
  const effective = effectiveHealthStatus(
    result.status,
    result.severity ?? 'error',
  );
  return effective === 'pass' && result.status !== 'pass'
    ? 'advice'
    : effective;
}

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
    advice: { color: theme.palette.info.main },
    severity: {
      marginLeft: theme.spacing(1),
      fontWeight: 'normal',
      color: theme.palette.text.secondary,
    },
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

function StatusGlyph({ shown }: { shown: Shown }) {
  const classes = useStyles();
  return (
    <span
      role="img"
      aria-label={SHOWN_TEXT[shown].label}
      className={`${classes.glyph} ${classes[shown]}`}
    >
      {SHOWN_TEXT[shown].glyph}
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
      label={CHIP_TEXT[status]}
      className={className}
      data-status={status}
    />
  );
}

/** The worst status of the results, for an answer without an overall status. */
function worst(results: HealthCheckResultView[]): HealthStatus | undefined {
  if (!results.length) return undefined;
  const shown = results.map(shownAs);
  if (shown.includes('fail')) return 'fail';
  if (shown.includes('warn')) return 'warn';
  return 'pass';
}

/** "1 error, 2 warnings, 3 pieces of advice": what needs doing, by weight. */
function countsOf(results: HealthCheckResultView[]): string {
  const n = (shown: Shown) => results.filter(r => shownAs(r) === shown).length;
  const parts = [
    [n('fail'), 'error', 'errors'],
    [n('warn'), 'warning', 'warnings'],
    [n('advice'), 'piece of advice', 'pieces of advice'],
  ] as const;
  return parts
    .filter(([count]) => count > 0)
    .map(([count, one, many]) => `${count} ${count === 1 ? one : many}`)
    .join(', ');
}

const SEVERITY_LABEL: Record<Exclude<Shown, 'pass'>, string> = {
  fail: 'Error',
  warn: 'Warning',
  advice: 'Advice',
};

function Results({ results }: { results: HealthCheckResultView[] }) {
  const classes = useStyles();
  // Errors first, then warnings, advice and passes: what needs fixing first.
  const sorted = [...results].sort(
    (a, b) => ORDER[shownAs(a)] - ORDER[shownAs(b)],
  );
  return (
    <ul className={classes.list} aria-label="Check results">
      {sorted.map(result => (
        <li
          key={result.checkId}
          className={classes.item}
          data-check={result.checkId}
          data-shown={shownAs(result)}
        >
          <StatusGlyph shown={shownAs(result)} />
          <div>
            <Typography variant="subtitle2" component="h4">
              {result.title}
              {shownAs(result) !== 'pass' && ' '}
              {shownAs(result) !== 'pass' && (
                <span className={classes.severity}>
                  · {SEVERITY_LABEL[shownAs(result) as Exclude<Shown, 'pass'>]}
                </span>
              )}
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
              <StatusGlyph shown={shownAs(entry)} />
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
        {countsOf(health.results) && (
          <Typography variant="body2">{countsOf(health.results)}</Typography>
        )}
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
