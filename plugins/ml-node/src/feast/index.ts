export { readFeastRegistryConfigs, type FeastRegistryConfig } from './config';
export { FeastRegistryConnector, ttlSeconds } from './FeastRegistryConnector';
