import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { MlHealthCheck } from './healthChecks';
import type { MlRegistryConnector } from './registryConnectors';

export interface MlHealthChecksExtensionPoint {
  /** Adds checks that run beside the built-in ones. Ids must be unique. */
  addHealthCheck(...checks: MlHealthCheck[]): void;
}

/**
 * Lets backend modules add health checks to the `ml` plugin:
 *
 * ```ts
 * createBackendModule({
 *   pluginId: 'ml',
 *   moduleId: 'my-checks',
 *   register(env) {
 *     env.registerInit({
 *       deps: { checks: mlHealthChecksExtensionPoint },
 *       async init({ checks }) { checks.addHealthCheck(new MyCheck()); },
 *     });
 *   },
 * });
 * ```
 */
export const mlHealthChecksExtensionPoint =
  createExtensionPoint<MlHealthChecksExtensionPoint>({
    id: 'ml.health-checks',
  });

export interface MlRegistryConnectorsExtensionPoint {
  /** Adds registry connectors. Ids must be unique. */
  addRegistryConnector(...connectors: MlRegistryConnector[]): void;
}

export const mlRegistryConnectorsExtensionPoint =
  createExtensionPoint<MlRegistryConnectorsExtensionPoint>({
    id: 'ml.registry-connectors',
  });
