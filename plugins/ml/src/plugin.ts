import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MlClient, mlApiRef } from './api';
import { rootRouteRef } from './routes';

/** The ML marketplace frontend plugin (legacy frontend system). */
export const mlPlugin = createPlugin({
  id: 'ml',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: mlApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MlClient(deps),
    }),
  ],
});

/** The marketplace page: find Models, Features and Datasets. */
export const MlMarketplacePage = mlPlugin.provide(
  createRoutableExtension({
    name: 'MlMarketplacePage',
    component: () =>
      import('./components/MarketplacePage').then(m => m.MarketplacePage),
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
