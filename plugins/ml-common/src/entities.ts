import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  DATASET_KIND,
  FEATURE_KIND,
  ML_API_VERSION,
  MODEL_KIND,
} from './kinds';
import type { DatasetSpec } from './schema/dataset';
import type { FeatureSpec } from './schema/feature';
import type { ModelSpec } from './schema/model';

export interface ModelEntity extends Entity {
  apiVersion: typeof ML_API_VERSION;
  kind: typeof MODEL_KIND;
  spec: ModelSpec & JsonObject;
}

export interface FeatureEntity extends Entity {
  apiVersion: typeof ML_API_VERSION;
  kind: typeof FEATURE_KIND;
  spec: FeatureSpec & JsonObject;
}

export interface DatasetEntity extends Entity {
  apiVersion: typeof ML_API_VERSION;
  kind: typeof DATASET_KIND;
  spec: DatasetSpec & JsonObject;
}

export type MlEntity = ModelEntity | FeatureEntity | DatasetEntity;

const hasKind = (entity: Entity, kind: string) =>
  entity.apiVersion === ML_API_VERSION &&
  entity.kind.toLocaleLowerCase('en-US') === kind.toLocaleLowerCase('en-US');

/**
 * Type guards. They check the envelope only; use `validateMlEntity` for the spec.
 * The catalog only stores entities that passed validation, so entities read from
 * it can be trusted after the guard.
 */
export const isModelEntity = (e: Entity): e is ModelEntity =>
  hasKind(e, MODEL_KIND);
export const isFeatureEntity = (e: Entity): e is FeatureEntity =>
  hasKind(e, FEATURE_KIND);
export const isDatasetEntity = (e: Entity): e is DatasetEntity =>
  hasKind(e, DATASET_KIND);
export const isMlEntity = (e: Entity): e is MlEntity =>
  isModelEntity(e) || isFeatureEntity(e) || isDatasetEntity(e);
