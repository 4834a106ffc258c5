/*
 * Entity page layouts for the ML marketplace kinds. Each kind answers the
 * questions its users come with: a model's card, evaluation, trust and
 * lineage; a dataset's or feature's consumers and who breaks if it changes;
 * and for every asset, who uses it ("I use this" declares a use).
 */
import { Grid } from '@material-ui/core';
import {
  EntityAboutCard,
  EntityLayout,
  EntityLinksCard,
} from '@backstage/plugin-catalog';
import {
  EntityCertificationCard,
  EntityDatasetSchemaCard,
  EntityDeprecationBanner,
  EntityEvaluationCard,
  EntityFeatureDefinitionsCard,
  EntityFeatureStoreCard,
  EntityFeedbackCard,
  EntityHealthCard,
  EntityImpactCard,
  EntityLineageCard,
  EntityMlSummaryCard,
  EntityModelCard,
  EntityRecommendationsCard,
  EntityUsageCard,
  EntityVersionsCard,
} from '@ml-marketplace/plugin-ml';
import { EntitySwitch } from '@backstage/plugin-catalog';
import type { Entity } from '@backstage/catalog-model';
import { mlEntityWarningContent } from './shared';

const isDeprecated = (entity: Entity) =>
  entity.spec?.lifecycle === 'deprecated';
const hasLinks = (entity: Entity) => (entity.metadata.links?.length ?? 0) > 0;

/**
 * A wide card, with the links card beside it when the entity has links; the
 * full width otherwise (the stock links card's empty state is a YAML lesson
 * nobody reading an ML asset needs).
 */
const besideLinks = (card: JSX.Element) => (
  <EntitySwitch>
    <EntitySwitch.Case if={hasLinks}>
      <Grid item md={8} xs={12}>
        {card}
      </Grid>
      <Grid item md={4} xs={12}>
        <EntityLinksCard />
      </Grid>
    </EntitySwitch.Case>
    <EntitySwitch.Case>
      <Grid item xs={12}>
        {card}
      </Grid>
    </EntitySwitch.Case>
  </EntitySwitch>
);

/** About, key facts, certification and health: the first screen of every ML asset. */
const trustOverview = (
  <>
    {mlEntityWarningContent}
    <EntitySwitch>
      <EntitySwitch.Case if={isDeprecated}>
        <Grid item xs={12}>
          <EntityDeprecationBanner />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <Grid item md={6} xs={12}>
      <EntityAboutCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityMlSummaryCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityCertificationCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityHealthCard />
    </Grid>
  </>
);

/** A tab holding one card across its whole width. */
const fullWidth = (card: JSX.Element) => (
  <Grid container spacing={3}>
    <Grid item xs={12}>
      {card}
    </Grid>
  </Grid>
);

const lineageTab = fullWidth(<EntityLineageCard />);
/** Ratings, reviews and improvement requests: the same tab on every ML kind. */
const feedbackTab = fullWidth(<EntityFeedbackCard />);

export const modelPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3} alignItems="stretch">
        {trustOverview}
        {besideLinks(<EntityEvaluationCard />)}
        <Grid item xs={12}>
          <EntityUsageCard />
        </Grid>
        <Grid item xs={12}>
          <EntityRecommendationsCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
    <EntityLayout.Route path="/model-card" title="Model card">
      {fullWidth(<EntityModelCard />)}
    </EntityLayout.Route>
    <EntityLayout.Route path="/lineage" title="Lineage">
      {lineageTab}
    </EntityLayout.Route>
    <EntityLayout.Route path="/versions" title="Versions">
      {fullWidth(<EntityVersionsCard />)}
    </EntityLayout.Route>
    <EntityLayout.Route path="/feedback" title="Feedback">
      {feedbackTab}
    </EntityLayout.Route>
  </EntityLayout>
);

/** Features and Datasets: trust first, then who reads them. */
const inputOverview = (
  <Grid container spacing={3} alignItems="stretch">
    {trustOverview}
    {besideLinks(<EntityImpactCard />)}
    <Grid item xs={12}>
      <EntityUsageCard />
    </Grid>
    <Grid item xs={12}>
      <EntityRecommendationsCard />
    </Grid>
  </Grid>
);

export const featurePage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {inputOverview}
    </EntityLayout.Route>
    <EntityLayout.Route path="/definitions" title="Definitions">
      {fullWidth(<EntityFeatureDefinitionsCard />)}
    </EntityLayout.Route>
    <EntityLayout.Route path="/feature-store" title="Feature store">
      {fullWidth(<EntityFeatureStoreCard />)}
    </EntityLayout.Route>
    <EntityLayout.Route path="/lineage" title="Lineage">
      {lineageTab}
    </EntityLayout.Route>
    <EntityLayout.Route path="/feedback" title="Feedback">
      {feedbackTab}
    </EntityLayout.Route>
  </EntityLayout>
);

/** Datasets also show what they hold and how to read them. */
export const datasetPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {inputOverview}
    </EntityLayout.Route>
    <EntityLayout.Route path="/schema" title="Schema">
      {fullWidth(<EntityDatasetSchemaCard />)}
    </EntityLayout.Route>
    <EntityLayout.Route path="/lineage" title="Lineage">
      {lineageTab}
    </EntityLayout.Route>
    <EntityLayout.Route path="/feedback" title="Feedback">
      {feedbackTab}
    </EntityLayout.Route>
  </EntityLayout>
);
