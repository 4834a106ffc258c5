import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ReadableEntities } from '../services/access/ReadableEntities';

/**
 * Read access decided entity by entity by the (fake) catalog, as under a
 * policy whose read decision is conditional.
 */
export function readableThroughCatalog(catalog: any): ReadableEntities {
  return new ReadableEntities({
    catalog,
    permissions: mockServices.permissions.mock({
      authorizeConditional: async requests =>
        requests.map(() => ({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'TEST',
            resourceType: 'catalog-entity',
            params: {},
          },
        })),
    }),
  });
}
