/** Annotation keys understood by the ML marketplace plugins. */
export const ANNOTATION_MLFLOW_MODEL_NAME =
  'ml-marketplace.io/mlflow-model-name';
export const ANNOTATION_MLFLOW_INSTANCE = 'ml-marketplace.io/mlflow-instance';
export const ANNOTATION_OPENLINEAGE_DATASET =
  'ml-marketplace.io/openlineage-dataset';
/** Set on Model entities the MLflow discovery provider created, e.g. `mlflow:prod`. */
export const ANNOTATION_DISCOVERED_BY = 'ml-marketplace.io/discovered-by';
