import { ReactNode } from 'react';
import {
  Box,
  Chip,
  Grid,
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
  StatusError,
  StatusOK,
  StatusRunning,
  StatusWarning,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  FeatureEntity,
  FeatureStoreConsumer,
  FeatureStoreDifference,
  FeatureStoreService,
  FeatureStoreView,
  FeatureStoreViewResponse,
  RegistryState,
  isFeatureEntity,
} from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import { SpecFact } from '../shared/SpecFacts';
import { formatDate, formatDateTime } from '../shared/entityCardFormat';
import { featureViewOf } from '../EntityFeatureDefinitionsCard/featureUsage';
import {
  declaredFeaturesOf,
  describeFreshness,
  featureRows,
  secondsInWords,
  viewTypeLabel,
} from './featureStoreText';

const TITLE = 'Feature store';

const useStyles = makeStyles(
  theme => ({
    section: { marginTop: theme.spacing(3) },
    block: { marginBottom: theme.spacing(2) },
    line: { marginTop: theme.spacing(1) },
    muted: { color: theme.palette.text.secondary },
    code: { fontFamily: 'monospace', wordBreak: 'break-word' },
    head: { whiteSpace: 'nowrap' },
    chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
    marker: { marginLeft: theme.spacing(1) },
    list: { margin: theme.spacing(1, 0, 0), paddingLeft: 0, listStyle: 'none' },
    item: { marginBottom: theme.spacing(1) },
  }),
  { name: 'MlEntityFeatureStoreCard' },
);

const featureStoreConfigYaml = (instance = 'default') => `# app-config.yaml
ml:
  registries:
    feast:
      - id: ${instance}
        baseUrl: http://feast-registry.internal:6572 # feast serve_registry --rest-api
`;

const linkYaml = (featureView: string) => `spec:
  registry:
    feast:
      project: my_project   # the Feast project (feature_store.yaml)
      featureView: ${featureView}   # the feature view's name in Feast
      instance: default     # optional: an ml.registries.feast[].id
`;

/** Without a trailing period, to end a sentence of our own. */
const sentence = (text: string) => text.replace(/[.\s]+$/, '');

function DateText({ iso, withTime }: { iso: string; withTime?: boolean }) {
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {withTime ? formatDateTime(iso) : formatDate(iso)}
    </time>
  );
}

function Heading({ children }: { children: ReactNode }) {
  return (
    <Typography variant="h6" component="h3">
      {children}
    </Typography>
  );
}

/** The owner as the store records it; a catalog group or user ref is a link. */
function StoreOwner({ owner }: { owner?: string }) {
  if (!owner) return <>not recorded</>;
  let ref;
  try {
    ref = /^(group|user):/i.test(owner) ? parseEntityRef(owner) : undefined;
  } catch {
    ref = undefined;
  }
  return ref ? (
    <EntityRefLink entityRef={ref}>{owner}</EntityRefLink>
  ) : (
    <>{owner}</>
  );
}

function ViewFacts({ view }: { view: FeatureStoreView }) {
  return (
    <Grid container spacing={2}>
      <SpecFact label="Type">{viewTypeLabel(view.type)}</SpecFact>
      <SpecFact label="Served">
        {view.online ? 'Online and offline' : 'Offline only'}
      </SpecFact>
      <SpecFact label="Owner in the store">
        <StoreOwner owner={view.owner} />
      </SpecFact>
      <SpecFact label="Created">
        {view.createdAt ? <DateText iso={view.createdAt} /> : '—'}
      </SpecFact>
      <SpecFact label="Updated">
        {view.updatedAt ? <DateText iso={view.updatedAt} /> : '—'}
      </SpecFact>
    </Grid>
  );
}

function Freshness(props: { value: FeatureStoreViewResponse }) {
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
function SyncState(props: { registry: RegistryState; syncedAt?: string }) {
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

function Differences(props: { differences: FeatureStoreDifference[] }) {
  const classes = useStyles();
  const { differences } = props;
  if (!differences.length) {
    return (
      <Typography
        variant="body2"
        className={`${classes.line} ${classes.muted}`}
      >
        The catalog matches the store.
      </Typography>
    );
  }
  return (
    <section
      className={classes.section}
      aria-label="Where the catalog and the store differ"
    >
      <Heading>Where the catalog and the store differ</Heading>
      <ul className={classes.list}>
        {differences.map((d, i) => (
          <li key={`${d.feature ?? ''}-${i}`} className={classes.item}>
            <Typography variant="body2" component="span">
              <StatusWarning>
                <span>
                  {d.feature && !d.message.includes(d.feature) && (
                    <>
                      <code>{d.feature}</code>:{' '}
                    </>
                  )}
                  {d.message}
                </span>
              </StatusWarning>
            </Typography>
          </li>
        ))}
      </ul>
      <Typography variant="body2" className={classes.muted}>
        Bring <code>spec.features</code> in the catalog-info.yaml and the view
        in Feast into line; the next sync shows the result.
      </Typography>
    </section>
  );
}

const MARKER_HINTS = {
  'not declared':
    "The store has this feature; the entity's spec.features does not declare it.",
  'not in the store':
    "spec.features declares this feature; the store's view does not have it.",
};

function FeaturesTable(props: {
  view: FeatureStoreView;
  spec: Record<string, unknown>;
}) {
  const classes = useStyles();
  const rows = featureRows(props.view.features, declaredFeaturesOf(props.spec));
  if (!rows.length) {
    return (
      <Typography variant="body2" className={classes.muted}>
        The view has no features.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Features in the store">
      <TableHead>
        <TableRow>
          <TableCell className={classes.head}>Name</TableCell>
          <TableCell className={classes.head}>Store type</TableCell>
          <TableCell className={classes.head}>Description</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.name} data-feature={row.name}>
            <TableCell>
              <span className={classes.code}>{row.name}</span>
              {row.mark && (
                <Tooltip title={MARKER_HINTS[row.mark]}>
                  <Chip
                    size="small"
                    variant="outlined"
                    label={row.mark}
                    className={classes.marker}
                  />
                </Tooltip>
              )}
            </TableCell>
            <TableCell className={classes.code}>
              {row.storeType ?? (
                <span className={classes.muted}>
                  —{row.declaredDtype && ` (declared ${row.declaredDtype})`}
                </span>
              )}
            </TableCell>
            <TableCell>
              {row.description ?? (
                <span className={classes.muted}>not described</span>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function SourceText({ source }: { source: FeatureStoreView['source'] }) {
  const classes = useStyles();
  if (!source || (!source.name && !source.type && !source.uri)) {
    return <>not recorded</>;
  }
  return (
    <>
      {source.name && <strong>{source.name}</strong>}
      {source.type && (
        <span className={classes.muted}>
          {source.name ? ' ' : ''}({source.type})
        </span>
      )}
      {source.uri && (
        <div className={classes.code}>
          {/^https?:\/\//.test(source.uri) ? (
            <Link to={source.uri} externalLinkIcon>
              {source.uri}
            </Link>
          ) : (
            source.uri
          )}
        </div>
      )}
    </>
  );
}

/** `customer (customer_id)`: each entity with its join key, when they pair up. */
function EntitiesText({ view }: { view: FeatureStoreView }) {
  const classes = useStyles();
  const joinKeys = view.joinKeys ?? [];
  if (!view.entities.length && !joinKeys.length) return <>none</>;
  let text: string;
  if (view.entities.length === joinKeys.length) {
    text = view.entities
      .map((e, i) => (e === joinKeys[i] ? e : `${e} (${joinKeys[i]})`))
      .join(', ');
  } else {
    text = view.entities.join(', ');
    if (joinKeys.length) {
      text += `${text ? ' ' : ''}(${joinKeys.join(', ')})`;
    }
  }
  return <span className={classes.code}>{text}</span>;
}

function ViewDetails({ view }: { view: FeatureStoreView }) {
  const classes = useStyles();
  const tags = Object.entries(view.tags);
  return (
    <Grid container spacing={2}>
      <SpecFact label="Entities (join keys)">
        <EntitiesText view={view} />
      </SpecFact>
      <SpecFact label="TTL">
        {view.ttlSeconds !== undefined && view.ttlSeconds > 0
          ? secondsInWords(view.ttlSeconds)
          : 'none (values never expire)'}
      </SpecFact>
      <SpecFact label="Batch source" wide>
        <SourceText source={view.source} />
      </SpecFact>
      <SpecFact label="Tags" wide>
        {tags.length ? (
          <div className={classes.chips}>
            {tags.map(([key, value]) => (
              <Chip
                key={key}
                size="small"
                label={value ? `${key}: ${value}` : key}
              />
            ))}
          </div>
        ) : (
          'none'
        )}
      </SpecFact>
    </Grid>
  );
}

function Services(props: { services: FeatureStoreService[]; view: string }) {
  const classes = useStyles();
  const { services, view } = props;
  return (
    <section className={classes.section} aria-label="Feature services">
      <Heading>Feature services</Heading>
      {services.length ? (
        <ul className={classes.list}>
          {services.map(s => (
            <li key={`${s.project}/${s.name}`} className={classes.item}>
              <Typography variant="body2">
                <strong className={classes.code}>{s.name}</strong>
                {s.description && ` — ${s.description}`}
              </Typography>
              <Typography variant="body2" className={classes.muted}>
                {`Reads ${s.featureViews.length === 1 ? 'view' : 'views'} `}
                {s.featureViews.map((v, i) => (
                  <span key={v}>
                    {i > 0 && ', '}
                    {v === view ? <strong>{v}</strong> : v}
                  </span>
                ))}
                {s.owner && `; owner in the store: ${s.owner}`}
              </Typography>
            </li>
          ))}
        </ul>
      ) : (
        <Typography variant="body2" className={classes.muted}>
          No feature service reads this view.
        </Typography>
      )}
    </section>
  );
}

interface ConsumerGroup {
  registryId: string;
  model: string;
  entityRef?: string;
  versions: string[];
  featureServices: string[];
}

/** One entry per registered model, its versions newest first. */
function groupConsumers(consumers: FeatureStoreConsumer[]): ConsumerGroup[] {
  const groups = new Map<string, ConsumerGroup>();
  for (const c of consumers) {
    const key = `${c.registryId}\u0000${c.model}`;
    const group = groups.get(key) ?? {
      registryId: c.registryId,
      model: c.model,
      versions: [],
      featureServices: [],
    };
    group.entityRef ??= c.entityRef;
    if (!group.versions.includes(c.version)) group.versions.push(c.version);
    if (c.featureService && !group.featureServices.includes(c.featureService)) {
      group.featureServices.push(c.featureService);
    }
    groups.set(key, group);
  }
  return [...groups.values()].map(g => ({
    ...g,
    versions: g.versions.every(v => /^\d+$/.test(v))
      ? [...g.versions].sort((a, b) => Number(b) - Number(a))
      : g.versions,
  }));
}

function Consumers(props: { consumers: FeatureStoreConsumer[] }) {
  const classes = useStyles();
  const groups = groupConsumers(props.consumers);
  return (
    <section className={classes.section} aria-label="Models reading it">
      <Heading>Models reading it</Heading>
      <Typography variant="body2" className={classes.muted}>
        From the registry: registered models whose runs name this view in their
        Feast tags.
      </Typography>
      {groups.length ? (
        <ul className={classes.list}>
          {groups.map(g => (
            <li
              key={`${g.registryId}/${g.model}`}
              className={classes.item}
              data-model={g.model}
            >
              <Typography variant="body2">
                {g.entityRef ? (
                  <EntityRefLink entityRef={g.entityRef} defaultKind="model" />
                ) : (
                  <strong>{g.model}</strong>
                )}
                {` — ${
                  g.versions.length === 1 ? 'version' : 'versions'
                } ${g.versions.join(', ')}${
                  g.entityRef ? ` of ${g.model}` : ''
                } in registry "${g.registryId}"`}
                {g.featureServices.length > 0 &&
                  `, through feature service ${g.featureServices.join(', ')}`}
                {!g.entityRef && ' (no Model entity names it)'}
              </Typography>
            </li>
          ))}
        </ul>
      ) : (
        <Typography variant="body2" className={classes.line}>
          No registered model's runs name this view.
        </Typography>
      )}
    </section>
  );
}

function NotLinked(props: { entityName: string }) {
  return (
    <EmptyState
      missing="field"
      title="Not linked to a feature store"
      description={
        <>
          Name this feature's view in Feast to see what the store holds: its
          features and their types, how fresh its online values are, the feature
          services and models that read it, and where the catalog and the store
          differ. Set <code>spec.registry.feast</code> (<code>project</code> and{' '}
          <code>featureView</code>, optionally <code>instance</code>) in its
          catalog-info.yaml. The feature store itself is configured in
          app-config under <code>ml.registries.feast[]</code>.
        </>
      }
      action={
        <>
          <CodeSnippet
            language="yaml"
            text={linkYaml(featureViewOf(props.entityName))}
            showCopyCodeButton
          />
          <CodeSnippet
            language="yaml"
            text={featureStoreConfigYaml()}
            showCopyCodeButton
          />
        </>
      }
    />
  );
}

function Problem(props: { value: FeatureStoreViewResponse; problem: string }) {
  const { declared, registry } = props.value;
  return (
    <WarningPanel
      title="The feature store cannot be shown"
      defaultExpanded
      message={`This feature's link to the feature store cannot be served: ${sentence(
        props.problem,
      )}.`}
    >
      {registry ? (
        <Typography variant="body2">
          Fix: check <code>spec.registry.feast.project</code> (now{' '}
          <strong>{declared?.project}</strong>) and{' '}
          <code>spec.registry.feast.featureView</code> (now{' '}
          <strong>{declared?.featureView}</strong>) against the names in Feast
          (they are case-sensitive; <code>feast feature-views list</code> shows
          them), or apply the view there with <code>feast apply</code>; the next
          sync picks it up.
        </Typography>
      ) : (
        <>
          <Typography variant="body2">
            Fix: add the feature store to <code>ml.registries.feast[]</code> in
            app-config, or set <code>spec.registry.feast.instance</code> to the
            id of a configured one.
          </Typography>
          <CodeSnippet
            language="yaml"
            text={featureStoreConfigYaml(declared?.instance)}
            showCopyCodeButton
          />
        </>
      )}
    </WarningPanel>
  );
}

function NotSeenYet(props: { registry: RegistryState; name: string }) {
  const { registry, name } = props;
  const { lastRun, lastSuccess } = registry;
  return (
    <WarningPanel
      severity="info"
      title="Not synced yet"
      defaultExpanded
      message={
        <>
          {lastSuccess ? (
            <>
              The last sync of feature store "{registry.id}" did not list{' '}
              <strong>{name}</strong>; it appears after a sync that sees it.
            </>
          ) : (
            <>
              Feature store "{registry.id}" has not been synced successfully
              yet; <strong>{name}</strong> appears after its first successful
              sync.
            </>
          )}
          {lastRun?.status === 'running' && ' A sync is running now.'}
          {lastRun?.error && lastRun.status !== 'running' && (
            <>
              {' '}
              The last run ({lastRun.status}
              {lastRun.finishedAt && (
                <>
                  , <DateText iso={lastRun.finishedAt} withTime />
                </>
              )}
              ) failed: {sentence(lastRun.error)}.
            </>
          )}
        </>
      }
    />
  );
}

function Deleted(props: {
  view: FeatureStoreView;
  deletedAt: string;
  syncedAt?: string;
}) {
  const classes = useStyles();
  const { view, deletedAt, syncedAt } = props;
  return (
    <Box className={classes.block}>
      <WarningPanel
        severity="error"
        title="Removed from the feature store"
        defaultExpanded
        message={
          <>
            Feast no longer lists {view.project} / {view.name}: it was removed
            from the store on <DateText iso={deletedAt} />. What follows is the
            last copy synced
            {syncedAt && (
              <>
                {' '}
                (<DateText iso={syncedAt} withTime />)
              </>
            )}
            ; models reading the view get no new values from it.
          </>
        }
      />
    </Box>
  );
}

function FeatureStoreContent(props: {
  value: FeatureStoreViewResponse;
  entity: FeatureEntity;
}) {
  const classes = useStyles();
  const { value, entity } = props;
  const { declared, registry, view, problem, deletedAt, syncedAt } = value;

  if (!declared) return <NotLinked entityName={entity.metadata.name} />;
  if (problem) return <Problem value={value} problem={problem} />;
  if (!registry) {
    return (
      <Problem
        value={value}
        problem="it resolves to no configured feature store"
      />
    );
  }
  if (!view) {
    return (
      <NotSeenYet
        registry={registry}
        name={`${declared.project} / ${declared.featureView}`}
      />
    );
  }

  return (
    <>
      {deletedAt && (
        <Deleted view={view} deletedAt={deletedAt} syncedAt={syncedAt} />
      )}
      <SyncState registry={registry} syncedAt={syncedAt} />
      <Box mt={2}>
        {view.description && (
          <Typography variant="body1" className={classes.block}>
            {view.description}
          </Typography>
        )}
        <ViewFacts view={view} />
      </Box>
      {!deletedAt && <Freshness value={value} />}
      <Differences differences={value.differences} />

      <section className={classes.section} aria-label="Features">
        <Heading>Features</Heading>
        <FeaturesTable view={view} spec={entity.spec} />
      </section>

      <Box className={classes.section}>
        <ViewDetails view={view} />
      </Box>

      <Services services={value.services} view={view.name} />
      <Consumers consumers={value.consumers} />
    </>
  );
}

function Subheader(props: { value: FeatureStoreViewResponse }) {
  const { declared, view, registry } = props.value;
  const project = view?.project ?? declared?.project;
  const name = view?.name ?? declared?.featureView;
  if (!project || !name) return null;
  // One element: the card's subheader lays out its children as flex items.
  return (
    <span>
      Feast feature view{' '}
      <strong>
        {project} / {name}
      </strong>
      {registry && ` in feature store "${registry.id}"`}
    </span>
  );
}

function FeatureStoreCard(props: {
  entity: FeatureEntity;
  variant?: InfoCardVariants;
}) {
  const mlApi = useApi(mlApiRef);
  const entityRef = stringifyEntityRef(props.entity);
  const { value, loading, error } = useAsync(
    () => mlApi.getFeatureStoreView(entityRef),
    [mlApi, entityRef],
  );

  if (loading || error || !value) {
    return (
      <InfoCard title={TITLE} variant={props.variant}>
        {error ? <ResponseErrorPanel error={error} /> : <Progress />}
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title={TITLE}
      subheader={<Subheader value={value} />}
      variant={props.variant}
    >
      <FeatureStoreContent value={value} entity={props.entity} />
    </InfoCard>
  );
}

/** Props of {@link EntityFeatureStoreCard}. */
export interface EntityFeatureStoreCardProps {
  variant?: InfoCardVariants;
}

/**
 * What the feature store holds for a Feature that names a Feast feature view
 * (`spec.registry.feast`), as the `ml` backend last synced it: the view's type,
 * owner and dates, how fresh its online values are, its features (marked where
 * `spec.features` disagrees), join keys, TTL, batch source and tags, the
 * feature services and registered models that read it, and the store's sync
 * state. Until the Feature names a view, or when the link cannot be served, it
 * says what to configure or fix.
 *
 * On entities other than Features it shows a one-line notice and calls no API.
 */
export function EntityFeatureStoreCard(props: EntityFeatureStoreCardProps) {
  const { entity } = useEntity();
  if (!isFeatureEntity(entity)) {
    return (
      <InfoCard title={TITLE} variant={props.variant}>
        <Typography variant="body2">
          {`The feature store view is shown for Feature entities; this entity is a ${entity.kind}.`}
        </Typography>
      </InfoCard>
    );
  }
  return <FeatureStoreCard entity={entity} variant={props.variant} />;
}
