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

/** A person the demo lets visitors sign in as, without a password. */
interface DemoPerson {
  providerId: string;
  defaultUserEntityRef: string;
  displayName: string;
}

const DEMO_PEOPLE: DemoPerson[] = [
  {
    providerId: 'demo-reviewer',
    defaultUserEntityRef: 'user:default/ada',
    displayName: 'Demo reviewer',
  },
  {
    providerId: 'demo-owner',
    defaultUserEntityRef: 'user:default/grace',
    displayName: 'Demo owner',
  },
];

/**
 * The demo's other ways in, next to the guest: "Reviewer" signs in as the
 * example reviewer (`auth.providers.demo-reviewer.userEntityRef`, default
 * user:default/ada) so the certification workflow can be tried, and "Owner"
 * as a member of an owning team (`auth.providers.demo-owner`, default
 * user:default/grace of growth-ml), who gets the owners' notifications and
 * answers feedback. Like the guest provider they refuse to work outside
 * development unless `dangerouslyAllowOutsideDevelopment` is set; only
 * configure them in demos.
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
        for (const person of DEMO_PEOPLE) {
          const section = config.getOptionalConfig(
            `auth.providers.${person.providerId}`,
          );
          const allowed =
            process.env.NODE_ENV === 'development' ||
            section?.getOptionalBoolean(
              'dangerouslyAllowOutsideDevelopment',
            ) === true;
          const userEntityRef =
            section?.getOptionalString('userEntityRef') ??
            person.defaultUserEntityRef;
          providers.registerProvider({
            providerId: person.providerId,
            factory: createProxyAuthProviderFactory({
              authenticator: createProxyAuthenticator({
                defaultProfileTransform: async () => ({
                  profile: { displayName: person.displayName },
                }),
                initialize: () => undefined,
                async authenticate() {
                  if (!allowed) {
                    throw new NotAllowedError(
                      `The ${person.providerId} sign-in works in development only; set auth.providers.${person.providerId}.dangerouslyAllowOutsideDevelopment to use it elsewhere`,
                    );
                  }
                  return { result: { userEntityRef } };
                },
              }),
              signInResolver: async ({ result }, ctx) =>
                ctx.signInWithCatalogUser({
                  entityRef: result.userEntityRef,
                }),
            }),
          });
        }
      },
    });
  },
});
