/**
 * Extension points and shared backend types of the ML marketplace: custom health
 * checks and registry connectors.
 *
 * @packageDocumentation
 */
export * from './healthChecks';
export * from './registryConnectors';
export * from './featureStoreConnectors';
export * from './extensions';
export { IdRegistry } from './registry';
export * from './mlflow';
export * from './feast';
export * from './localRepositories';
export * from './catalogChanges';
