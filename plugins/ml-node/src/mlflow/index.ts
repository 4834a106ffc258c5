export { MlflowClient, parseRetryAfter } from './MlflowClient';
export { MlflowRegistryConnector } from './MlflowRegistryConnector';
export type { MlflowReadOptions } from './MlflowRegistryConnector';
export { readMlflowRegistryConfigs } from './config';
export type { MlflowRegistryConfig, MlflowDiscoveryConfig } from './config';
