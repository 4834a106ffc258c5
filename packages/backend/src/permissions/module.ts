import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { DemoPermissionPolicy } from './DemoPermissionPolicy';

/** Installs the demo policy; admin groups come from `mlDemo.adminGroups`. */
export const demoPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ml-demo-policy',
  register(env) {
    env.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        const adminGroups = config.getOptionalStringArray(
          'mlDemo.adminGroups',
        ) ?? ['group:default/ml-platform-admins'];
        policy.setPolicy(new DemoPermissionPolicy({ adminGroups, userInfo }));
      },
    });
  },
});
