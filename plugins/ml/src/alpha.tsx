import {
  ApiBlueprint,
  coreApis,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  FormFieldBlueprint,
  createFormField,
} from '@backstage/plugin-scaffolder-react/alpha';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import {
  convertLegacyRouteRef,
  compatWrapper,
} from '@backstage/core-compat-api';
import {
  ML_ASSET_DOCUMENT_TYPE,
  isDatasetEntity,
  isFeatureEntity,
  isMlEntity,
  isModelEntity,
} from '@ml-marketplace/plugin-ml-common';
import type { Entity } from '@backstage/catalog-model';
import StorefrontIcon from '@material-ui/icons/Storefront';
import { MlClient, mlApiRef } from './api';
import { createProjectRouteRef, rootRouteRef } from './routes';

const isModel = (entity: Entity) => isModelEntity(entity);
const isDataset = (entity: Entity) => isDatasetEntity(entity);
const isFeature = (entity: Entity) => isFeatureEntity(entity);
const isDatasetOrFeature = (entity: Entity) =>
  isDatasetEntity(entity) || isFeatureEntity(entity);
const isGroup = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'group';
const isDeprecatedMlEntity = (entity: Entity) =>
  isMlEntity(entity) && entity.spec?.lifecycle === 'deprecated';

// createFormField marks the object it is given, so each gets its own copy.
/** Scaffolder field `MlAssetName` (see the package README). @alpha */
export const mlAssetNameFormField = FormFieldBlueprint.make({
  name: 'ml-asset-name',
  params: {
    field: () =>
      import('./scaffolder/fields').then(m =>
        createFormField({ ...m.mlAssetNameFieldOptions }),
      ),
  },
});

/** Scaffolder field `MlEntityPicker` (see the package README). @alpha */
export const mlEntityPickerFormField = FormFieldBlueprint.make({
  name: 'ml-entity-picker',
  params: {
    field: () =>
      import('./scaffolder/fields').then(m =>
        createFormField({ ...m.mlEntityPickerFieldOptions }),
      ),
  },
});

/** The ml backend client. @alpha */
export const mlApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mlApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: deps => new MlClient(deps),
    }),
});

/**
 * The marketplace page at `/ml`. Its title and icon make the app's sidebar
 * list it (the nav shows pages that have both); the title is short enough for
 * the sidebar. The pages draw their own header ("ML Marketplace", with the
 * search), so the framework's is left out. @alpha
 */
export const marketplacePage = PageBlueprint.make({
  params: {
    path: '/ml',
    title: 'Marketplace',
    icon: <StorefrontIcon fontSize="inherit" />,
    noHeader: true,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/MlRouter').then(m => compatWrapper(<m.MlRouter />)),
  },
});

// Overview cards. The catalog's default layout shows `content` cards in the
// main column in extension order (so the deprecation banner, listed first in
// the plugin, comes first) and `info` cards in the side column.

/**
 * The deprecation banner: reason, sunset, successor and consumers to migrate.
 * Only deprecated ML assets get it, so it takes no space elsewhere. @alpha
 */
export const entityDeprecationBanner = EntityCardBlueprint.make({
  name: 'deprecation',
  params: {
    filter: isDeprecatedMlEntity,
    type: 'content',
    loader: () =>
      import('./components/EntityDeprecationBanner').then(m =>
        compatWrapper(<m.EntityDeprecationBanner />),
      ),
  },
});

/** The ML summary card, in the side column of Model, Feature and Dataset pages. @alpha */
export const entityMlSummaryCard = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    filter: isMlEntity,
    type: 'info',
    loader: () =>
      import('./components/EntityMlSummaryCard').then(m =>
        compatWrapper(<m.EntityMlSummaryCard />),
      ),
  },
});

/** Certification level, evidence, expiry and approval. @alpha */
export const entityCertificationCard = EntityCardBlueprint.make({
  name: 'certification',
  params: {
    filter: isMlEntity,
    type: 'content',
    loader: () =>
      import('./components/EntityCertificationCard').then(m =>
        compatWrapper(<m.EntityCertificationCard />),
      ),
  },
});

/** Latest health check results with fix hints. @alpha */
export const entityHealthCard = EntityCardBlueprint.make({
  name: 'health',
  params: {
    filter: isMlEntity,
    type: 'content',
    loader: () =>
      import('./components/EntityHealthCard').then(m =>
        compatWrapper(<m.EntityHealthCard />),
      ),
  },
});

/** Metrics per version with thresholds and a trend (Models). @alpha */
export const entityEvaluationCard = EntityCardBlueprint.make({
  name: 'evaluation',
  params: {
    filter: isModel,
    type: 'content',
    loader: () =>
      import('./components/EntityEvaluationCard').then(m =>
        compatWrapper(<m.EntityEvaluationCard />),
      ),
  },
});

/** Every downstream consumer, grouped by owner (Datasets and Features). @alpha */
export const entityImpactCard = EntityCardBlueprint.make({
  name: 'impact',
  params: {
    filter: isDatasetOrFeature,
    type: 'content',
    loader: () =>
      import('./components/EntityImpactCard').then(m =>
        compatWrapper(<m.EntityImpactCard />),
      ),
  },
});

/**
 * Who uses the asset, by team, with where each use is known from; "I use
 * this" and "Withdraw" for declared uses (every ML kind). @alpha
 */
export const entityUsageCard = EntityCardBlueprint.make({
  name: 'usage',
  params: {
    filter: isMlEntity,
    type: 'content',
    loader: () =>
      import('./components/EntityUsageCard').then(m =>
        compatWrapper(<m.EntityUsageCard />),
      ),
  },
});

/** Similar assets and assets often used together. @alpha */
export const entityRecommendationsCard = EntityCardBlueprint.make({
  name: 'recommendations',
  params: {
    filter: isMlEntity,
    type: 'content',
    loader: () =>
      import('./components/EntityRecommendationsCard').then(m =>
        compatWrapper(<m.EntityRecommendationsCard />),
      ),
  },
});

/**
 * On Group pages: the reuse of the team's ML assets by other teams, its rank
 * among the teams whose assets others use, and who uses each asset. @alpha
 */
export const entityTeamCreditCard = EntityCardBlueprint.make({
  name: 'team-credit',
  params: {
    filter: isGroup,
    type: 'content',
    loader: () =>
      import('./components/EntityTeamCreditCard').then(m =>
        compatWrapper(<m.EntityTeamCreditCard />),
      ),
  },
});

// Tabs of their own: each is a page-sized view that would otherwise stretch
// the Overview to thousands of pixels.

/** The "Model card" tab of Models: the card as a document with its completeness. @alpha */
export const entityModelCardContent = EntityContentBlueprint.make({
  name: 'model-card',
  params: {
    path: '/model-card',
    title: 'Model card',
    filter: isModel,
    loader: () =>
      import('./components/EntityModelCard').then(m =>
        compatWrapper(<m.EntityModelCard />),
      ),
  },
});

/** The "Lineage" tab of every ML asset: the lineage graph in one request. @alpha */
export const entityLineageContent = EntityContentBlueprint.make({
  name: 'lineage',
  params: {
    path: '/lineage',
    title: 'Lineage',
    filter: isMlEntity,
    loader: () =>
      import('./components/EntityLineageCard').then(m =>
        compatWrapper(<m.EntityLineageCard />),
      ),
  },
});

/** The "Versions" tab of Models: what the model registry holds. @alpha */
export const entityVersionsContent = EntityContentBlueprint.make({
  name: 'versions',
  params: {
    path: '/versions',
    title: 'Versions',
    filter: isModel,
    loader: () =>
      import('./components/EntityVersionsCard').then(m =>
        compatWrapper(<m.EntityVersionsCard />),
      ),
  },
});

/** The "Schema" tab of Datasets: columns and how to read the data. @alpha */
export const entityDatasetSchemaContent = EntityContentBlueprint.make({
  name: 'dataset-schema',
  params: {
    path: '/schema',
    title: 'Schema',
    filter: isDataset,
    loader: () =>
      import('./components/EntityDatasetSchemaCard').then(m =>
        compatWrapper(<m.EntityDatasetSchemaCard />),
      ),
  },
});

/** The "Definitions" tab of Features: what they define and how to retrieve them. @alpha */
export const entityFeatureDefinitionsContent = EntityContentBlueprint.make({
  name: 'feature-definitions',
  params: {
    path: '/definitions',
    title: 'Definitions',
    filter: isFeature,
    loader: () =>
      import('./components/EntityFeatureDefinitionsCard').then(m =>
        compatWrapper(<m.EntityFeatureDefinitionsCard />),
      ),
  },
});

/**
 * The "Feature store" tab of Features: the Feast feature view the Feature
 * names (`spec.registry.feast`), as the backend last synced it. @alpha
 */
export const entityFeatureStoreContent = EntityContentBlueprint.make({
  name: 'feature-store',
  params: {
    path: '/feature-store',
    title: 'Feature store',
    filter: isFeature,
    loader: () =>
      import('./components/EntityFeatureStoreCard').then(m =>
        compatWrapper(<m.EntityFeatureStoreCard />),
      ),
  },
});

/**
 * The "Feedback" tab of every ML asset: ratings, reviews with the owners'
 * replies, and improvement requests. @alpha
 */
export const entityFeedbackContent = EntityContentBlueprint.make({
  name: 'feedback',
  params: {
    path: '/feedback',
    title: 'Feedback',
    filter: isMlEntity,
    loader: () =>
      import('./components/EntityFeedbackCard').then(m =>
        compatWrapper(<m.EntityFeedbackCard />),
      ),
  },
});

/**
 * ML assets among the search page's results (`ml-asset` documents of
 * `@ml-marketplace/plugin-search-backend-module-ml`): kind, owner, lifecycle,
 * certification and health. @alpha
 */
export const mlAssetSearchResultListItem = SearchResultListItemBlueprint.make({
  params: {
    icon: <StorefrontIcon />,
    predicate: result => result.type === ML_ASSET_DOCUMENT_TYPE,
    component: () =>
      import('./components/MlAssetSearchResultListItem').then(
        m => m.MlAssetSearchResultListItem,
      ),
  },
});

/** "ML assets" among the search page's result types. @alpha */
export const mlAssetSearchResultType = SearchFilterResultTypeBlueprint.make({
  params: {
    value: ML_ASSET_DOCUMENT_TYPE,
    name: 'ML assets',
    icon: <StorefrontIcon />,
  },
});

/**
 * The ML marketplace plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ml',
  title: 'ML Marketplace',
  icon: <StorefrontIcon fontSize="inherit" />,
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  externalRoutes: {
    createProject: convertLegacyRouteRef(createProjectRouteRef),
  },
  extensions: [
    mlApi,
    mlAssetNameFormField,
    mlEntityPickerFormField,
    marketplacePage,
    entityDeprecationBanner,
    entityMlSummaryCard,
    entityCertificationCard,
    entityHealthCard,
    entityEvaluationCard,
    entityImpactCard,
    entityUsageCard,
    entityRecommendationsCard,
    entityTeamCreditCard,
    entityModelCardContent,
    entityLineageContent,
    entityVersionsContent,
    entityDatasetSchemaContent,
    entityFeatureDefinitionsContent,
    entityFeatureStoreContent,
    entityFeedbackContent,
    mlAssetSearchResultListItem,
    mlAssetSearchResultType,
  ],
});
