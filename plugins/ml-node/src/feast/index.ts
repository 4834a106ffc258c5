export {
  readFeastRegistryConfigs,
  type FeastDiscoveryConfig,
  type FeastRegistryConfig,
} from './config';
export { FeastRegistryConnector, ttlSeconds } from './FeastRegistryConnector';
