// Status lines: how the store's syncs went, and how fresh the view's values are.
import { ReactNode } from 'react';
import { Box, Typography } from '@material-ui/core';
import {
  StatusError,
  StatusOK,
  StatusRunning,
  StatusWarning,
  WarningPanel,
} from '@backstage/core-components';
import {
  FeatureStoreViewResponse,
  RegistryState,
} from '@ml-marketplace/plugin-ml-common';
import { DateText } from './DateText';
import { describeFreshness, sentence } from './featureStoreText';
import { useStyles } from './styles';

/** How fresh the view's online values are; an icon unless there is nothing to judge. */
export function Freshness(props: { value: FeatureStoreViewResponse }) {
  const classes = useStyles();
  const { freshness, view } = props.value;
  if (!freshness || !view) return null;
  const { status, text } = describeFreshness(freshness, {
    online: view.online,
  });
  // Unknown (offline only, no limit) is a plain sentence: nothing to judge.
  // Status icons lay their children out as flex items: one span keeps spaces.
  const Icon = {
    fresh: StatusOK,
    stale: StatusError,
    never: StatusWarning,
    unknown: undefined,
  }[status];
  return (
    <Typography
      variant="body2"
      className={classes.line}
      data-testid="feature-store-freshness"
      data-status={status}
    >
      {Icon ? (
        <Icon>
          <span>{text}</span>
        </Icon>
      ) : (
        text
      )}
    </Typography>
  );
}

/** How the store's syncs went: a failed last run as a warning, otherwise one line. */
export function SyncState(props: {
  registry: RegistryState;
  syncedAt?: string;
}) {
  const classes = useStyles();
  const { registry, syncedAt } = props;
  const { lastRun, lastSuccess } = registry;
  const store = `feature store "${registry.id}"`;
  if (lastRun?.status === 'failed') {
    const dataFrom = lastSuccess?.finishedAt ?? syncedAt;
    return (
      <Box className={classes.block}>
        <WarningPanel
          title="Last sync failed"
          defaultExpanded
          message={
            <>
              The last sync of {store} failed at{' '}
              <DateText
                iso={lastRun.finishedAt ?? lastRun.startedAt}
                withTime
              />
              : {sentence(lastRun.error ?? 'no reason recorded')}.{' '}
              {dataFrom ? (
                <>
                  Showing the view as synced at{' '}
                  <DateText iso={dataFrom} withTime />.
                </>
              ) : (
                'No sync has succeeded yet.'
              )}
            </>
          }
        />
      </Box>
    );
  }
  let line: ReactNode = null;
  if (lastRun?.status === 'running') {
    line = (
      <StatusRunning>
        <span>
          A sync of {store} is running since{' '}
          <DateText iso={lastRun.startedAt} withTime />
          {lastSuccess?.finishedAt && (
            <>
              ; the last one succeeded at{' '}
              <DateText iso={lastSuccess.finishedAt} withTime />
            </>
          )}
          .
        </span>
      </StatusRunning>
    );
  } else if (lastRun?.status === 'partial') {
    line = (
      <StatusWarning>
        <span>
          The last sync of {store} partly succeeded at{' '}
          <DateText iso={lastRun.finishedAt ?? lastRun.startedAt} withTime />
          {lastRun.error ? `: ${sentence(lastRun.error)}` : ''}.
        </span>
      </StatusWarning>
    );
  } else if (lastRun?.finishedAt) {
    line = (
      <StatusOK>
        <span>
          Last synced from {store} at{' '}
          <DateText iso={lastRun.finishedAt} withTime />
          {syncedAt && (
            <>
              ; the view last changed at <DateText iso={syncedAt} withTime />
            </>
          )}
          .
        </span>
      </StatusOK>
    );
  }
  return line ? (
    <Typography
      variant="body2"
      className={`${classes.line} ${classes.muted}`}
      data-testid="feature-store-sync-state"
    >
      {line}
    </Typography>
  ) : null;
}
