/**
 * Catalog module for the ML marketplace: the Model, Feature and Dataset kinds.
 *
 * @packageDocumentation
 */
export { catalogModuleMl as default } from './module';
export { MlEntitiesProcessor } from './processor/MlEntitiesProcessor';
