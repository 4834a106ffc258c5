import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  createProxyAuthenticator,
} from '@backstage/plugin-auth-node';

/**
 * The demo's second way in, next to the guest: "Enter as the reviewer" signs
 * in as the example reviewer (`auth.providers.demo-reviewer.userEntityRef`,
 * default user:default/ada) so the certification workflow can be tried. Like
 * the guest provider it refuses to work outside development unless
 * `dangerouslyAllowOutsideDevelopment` is set; only configure it in demos.
 */
export const demoReviewerProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-reviewer-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const section = config.getOptionalConfig(
          'auth.providers.demo-reviewer',
        );
        const allowed =
          process.env.NODE_ENV === 'development' ||
          section?.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') ===
            true;
        const userEntityRef =
          section?.getOptionalString('userEntityRef') ?? 'user:default/ada';
        providers.registerProvider({
          providerId: 'demo-reviewer',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({
                profile: { displayName: 'Demo reviewer' },
              }),
              initialize: () => undefined,
              async authenticate() {
                if (!allowed) {
                  throw new NotAllowedError(
                    'The demo-reviewer sign-in works in development only; set auth.providers.demo-reviewer.dangerouslyAllowOutsideDevelopment to use it elsewhere',
                  );
                }
                return { result: { userEntityRef } };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
          }),
        });
      },
    });
  },
});
