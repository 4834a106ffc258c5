import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  convertLegacyRouteRef,
  compatWrapper,
} from '@backstage/core-compat-api';
import {
  isDatasetEntity,
  isFeatureEntity,
  isMlEntity,
  isModelEntity,
} from '@ml-marketplace/plugin-ml-common';
import type { Entity } from '@backstage/catalog-model';
import { MlClient, mlApiRef } from './api';

const isModel = (entity: Entity) => isModelEntity(entity);
const isDatasetOrFeature = (entity: Entity) =>
  isDatasetEntity(entity) || isFeatureEntity(entity);

/** The ml backend client. @alpha */
export const mlApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mlApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MlClient(deps),
    }),
});
import { rootRouteRef } from './routes';

/** The marketplace page at `/ml` for apps on the new frontend system. @alpha */
export const marketplacePage = PageBlueprint.make({
  params: {
    path: '/ml',
    title: 'ML Marketplace',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/MlRouter').then(m => compatWrapper(<m.MlRouter />)),
  },
});

/** The ML summary card, shown on Model, Feature and Dataset pages only. @alpha */
export const entityMlSummaryCard = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    filter: isMlEntity,
    loader: () =>
      import('./components/EntityMlSummaryCard').then(m =>
        compatWrapper(<m.EntityMlSummaryCard />),
      ),
  },
});

/** EntityModelCard on the entity pages it applies to. @alpha */
export const entityModelCard = EntityCardBlueprint.make({
  name: 'model-card',
  params: {
    filter: isModel,
    loader: () =>
      import('./components/EntityModelCard').then(m =>
        compatWrapper(<m.EntityModelCard />),
      ),
  },
});

/** EntityEvaluationCard on the entity pages it applies to. @alpha */
export const entityEvaluationCard = EntityCardBlueprint.make({
  name: 'evaluation',
  params: {
    filter: isModel,
    loader: () =>
      import('./components/EntityEvaluationCard').then(m =>
        compatWrapper(<m.EntityEvaluationCard />),
      ),
  },
});

/** EntityVersionsCard on the entity pages it applies to. @alpha */
export const entityVersionsCard = EntityCardBlueprint.make({
  name: 'versions',
  params: {
    filter: isModel,
    loader: () =>
      import('./components/EntityVersionsCard').then(m =>
        compatWrapper(<m.EntityVersionsCard />),
      ),
  },
});

/** EntityDeprecationBanner on the entity pages it applies to. @alpha */
export const entityDeprecationBanner = EntityCardBlueprint.make({
  name: 'deprecation',
  params: {
    filter: isMlEntity,
    loader: () =>
      import('./components/EntityDeprecationBanner').then(m =>
        compatWrapper(<m.EntityDeprecationBanner />),
      ),
  },
});

/** EntityCertificationCard on the entity pages it applies to. @alpha */
export const entityCertificationCard = EntityCardBlueprint.make({
  name: 'certification',
  params: {
    filter: isMlEntity,
    loader: () =>
      import('./components/EntityCertificationCard').then(m =>
        compatWrapper(<m.EntityCertificationCard />),
      ),
  },
});

/** EntityHealthCard on the entity pages it applies to. @alpha */
export const entityHealthCard = EntityCardBlueprint.make({
  name: 'health',
  params: {
    filter: isMlEntity,
    loader: () =>
      import('./components/EntityHealthCard').then(m =>
        compatWrapper(<m.EntityHealthCard />),
      ),
  },
});

/** EntityLineageCard on the entity pages it applies to. @alpha */
export const entityLineageCard = EntityCardBlueprint.make({
  name: 'lineage',
  params: {
    filter: isMlEntity,
    loader: () =>
      import('./components/EntityLineageCard').then(m =>
        compatWrapper(<m.EntityLineageCard />),
      ),
  },
});

/** EntityImpactCard on the entity pages it applies to. @alpha */
export const entityImpactCard = EntityCardBlueprint.make({
  name: 'impact',
  params: {
    filter: isDatasetOrFeature,
    loader: () =>
      import('./components/EntityImpactCard').then(m =>
        compatWrapper(<m.EntityImpactCard />),
      ),
  },
});

/** Recommendations on every ML asset page. @alpha */
export const entityRecommendationsCard = EntityCardBlueprint.make({
  name: 'recommendations',
  params: {
    filter: isMlEntity,
    loader: () =>
      import('./components/EntityRecommendationsCard').then(m =>
        compatWrapper(<m.EntityRecommendationsCard />),
      ),
  },
});

/**
 * The ML marketplace plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ml',
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [
    mlApi,
    marketplacePage,
    entityMlSummaryCard,
    entityModelCard,
    entityEvaluationCard,
    entityVersionsCard,
    entityDeprecationBanner,
    entityCertificationCard,
    entityHealthCard,
    entityLineageCard,
    entityImpactCard,
    entityRecommendationsCard,
  ],
});
