/**
 * Entity kinds, schemas, relation names, annotations and permissions shared by the
 * ML marketplace plugins. Isomorphic: no Node-only or React imports.
 *
 * @packageDocumentation
 */
export * from './kinds';
export * from './relations';
export * from './annotations';
export * from './permissions';
export * from './entities';
export * from './validate';
export { describeValue, personErrorMap } from './issueMessages';
export { MAX_ENTITY_VALUES, oversizeReason } from './entitySize';
export * from './completeness';
export * from './metricDirection';
export * from './duration';
export * from './refFields';
export { declaredRefs, type DeclaredRef } from './declaredRefs';
export { mlEntitiesJsonSchema } from './jsonSchema';
export {
  modelEntitySchema,
  modelSpecSchema,
  type ModelSpec,
  type ModelEvaluation,
} from './schema/model';
export { modelCardSchema, type ModelCard } from './schema/modelCard';
export {
  featureEntitySchema,
  featureSpecSchema,
  type FeatureSpec,
} from './schema/feature';
export {
  datasetEntitySchema,
  datasetSpecSchema,
  type DatasetSpec,
} from './schema/dataset';
export * from './api/lineage';
export * from './api/openlineage';
export * from './api/health';
export * from './api/certification';
export * from './api/kpis';
export * from './api/marketplace';
export * from './api/registry';
export * from './api/names';
export * from './api/featureStore';
export * from './api/references';
export * from './api/datasetSchema';
export * from './api/searchDocuments';
export * from './api/feedback';
export * from './api/adoption';
export * from './api/notifications';
