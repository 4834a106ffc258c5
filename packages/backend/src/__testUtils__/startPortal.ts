import os from 'node:os';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import {
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import request from 'supertest';
import signalsBackend from '@backstage/plugin-signals-backend';
import { backendFeatures } from '../features';
import { testSignInModule } from './testSignIn';

const BACKEND_DIR = resolvePackagePath('backend');
const REPO_ROOT = path.resolve(BACKEND_DIR, '../..');

export interface PortalOptions {
  /** `ml.registries` for this portal; none by default. */
  registries?: Record<string, unknown>;
  /** Let tests register `file` locations through the catalog API (stands in for a repository). */
  allowFileLocations?: boolean;
  /** `ml.localRepositories.directory` for tasks that publish; dry runs never write there. */
  localRepositories?: string;
  /**
   * Rebuild the marketplace and lineage indexes once an hour (after a first
   * build at start), so a test sees what reaches them between rebuilds.
   */
  slowIndexRebuilds?: boolean;
}

/** The repo's app-config.yaml with file locations made absolute and a given database. */
async function portalConfig(database: object, options: PortalOptions) {
  const { appConfigs } = await loadConfig({
    configRoot: REPO_ROOT,
    configTargets: [{ path: path.join(REPO_ROOT, 'app-config.yaml') }],
  });
  const data = ConfigReader.fromConfigs(appConfigs).get() as Record<
    string,
    any
  >;
  // Catalog file locations are relative to the backend's directory, as when it runs.
  data.catalog.locations = data.catalog.locations.map((l: any) => ({
    ...l,
    target: path.resolve(BACKEND_DIR, l.target),
  }));
  data.catalog.processingInterval = { seconds: 1 };
  data.backend.database = database;
  // Jest runs with NODE_ENV=test; the guest provider only signs in on
  // development by default, which is what `npm run demo` runs.
  data.auth.providers.guest.dangerouslyAllowOutsideDevelopment = true;
  data.auth.providers['test-sign-in'] = {};
  // Index lineage as soon as the catalog has processed the examples.
  const everySecond = {
    frequency: { seconds: 1 },
    timeout: { minutes: 1 },
    initialDelay: { seconds: 0 },
  };
  // The test backend listens on a free port, which the config cannot name.
  data.backend.reading = {
    allow: [{ host: 'localhost:1024-65535', paths: ['/api/ml/repositories/'] }],
  };
  data.ml = {
    ...data.ml,
    localRepositories: {
      // The demo's is relative to packages/backend, which tests do not run in.
      directory:
        options.localRepositories ??
        path.join(os.tmpdir(), 'ml-marketplace-no-publishing'),
    },
    // The demo's MLflow is not the test's: a test that wants a registry passes one.
    registries: options.registries ?? {},
    lineage: {
      schedule: options.slowIndexRebuilds
        ? {
            frequency: { hours: 1 },
            timeout: { minutes: 1 },
            initialDelay: { seconds: 0 },
          }
        : everySecond,
    },
    ...(options.slowIndexRebuilds && {
      marketplace: { ...data.ml?.marketplace, refreshSeconds: 3600 },
    }),
    healthChecks: {
      ...data.ml?.healthChecks,
      schedule: everySecond,
      // The example's health URL names the demo's fixed port; tests pick a free one.
      servingEndpoint: { allowedHosts: [] },
    },
  };
  return data;
}

/** Lets the catalog API register `file` locations (only `url` by default). */
const fileLocationsModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-file-locations',
  register(env) {
    env.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});

/** A running demo backend and ways to sign in to it. */
export interface Portal {
  server: TestBackend['server'];
  /** Signs in through the guest provider, like "Enter" on the sign-in page. */
  guestToken(): Promise<string>;
  /** Signs in as a catalog user, with their real ownership claims. */
  signIn(userRef: string): Promise<string>;
  backend: TestBackend;
}

/**
 * Starts the demo portal's backend in-process: the real feature list, the real
 * app-config.yaml, and the production auth, permission, HTTP router and
 * scheduler services (the test backend's mocks would bypass the permission
 * policy and never run the catalog's scheduled processing). Only the port and
 * the database differ from `npm run demo`.
 */
export async function startPortal(
  database: object,
  options: PortalOptions = {},
): Promise<Portal> {
  const backend = await startTestBackend({
    features: [
      // The test backend's root HTTP router cannot upgrade to WebSockets,
      // which is all the signals plugin adds: notifications still publish
      // their signals to the events service. The browser tests run it.
      ...backendFeatures.filter(f => f !== signalsBackend),
      testSignInModule,
      ...(options.allowFileLocations ? [fileLocationsModule] : []),
      authServiceFactory,
      httpAuthServiceFactory,
      httpRouterServiceFactory,
      permissionsServiceFactory,
      userInfoServiceFactory,
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: await portalConfig(database, options),
      }),
    ],
  });
  const { server } = backend;

  /** Signs in through the guest provider, like "Enter" on the sign-in page. */
  async function guestToken(): Promise<string> {
    const res = await request(server)
      .get('/api/auth/guest/refresh')
      .set('X-Requested-With', 'XMLHttpRequest');
    if (res.status !== 200) {
      throw new Error(`Guest sign-in failed with ${res.status}: ${res.text}`);
    }
    return res.body.backstageIdentity.token;
  }

  /** Signs in as a catalog user (see testSignIn.ts), with their real ownership claims. */
  async function signIn(userRef: string): Promise<string> {
    // Users exist once the catalog has processed examples/org.yaml.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await request(server)
        .get('/api/auth/test-sign-in/refresh')
        .set('x-test-user', userRef);
      if (res.status === 200) return res.body.backstageIdentity.token;
      if (res.status !== 404 || Date.now() > deadline) {
        throw new Error(
          `Sign-in as ${userRef} failed with ${res.status}: ${res.text}`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }

  return { server, guestToken, signIn, backend };
}
