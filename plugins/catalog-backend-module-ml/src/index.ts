/**
 * Catalog module for the ML marketplace: the Model, Feature and Dataset kinds.
 *
 * @packageDocumentation
 */
export { catalogModuleMl as default } from './module';
export { MlEntitiesProcessor } from './processor/MlEntitiesProcessor';
export { MlflowDiscoveryProvider } from './providers/MlflowDiscoveryProvider';
export type {
  DiscoveryRunResult,
  MlflowDiscoveryProviderOptions,
} from './providers/MlflowDiscoveryProvider';
export { FeastDiscoveryProvider } from './providers/FeastDiscoveryProvider';
export type {
  FeastDiscoveryProviderOptions,
  FeastDiscoveryRunResult,
} from './providers/FeastDiscoveryProvider';
