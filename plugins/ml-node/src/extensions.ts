import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { MlHealthCheck } from './healthChecks';
import type { MlRegistryConnector } from './registryConnectors';
import type { MlFeatureStoreConnector } from './featureStoreConnectors';

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

export interface MlFeatureStoreConnectorsExtensionPoint {
  /** Adds feature store connectors. Ids must be unique across registries and stores. */
  addFeatureStoreConnector(...connectors: MlFeatureStoreConnector[]): void;
}

/** Lets backend modules add feature stores other than the configured Feast registries. */
export const mlFeatureStoreConnectorsExtensionPoint =
  createExtensionPoint<MlFeatureStoreConnectorsExtensionPoint>({
    id: 'ml.feature-store-connectors',
  });
