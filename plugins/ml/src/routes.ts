import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** The marketplace page, mounted at `/ml` in the demo app. */
export const rootRouteRef = createRouteRef({ id: 'ml' });

/**
 * Where "Create an ML project" leads: bind it to the scaffolder's root
 * (`bind(mlPlugin.externalRoutes, { createProject: scaffolderPlugin.routes.root })`);
 * unbound, the home page leaves the button out.
 */
export const createProjectRouteRef = createExternalRouteRef({
  id: 'ml-create-project',
  optional: true,
});
