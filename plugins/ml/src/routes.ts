import { createRouteRef } from '@backstage/core-plugin-api';

/** The marketplace page, mounted at `/ml` in the demo app. */
export const rootRouteRef = createRouteRef({ id: 'ml' });
