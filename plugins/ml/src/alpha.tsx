import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  convertLegacyRouteRef,
  compatWrapper,
} from '@backstage/core-compat-api';
import { isMlEntity } from '@ml-marketplace/plugin-ml-common';
import { rootRouteRef } from './routes';

/** The marketplace page at `/ml` for apps on the new frontend system. @alpha */
export const marketplacePage = PageBlueprint.make({
  params: {
    path: '/ml',
    title: 'ML Marketplace',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/MarketplacePage').then(m =>
        compatWrapper(<m.MarketplacePage />),
      ),
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

/**
 * The ML marketplace plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ml',
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [marketplacePage, entityMlSummaryCard],
});
