import { Box, Typography } from '@material-ui/core';
import {
  InfoCard,
  InfoCardVariants,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  FeatureEntity,
  FeatureStoreViewResponse,
  isFeatureEntity,
} from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import { Differences } from './Differences';
import { FeaturesTable } from './FeaturesTable';
import { Heading } from './Heading';
import { Deleted, NotLinked, NotSeenYet, Problem } from './NoticePanels';
import { Consumers, Services } from './ServicesAndConsumers';
import { Freshness, SyncState } from './SyncAndFreshness';
import { ViewDetails, ViewFacts } from './ViewFacts';
import { useStyles } from './styles';
import { WrongKindCard } from '../shared/WrongKindCard';

const TITLE = 'Feature store';

/** The card's body: a notice panel until there is a view, then the view's sections. */
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
      <Consumers consumers={value.consumers} hidden={value.hiddenConsumers} />
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
      <WrongKindCard
        title={TITLE}
        variant={props.variant}
        servesWhat="The feature store view is shown for Feature entities"
        kind={entity.kind}
      />
    );
  }
  return <FeatureStoreCard entity={entity} variant={props.variant} />;
}
