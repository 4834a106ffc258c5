import appBackend from '@backstage/plugin-app-backend';
import authBackend from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import { demoReviewerProvider } from './auth/demoReviewerProvider';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import catalogErrorLogs from '@backstage/plugin-catalog-backend-module-logs';
import catalogMl from '@ml-marketplace/plugin-catalog-backend-module-ml';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import scaffolderMl from '@ml-marketplace/plugin-scaffolder-backend-module-ml';
import scaffolderGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderGitlab from '@backstage/plugin-scaffolder-backend-module-gitlab';
import permissionBackend from '@backstage/plugin-permission-backend';
import searchBackend from '@backstage/plugin-search-backend';
import searchPostgres from '@backstage/plugin-search-backend-module-pg';
import searchCatalog from '@backstage/plugin-search-backend-module-catalog';
import searchMl from '@ml-marketplace/plugin-search-backend-module-ml';
import mlBackend from '@ml-marketplace/plugin-ml-backend';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import signalsBackend from '@backstage/plugin-signals-backend';
import { demoPermissionPolicyModule } from './permissions/module';

/**
 * Every feature of the demo portal's backend. `index.ts` starts them with
 * `createBackend()`, and the integration tests start the very same list, so the
 * tests exercise the portal as shipped.
 */
export const backendFeatures = [
  appBackend,
  authBackend,
  guestProvider,
  demoReviewerProvider,
  catalogBackend,
  catalogTemplateKind,
  catalogErrorLogs,
  catalogMl,
  scaffolderBackend,
  scaffolderMl,
  // publish:github and publish:gitlab, which the templates offer next to the
  // embedded ml:publish:local; they need integrations.github/gitlab tokens.
  scaffolderGithub,
  scaffolderGitlab,
  permissionBackend,
  demoPermissionPolicyModule,
  searchBackend,
  // Uses PostgreSQL's full-text search in production; on SQLite the search
  // backend falls back to its in-memory engine.
  searchPostgres,
  // The catalog's documents leave out ML kinds (app-config.yaml): ML assets
  // are documents of their own, with kind, owner, certification and health.
  searchCatalog,
  searchMl,
  mlBackend,
  // Owners and consumers hear about ML assets through Backstage's
  // notifications; signals push them to open browsers at once.
  notificationsBackend,
  signalsBackend,
];
