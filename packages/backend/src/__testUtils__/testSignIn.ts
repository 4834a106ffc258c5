import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  createProxyAuthenticator,
} from '@backstage/plugin-auth-node';

/**
 * Test-only sign-in: `GET /api/auth/test-sign-in/refresh` with an
 * `x-test-user: user:default/ada` header signs in as that catalog user through
 * the auth backend's real proxy-provider flow, so the token carries the
 * ownership claims the catalog resolves for that user. Never in features.ts.
 */
export const testSignInModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'test-sign-in',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'test-sign-in',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const userRef = req.header('x-test-user');
                if (!userRef) throw new Error('x-test-user header missing');
                return { result: { userRef } };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.userRef }),
          }),
        });
      },
    });
  },
});
