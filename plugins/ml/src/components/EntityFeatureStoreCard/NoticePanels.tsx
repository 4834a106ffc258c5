// Panels shown instead of the view (not linked, a problem, not synced) or above it (removed).
import { Box, Typography } from '@material-ui/core';
import {
  CodeSnippet,
  EmptyState,
  WarningPanel,
} from '@backstage/core-components';
import {
  FeatureStoreView,
  FeatureStoreViewResponse,
  RegistryState,
} from '@ml-marketplace/plugin-ml-common';
import { featureViewOf } from '../EntityFeatureDefinitionsCard/featureUsage';
import { DateText } from './DateText';
import { sentence } from './featureStoreText';
import { useStyles } from './styles';

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

/** No spec.registry.feast yet: what to set in the catalog-info.yaml and app-config. */
export function NotLinked(props: { entityName: string }) {
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

/** The link cannot be served: the reason, and what to fix in the entity or app-config. */
export function Problem(props: {
  value: FeatureStoreViewResponse;
  problem: string;
}) {
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

/** Linked, but no sync has listed the view (yet). */
export function NotSeenYet(props: { registry: RegistryState; name: string }) {
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

/** The view was removed from Feast; the card goes on to show its last synced copy. */
export function Deleted(props: {
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
