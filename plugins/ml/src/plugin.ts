import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { createSearchResultListItemExtension } from '@backstage/plugin-search-react';
import { ML_ASSET_DOCUMENT_TYPE } from '@ml-marketplace/plugin-ml-common';
import { MlClient, mlApiRef } from './api';
import { createProjectRouteRef, rootRouteRef } from './routes';
import {
  mlAssetNameFieldOptions,
  mlEntityPickerFieldOptions,
} from './scaffolder/fields';

/** The ML marketplace frontend plugin (legacy frontend system). */
export const mlPlugin = createPlugin({
  id: 'ml',
  routes: { root: rootRouteRef },
  externalRoutes: { createProject: createProjectRouteRef },
  apis: [
    createApiFactory({
      api: mlApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MlClient(deps),
    }),
  ],
});

/** The marketplace pages: search (`/`), compare (`/compare?refs=`) and KPIs (`/kpis`). */
export const MlMarketplacePage = mlPlugin.provide(
  createRoutableExtension({
    name: 'MlMarketplacePage',
    component: () => import('./components/MlRouter').then(m => m.MlRouter),
    mountPoint: rootRouteRef,
  }),
);

/** The key facts of a Model, Feature or Dataset: task, data, licence, lineage inputs. */
export const EntityMlSummaryCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityMlSummaryCard',
    component: {
      lazy: () =>
        import('./components/EntityMlSummaryCard').then(
          m => m.EntityMlSummaryCard,
        ),
    },
  }),
);

/** The model card as a readable document, with a completeness meter and suggestions. */
export const EntityModelCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityModelCard',
    component: {
      lazy: () =>
        import('./components/EntityModelCard').then(m => m.EntityModelCard),
    },
  }),
);

/** Metrics per version as a table and a trend chart, thresholds marked. */
export const EntityEvaluationCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityEvaluationCard',
    component: {
      lazy: () =>
        import('./components/EntityEvaluationCard').then(
          m => m.EntityEvaluationCard,
        ),
    },
  }),
);

/** Registry versions with aliases and dates. */
export const EntityVersionsCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityVersionsCard',
    component: {
      lazy: () =>
        import('./components/EntityVersionsCard').then(
          m => m.EntityVersionsCard,
        ),
    },
  }),
);

/** Datasets: columns, classification, freshness, location and how to read them. */
export const EntityDatasetSchemaCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityDatasetSchemaCard',
    component: {
      lazy: () =>
        import('./components/EntityDatasetSchemaCard').then(
          m => m.EntityDatasetSchemaCard,
        ),
    },
  }),
);

/** Features: definitions, join keys, TTL, store, sources and retrieval snippets. */
export const EntityFeatureDefinitionsCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityFeatureDefinitionsCard',
    component: {
      lazy: () =>
        import('./components/EntityFeatureDefinitionsCard').then(
          m => m.EntityFeatureDefinitionsCard,
        ),
    },
  }),
);

/**
 * Features: the Feast feature view they name, as the backend last synced it:
 * freshness, features, sources, feature services, the models reading it, and
 * where the entity and the store differ.
 */
export const EntityFeatureStoreCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityFeatureStoreCard',
    component: {
      lazy: () =>
        import('./components/EntityFeatureStoreCard').then(
          m => m.EntityFeatureStoreCard,
        ),
    },
  }),
);

/**
 * Ratings, reviews and improvement requests of a Model, Feature or Dataset:
 * the mean stars with their spread, the user's own review, everyone's reviews
 * with the owners' replies, and requests whose status owners change.
 */
export const EntityFeedbackCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityFeedbackCard',
    component: {
      lazy: () =>
        import('./components/EntityFeedbackCard').then(
          m => m.EntityFeedbackCard,
        ),
    },
  }),
);

/**
 * Who uses a Model, Feature or Dataset: its direct consumers by owning team,
 * each with where the use is known from (catalog, registry, OpenLineage, or a
 * person who declared it); "I use this" declares a use for one of the
 * signed-in user's teams' entities, "Withdraw" takes a declaration back.
 */
export const EntityUsageCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityUsageCard',
    component: {
      lazy: () =>
        import('./components/EntityUsageCard').then(m => m.EntityUsageCard),
    },
  }),
);

/**
 * On a Group's page: the reuse of the team's ML assets by other teams, its
 * rank among the teams whose assets others use, and who uses each asset.
 */
export const EntityTeamCreditCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamCreditCard',
    component: {
      lazy: () =>
        import('./components/EntityTeamCreditCard').then(
          m => m.EntityTeamCreditCard,
        ),
    },
  }),
);

/** On deprecated assets: the successor and the consumers to migrate. */
export const EntityDeprecationBanner = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityDeprecationBanner',
    component: {
      lazy: () =>
        import('./components/EntityDeprecationBanner').then(
          m => m.EntityDeprecationBanner,
        ),
    },
  }),
);

/** Certification level, evidence, expiry, history; approve and revoke for reviewers. */
export const EntityCertificationCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityCertificationCard',
    component: {
      lazy: () =>
        import('./components/EntityCertificationCard').then(
          m => m.EntityCertificationCard,
        ),
    },
  }),
);

/** Latest health-check results with fix hints, history and re-run. */
export const EntityHealthCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityHealthCard',
    component: {
      lazy: () =>
        import('./components/EntityHealthCard').then(m => m.EntityHealthCard),
    },
  }),
);

/** Upstream and downstream lineage graph in one request. */
export const EntityLineageCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityLineageCard',
    component: {
      lazy: () =>
        import('./components/EntityLineageCard').then(m => m.EntityLineageCard),
    },
  }),
);

/** Who breaks if this dataset or feature changes, grouped by owner. */
export const EntityImpactCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityImpactCard',
    component: {
      lazy: () =>
        import('./components/EntityImpactCard').then(m => m.EntityImpactCard),
    },
  }),
);

/** Similar assets and assets often used together. */
export const EntityRecommendationsCard = mlPlugin.provide(
  createComponentExtension({
    name: 'EntityRecommendationsCard',
    component: {
      lazy: () =>
        import('./components/EntityRecommendationsCard').then(
          m => m.EntityRecommendationsCard,
        ),
    },
  }),
);

/**
 * An ML asset among the portal's search results (`ml-asset` documents of
 * `@ml-marketplace/plugin-search-backend-module-ml`): kind, owner, lifecycle,
 * certification and health. Put it in the search page's `<SearchResult>`
 * before the catalog's item; it renders only `ml-asset` results.
 */
export const MlAssetSearchResultListItem = mlPlugin.provide(
  createSearchResultListItemExtension({
    name: 'MlAssetSearchResultListItem',
    component: () =>
      import('./components/MlAssetSearchResultListItem').then(
        m => m.MlAssetSearchResultListItem,
      ),
    predicate: result => result.type === ML_ASSET_DOCUMENT_TYPE,
  }),
);

/**
 * Scaffolder field `MlAssetName`: a new asset's name, with its rules in words
 * as the user types and a check that no catalog entity (and, with
 * `ui:options.registry`, no registered model) has it. Put it inside the
 * scaffolder route's `<ScaffolderFieldExtensions>`.
 */
export const MlAssetNameFieldExtension = mlPlugin.provide(
  createScaffolderFieldExtension(mlAssetNameFieldOptions),
);

/**
 * Scaffolder field `MlEntityPicker`: picks a Model, Dataset, Feature
 * (`ui:options.kind`) or Group by title, with lifecycle and certification;
 * deprecated assets only with `ui:options.includeDeprecated`, and then last.
 */
export const MlEntityPickerFieldExtension = mlPlugin.provide(
  createScaffolderFieldExtension(mlEntityPickerFieldOptions),
);
