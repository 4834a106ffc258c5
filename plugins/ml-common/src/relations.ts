/**
 * Lineage relations, each emitted in both directions by the catalog processor so
 * that the stock catalog-graph and relation filters see them.
 */
export const RELATION_TRAINED_ON = 'trainedOn';
export const RELATION_TRAINING_DATA_OF = 'trainingDataOf';
export const RELATION_CONSUMES_FEATURE = 'consumesFeature';
export const RELATION_FEATURE_CONSUMED_BY = 'featureConsumedBy';
export const RELATION_DERIVED_FROM = 'derivedFrom';
export const RELATION_SOURCE_OF = 'sourceOf';

/** Every ML relation pair as `[forward, reverse]`. */
export const ML_RELATION_PAIRS: ReadonlyArray<readonly [string, string]> = [
  [RELATION_TRAINED_ON, RELATION_TRAINING_DATA_OF],
  [RELATION_CONSUMES_FEATURE, RELATION_FEATURE_CONSUMED_BY],
  [RELATION_DERIVED_FROM, RELATION_SOURCE_OF],
];

export const ML_RELATIONS: ReadonlyArray<string> = ML_RELATION_PAIRS.flat();
