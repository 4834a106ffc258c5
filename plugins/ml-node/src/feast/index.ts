export { readFeastRegistryConfigs, type FeastRegistryConfig } from './config';
export {
  FeastRegistryConnector,
  type FeatureStoreReadResult,
} from './FeastRegistryConnector';
