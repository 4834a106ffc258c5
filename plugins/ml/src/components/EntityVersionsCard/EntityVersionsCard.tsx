import { Fragment, ReactNode, useEffect, useRef, useState } from 'react';
import {
  Box,
  Button,
  Chip,
  CircularProgress,
  Link as MuiLink,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  InfoCardVariants,
  Link,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ANNOTATION_MLFLOW_MODEL_NAME,
  ModelEntity,
  RegistryDeclaration,
  RegistryModel,
  RegistryModelResponse,
  RegistryModelVersion,
  RegistryRun,
  RegistryState,
  RegistrySyncRun,
  isModelEntity,
  mlRegistrySyncPermission,
} from '@ml-marketplace/plugin-ml-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { MlApi, mlApiRef } from '../../api';
import {
  describeError,
  formatDate,
  formatDateTime,
} from '../shared/entityCardFormat';
import { MetricHistoryDialog, formatLoggedValue } from './MetricHistoryDialog';
import { HowToUse } from './HowToUse';
import { WrongKindCard } from '../shared/WrongKindCard';

/** How often a started sync is polled, and for how long at most. */
const SYNC_POLL_INTERVAL_MS = 2000;
const SYNC_POLL_TIMEOUT_MS = 60_000;

/** Metrics shown per version, each opening its history; the rest are in the cell's tooltip. */
const KEY_METRICS = 3;

const useStyles = makeStyles(
  theme => ({
    chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
    declaredAlias: { fontWeight: 'bold' },
    changelog: { whiteSpace: 'pre-line', minWidth: 160 },
    state: { marginBottom: theme.spacing(2) },
    stateLine: { color: theme.palette.text.secondary },
    muted: { color: theme.palette.text.secondary },
    // Headers, dates and short values never wrap mid-word ("Versi on").
    nowrap: { whiteSpace: 'nowrap' },
    datasets: { minWidth: 120 },
  }),
  { name: 'MlEntityVersionsCard' },
);

const registryConfigYaml = (instance = 'default') => `# app-config.yaml
ml:
  registries:
    mlflow:
      - id: ${instance}
        baseUrl: https://mlflow.example.com
`;

const LINK_MODEL_YAML = `spec:
  registry:
    mlflow:
      name: churn-model   # the registered model name in MLflow
      alias: champion     # optional: the alias that serves
      instance: default   # optional: an ml.registries.mlflow[].id
`;

function DateText({ iso, withTime }: { iso: string; withTime?: boolean }) {
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {withTime ? formatDateTime(iso) : formatDate(iso)}
    </time>
  );
}

/** Newest first: MLflow numbers versions; anything else keeps the registry's order (newest first). */
function newestFirst(versions: RegistryModelVersion[]): RegistryModelVersion[] {
  if (!versions.every(v => /^\d+$/.test(v.version))) return versions;
  return [...versions].sort((a, b) => Number(b.version) - Number(a.version));
}

/** `auc=0.91`; NaN and infinities arrive as `null`. */
function formatMetric([name, value]: [string, number | null]): string {
  return `${name}=${formatLoggedValue(value)}`;
}

/** Datasets the run trained on: context `training`, or none recorded. */
function trainingDatasets(run: RegistryRun) {
  return run.datasets.filter(d => !d.context || d.context === 'training');
}

function Aliases(props: { aliases: string[]; declaredAlias?: string }) {
  const classes = useStyles();
  if (!props.aliases.length) return <>—</>;
  return (
    <div className={classes.chips}>
      {props.aliases.map(alias => {
        const declared = alias === props.declaredAlias;
        const chip = (
          <Chip
            key={alias}
            size="small"
            label={alias}
            color="primary"
            variant={declared ? 'default' : 'outlined'}
            className={declared ? classes.declaredAlias : undefined}
            data-declared={declared || undefined}
          />
        );
        return declared ? (
          <Tooltip key={alias} title="The alias this entity declares">
            {chip}
          </Tooltip>
        ) : (
          chip
        );
      })}
    </div>
  );
}

function RunCell({ run }: { run?: RegistryRun }) {
  const classes = useStyles();
  if (!run) return <>—</>;
  const label = run.name ?? run.id.slice(0, 8);
  if (run.unavailable) {
    return (
      <Tooltip title={run.unavailable}>
        <em className={classes.muted}>{label} (unavailable)</em>
      </Tooltip>
    );
  }
  return run.url ? (
    <Link to={run.url} externalLinkIcon>
      {label}
    </Link>
  ) : (
    <>{label}</>
  );
}

/** The first metrics, each name a button that opens its history (unless the run is gone). */
/** A metric's final value in each version that logged it, oldest first. */
function acrossVersions(
  versions: RegistryModelVersion[],
  metric: string,
): Array<{ version: string; value: number | null }> {
  return [...newestFirst(versions)]
    .reverse()
    .filter(v => v.run?.metrics && metric in v.run.metrics)
    .map(v => ({ version: v.version, value: v.run!.metrics![metric] }));
}

function MetricsCell(props: {
  entityRef: string;
  version: string;
  run?: RegistryRun;
  /** Every version of the model, for a metric's values across versions. */
  versions: RegistryModelVersion[];
}) {
  const { entityRef, version, run, versions } = props;
  const [historyOf, setHistoryOf] = useState<string>();
  const metrics = Object.entries(run?.metrics ?? {});
  if (!metrics.length) return <>—</>;
  const hidden = metrics.length - KEY_METRICS;
  return (
    <>
      {metrics.slice(0, KEY_METRICS).map(([name, value], i) => (
        <Fragment key={name}>
          {i > 0 && ', '}
          {run?.unavailable ? (
            name
          ) : (
            <MuiLink
              component="button"
              variant="body2"
              onClick={() => setHistoryOf(name)}
              aria-label={`${name} over the steps of version ${version}`}
            >
              {name}
            </MuiLink>
          )}
          {`=${formatLoggedValue(value)}`}
        </Fragment>
      ))}
      {hidden > 0 && (
        <>
          {', '}
          <Tooltip title={metrics.map(formatMetric).join(', ')}>
            <span>{`+${hidden} more`}</span>
          </Tooltip>
        </>
      )}
      {historyOf && (
        <MetricHistoryDialog
          entityRef={entityRef}
          version={version}
          metric={historyOf}
          acrossVersions={acrossVersions(versions, historyOf)}
          onClose={() => setHistoryOf(undefined)}
        />
      )}
    </>
  );
}

function DatasetsCell({ run }: { run?: RegistryRun }) {
  const datasets = run ? trainingDatasets(run) : [];
  if (!datasets.length) return <>—</>;
  return (
    <>
      {datasets.map((d, i) => (
        <span key={`${d.name}-${d.digest ?? i}`} title={d.source}>
          {i > 0 && ', '}
          {d.name}
        </span>
      ))}
    </>
  );
}

function VersionsTable(props: {
  entityRef: string;
  model: RegistryModel;
  declared?: RegistryDeclaration;
}) {
  const classes = useStyles();
  const { entityRef, model, declared } = props;
  return (
    <Table size="small" aria-label="Model versions">
      <TableHead>
        <TableRow>
          {[
            'Version',
            'Aliases',
            'Stage',
            'Created',
            'Changelog',
            'Run',
            'Key metrics',
            'Training data',
          ].map(label => (
            <TableCell key={label} className={classes.nowrap}>
              {label}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {newestFirst(model.versions).map(v => (
          <TableRow key={v.version} data-version={v.version}>
            <TableCell>
              <div className={classes.chips}>
                <span>{v.version}</span>
                {declared?.version === v.version && (
                  <Chip size="small" color="primary" label="pinned" />
                )}
                {v.status && v.status !== 'READY' && (
                  <Chip
                    size="small"
                    variant="outlined"
                    label={v.status
                      .toLocaleLowerCase('en-US')
                      .replace(/_/g, ' ')}
                  />
                )}
              </div>
            </TableCell>
            <TableCell>
              <Aliases aliases={v.aliases} declaredAlias={declared?.alias} />
            </TableCell>
            <TableCell className={classes.nowrap}>
              {v.stage && v.stage !== 'None' ? v.stage : '—'}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {v.createdAt ? <DateText iso={v.createdAt} /> : '—'}
            </TableCell>
            <TableCell className={classes.changelog}>
              {v.description ?? ''}
            </TableCell>
            <TableCell>
              <RunCell run={v.run} />
            </TableCell>
            <TableCell>
              <MetricsCell
                entityRef={entityRef}
                version={v.version}
                run={v.run}
                versions={model.versions}
              />
            </TableCell>
            <TableCell className={classes.datasets}>
              <DatasetsCell run={v.run} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** How the registry's syncs went: a failed last run, a running one, or when it last ran. */
function SyncState(props: { registry: RegistryState }) {
  const classes = useStyles();
  const { lastRun, lastSuccess } = props.registry;
  if (lastRun?.status === 'failed') {
    return (
      <Box className={classes.state}>
        <WarningPanel
          title="Last sync failed"
          defaultExpanded
          message={
            <>
              Last sync failed at{' '}
              <DateText
                iso={lastRun.finishedAt ?? lastRun.startedAt}
                withTime
              />
              : {lastRun.error ?? 'no reason recorded'}.{' '}
              {lastSuccess?.finishedAt ? (
                <>
                  Showing data from{' '}
                  <DateText iso={lastSuccess.finishedAt} withTime />.
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
      <>
        A sync is running since <DateText iso={lastRun.startedAt} withTime />.
      </>
    );
  } else if (lastRun?.finishedAt) {
    line = (
      <>
        Last sync {lastRun.status === 'partial' ? 'partly succeeded' : 'ran'} at{' '}
        <DateText iso={lastRun.finishedAt} withTime />
        {lastRun.status === 'partial' && lastRun.error
          ? `: ${lastRun.error}`
          : ''}
        .
      </>
    );
  }
  return line ? (
    <Typography
      variant="body2"
      className={`${classes.state} ${classes.stateLine}`}
      data-testid="registry-sync-state"
    >
      {line}
    </Typography>
  ) : null;
}

function Subheader(props: { value: RegistryModelResponse }) {
  const { model, registry, syncedAt } = props.value;
  if (!model) return null;
  // One element: the card's subheader lays out its children as flex items,
  // which drops the spaces between them ("MLflow modelchurn-model").
  return (
    <span>
      MLflow model{' '}
      {model.url ? (
        <Link to={model.url} externalLinkIcon>
          {model.name}
        </Link>
      ) : (
        <strong>{model.name}</strong>
      )}
      {registry && ` in registry "${registry.id}"`}
      {syncedAt && (
        <>
          {' '}
          · synced <DateText iso={syncedAt} withTime />
        </>
      )}
    </span>
  );
}

function NotLinked() {
  return (
    <EmptyState
      missing="field"
      title="Not linked to a registry"
      description={
        <>
          Link this model to its registered model to see versions, aliases, runs
          and metrics: set <code>spec.registry.mlflow</code> (<code>name</code>,
          optionally <code>alias</code> and <code>instance</code>) in its
          catalog-info.yaml (or the annotation{' '}
          <code>{ANNOTATION_MLFLOW_MODEL_NAME}</code>). The registry itself is
          configured in app-config under <code>ml.registries.mlflow[]</code>.
        </>
      }
      action={
        <>
          <CodeSnippet
            language="yaml"
            text={LINK_MODEL_YAML}
            showCopyCodeButton
          />
          <CodeSnippet
            language="yaml"
            text={registryConfigYaml()}
            showCopyCodeButton
          />
        </>
      }
    />
  );
}

function Problem(props: { value: RegistryModelResponse }) {
  const { problem, declared, registry } = props.value;
  return (
    <WarningPanel
      title="Versions cannot be shown"
      defaultExpanded
      message={`This model's registry link cannot be served: ${problem}.`}
    >
      {registry ? (
        <Typography variant="body2">
          Fix: check <code>spec.registry.mlflow.name</code> (now{' '}
          <strong>{declared?.name}</strong>) against the registered model's name
          in MLflow (names are case-sensitive), or register the model there; the
          next sync picks it up.
        </Typography>
      ) : (
        <>
          <Typography variant="body2">
            Fix: add the registry to <code>ml.registries.mlflow[]</code> in
            app-config, or set <code>spec.registry.mlflow.instance</code> to the
            id of a configured registry.
          </Typography>
          <CodeSnippet
            language="yaml"
            text={registryConfigYaml(declared?.instance)}
            showCopyCodeButton
          />
        </>
      )}
    </WarningPanel>
  );
}

function NeverSynced(props: { registry: RegistryState; name?: string }) {
  const { registry, name } = props;
  const { lastRun } = registry;
  return (
    <WarningPanel
      severity="info"
      title="Not synced yet"
      defaultExpanded
      message={
        <>
          Registry "{registry.id}" has not been synced successfully yet; the
          versions of {name ? <strong>{name}</strong> : 'this model'} appear
          after its first successful sync.
          {lastRun?.status === 'running' && ' A sync is running now.'}
          {lastRun?.error && (
            <>
              {' '}
              The last run ({lastRun.status}
              {lastRun.finishedAt && (
                <>
                  , <DateText iso={lastRun.finishedAt} withTime />
                </>
              )}
              ) failed: {lastRun.error}
            </>
          )}
        </>
      }
    />
  );
}

function VersionsContent(props: { value: RegistryModelResponse }) {
  const { value } = props;
  const { declared, registry, model, deletedAt, problem } = value;

  if (!declared) return <NotLinked />;
  if (problem) return <Problem value={value} />;
  if (!registry) {
    return (
      <Problem
        value={{ ...value, problem: 'it resolves to no configured registry' }}
      />
    );
  }
  if (!model) return <NeverSynced registry={registry} name={declared.name} />;

  const aliasMissing = declared.alias && !(declared.alias in model.aliases);
  return (
    <>
      <SyncState registry={registry} />
      {!deletedAt && (
        <HowToUse
          declared={declared}
          model={model}
          location={registry.location}
        />
      )}
      {deletedAt && (
        <Box mb={2}>
          <WarningPanel
            title="No longer in the registry"
            defaultExpanded
            message={
              <>
                Registry "{registry.id}" no longer lists {model.name} since{' '}
                <DateText iso={deletedAt} withTime />; these are the versions
                last synced.
              </>
            }
          />
        </Box>
      )}
      {aliasMissing && (
        <Box mb={2}>
          <WarningPanel
            title={`Alias "${declared.alias}" is not set in the registry`}
            message={`spec.registry.mlflow.alias names "${declared.alias}", but no version of ${model.name} carries it.`}
          />
        </Box>
      )}
      {model.versions.length ? (
        <VersionsTable
          entityRef={value.entityRef}
          model={model}
          declared={declared}
        />
      ) : (
        <EmptyState
          missing="data"
          title="No versions registered yet"
          description={`MLflow model ${model.name} has no versions yet.`}
        />
      )}
    </>
  );
}

const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * Polls the registry status until the run is no longer running (or a newer run
 * replaced it); undefined when it still runs after the timeout, or when
 * `cancelled` turns true.
 */
async function waitForRun(
  mlApi: MlApi,
  registryId: string,
  runId: number,
  cancelled: () => boolean,
): Promise<RegistrySyncRun | undefined> {
  const deadline = Date.now() + SYNC_POLL_TIMEOUT_MS;
  for (;;) {
    await sleep(SYNC_POLL_INTERVAL_MS);
    if (cancelled()) return undefined;
    const { registries } = await mlApi.getRegistryStatus();
    const lastRun = registries.find(r => r.id === registryId)?.lastRun;
    if (lastRun && (lastRun.id > runId || lastRun.status !== 'running')) {
      return lastRun;
    }
    if (Date.now() >= deadline) return undefined;
  }
}

/**
 * The card for a Model: what `GET /registry/model` holds for it, and Sync now,
 * which starts a sync, follows it on `GET /registry/status` and then reloads.
 */
function RegistryVersionsCard(props: {
  entity: ModelEntity;
  variant?: InfoCardVariants;
}) {
  const mlApi = useApi(mlApiRef);
  const alertApi = useApi(alertApiRef);
  const entityRef = stringifyEntityRef(props.entity);
  const { allowed: canSync } = usePermission({
    permission: mlRegistrySyncPermission,
  });
  const [syncing, setSyncing] = useState(false);
  const unmounted = useRef(false);
  useEffect(() => {
    unmounted.current = false;
    return () => {
      unmounted.current = true;
    };
  }, []);

  const { value, loading, error, retry } = useAsyncRetry(
    () => mlApi.getRegistryModel(entityRef),
    [mlApi, entityRef],
  );

  const syncNow = async (registryId: string) => {
    setSyncing(true);
    try {
      const started = await mlApi.syncRegistry(registryId);
      const run = await waitForRun(
        mlApi,
        registryId,
        started.id,
        () => unmounted.current,
      );
      if (unmounted.current) return;
      if (!run) {
        alertApi.post({
          message: `The sync of registry "${registryId}" is still running; this card shows its result once it finishes and the page is reloaded.`,
          severity: 'info',
          display: 'transient',
        });
      } else if (run.status === 'failed') {
        alertApi.post({
          message: `The sync of registry "${registryId}" failed: ${
            run.error ?? 'no reason recorded'
          }`,
          severity: 'error',
        });
      } else {
        alertApi.post({
          message: `Registry "${registryId}" synced${
            run.status === 'partial' ? ' in part' : ''
          }.`,
          severity: run.status === 'partial' ? 'warning' : 'success',
          display: 'transient',
        });
      }
    } catch (e) {
      if (unmounted.current) return;
      const err = e instanceof Error ? e : new Error(String(e));
      const status = e instanceof ResponseError ? e.statusCode : undefined;
      if (status === 409) {
        alertApi.post({
          message: `A sync of registry "${registryId}" is already running; try again when it has finished.`,
          severity: 'warning',
          display: 'transient',
        });
      } else if (status === 403) {
        alertApi.post({
          message: `You may not start a registry sync: ${describeError(err)}`,
          severity: 'error',
        });
      } else {
        alertApi.post({
          message: `Could not sync registry "${registryId}": ${describeError(
            err,
          )}`,
          severity: 'error',
        });
      }
    }
    if (unmounted.current) return;
    setSyncing(false);
    retry();
  };

  const registry = value?.registry;
  const action =
    canSync && registry ? (
      <Button
        variant="outlined"
        color="primary"
        size="small"
        disabled={syncing}
        onClick={() => syncNow(registry.id)}
        startIcon={syncing ? <CircularProgress size={14} /> : undefined}
      >
        {syncing ? 'Syncing…' : 'Sync now'}
      </Button>
    ) : undefined;

  const title = 'Versions';
  // While refreshing after a sync, the previous content stays.
  if (!value) {
    return (
      <InfoCard title={title} variant={props.variant}>
        {error ? <ResponseErrorPanel error={error} /> : <Progress />}
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title={title}
      subheader={<Subheader value={value} />}
      variant={props.variant}
      action={action}
    >
      {(syncing || loading) && <Progress />}
      <VersionsContent value={value} />
    </InfoCard>
  );
}

/** Props of {@link EntityVersionsCard}. */
export interface EntityVersionsCardProps {
  variant?: InfoCardVariants;
}

/**
 * A Model's registered versions with their aliases, stages, changelogs, runs
 * and key metrics, from the `ml` backend's registry sync; a Sync now button for
 * users allowed `ml.registry.sync`. Until the model is linked to a registry,
 * or when the link cannot be served, it says what to configure or fix.
 *
 * On entities other than Models it shows a one-line notice and calls no API.
 */
export function EntityVersionsCard(props: EntityVersionsCardProps) {
  const { entity } = useEntity();
  if (!isModelEntity(entity)) {
    return (
      <WrongKindCard
        title="Versions"
        variant={props.variant}
        servesWhat="Registry versions are shown for Model entities"
        kind={entity.kind}
      />
    );
  }
  return <RegistryVersionsCard entity={entity} variant={props.variant} />;
}
