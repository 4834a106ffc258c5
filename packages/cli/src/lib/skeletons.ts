import {
  DATASET_KIND,
  FEATURE_KIND,
  ML_API_VERSION,
  MODEL_KIND,
  type MlKind,
} from '@ml-marketplace/plugin-ml-common';
import { stringify } from 'yaml';

/** Where the JSON Schema lands when the CLI (and with it plugin-ml-common) is installed. */
export const DEFAULT_SCHEMA_PATH =
  './node_modules/@ml-marketplace/plugin-ml-common/schema/ml-entities.schema.json';

export interface SkeletonInput {
  kind: MlKind;
  name: string;
  owner: string;
  schemaPath: string;
  /** The file name to suggest in the `validate` hint. */
  fileName?: string;
}

/** A string as a YAML scalar, quoted only when YAML would read it as something else (`true`, `1e3`). */
const scalar = (value: string) => stringify(value, { lineWidth: 0 }).trimEnd();

/** `churn-model` → `Churn model` */
const titleOf = (name: string) => {
  const words = name.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toLocaleUpperCase('en-US') + words.slice(1);
};

// Every optional field is a commented-out line of valid YAML with its explanation
// as a trailing comment: uncommenting any of them keeps the entity valid (tested).
const SPEC_FIELDS: Record<MlKind, (name: string) => string[]> = {
  [MODEL_KIND]: name => [
    '  # system: system:default/recommendations   # the System this model is part of',
    '  # task: binary-classification   # the ML task, e.g. text-classification, regression',
    '  # framework: scikit-learn   # the library it is built with',
    '  # license: proprietary   # an SPDX id such as apache-2.0, or proprietary',
    '  # baseModel: distilbert-base-uncased   # the model it was fine-tuned from, if any',
    '  # trainedOn: [dataset:default/customers]   # the Datasets it was trained on, drawn as lineage',
    '  # consumesFeatures: [feature:default/customer-activity]   # the Features it reads',
    '  # dependsOn: [component:default/feature-store]   # Components or Resources it needs; write the kind',
    '  # providesApis: [api:default/churn-prediction]   # the APIs that serve it',
    '  # evaluation:   # results; a value below its threshold is flagged in the marketplace',
    '  #   - { metric: auc, value: 0.91, dataset: dataset:default/customers, split: test, threshold: 0.85 }',
    `  # registry: { mlflow: { name: ${scalar(
      name,
    )}, alias: champion } }   # the registered model in MLflow`,
    '  # serving: { endpoint: "https://models.example.com/churn/predict" }   # where it is served; healthUrl too',
    '  # modelCard:   # the model card shown on the entity page',
    '  #   summary: What the model does, in a paragraph.',
    '  #   intendedUse: What it is for and who should use it.',
    '  #   outOfScopeUses: [Decisions with legal effect on a person]   # uses it must not be put to',
    '  #   users: [retention analysts]   # who the intended users are',
    '  #   useCases: [rank customers for save offers]',
    '  #   limitations: [Scores new customers poorly]   # known limitations',
    '  #   tradeoffs: [Favours recall over precision]   # trade-offs made',
    '  #   ethicalConsiderations:   # risks and what was done about them',
    '  #     - { name: Under-represents customers under 25, mitigation: Reweighted training data }',
    '  #   trainingData: How the training data was collected and prepared.',
    '  #   evaluationData: Which data the evaluation used, and why.',
    '  #   quantitativeAnalysis: How performance was analysed, including across slices.',
    '  #   caveats: [Retrain monthly]   # caveats and recommendations',
    '  #   languages: [en]   # natural languages it handles, if any',
    '  #   references: ["https://example.com/paper"]',
    '  #   citation: How to cite the model.',
    '  # deprecation:   # set with lifecycle: deprecated',
    '  #   reason: Replaced by a model trained on fresher data.',
    `  #   replacedBy: ${scalar(`model:default/${name}-v2`)}`,
    '  #   sunsetDate: "2030-12-31"',
  ],
  [FEATURE_KIND]: () => [
    '  # system: system:default/feature-platform   # the System this feature set is part of',
    '  # license: proprietary   # an SPDX id, or proprietary',
    '  # entities: [customer_id]   # the join keys',
    '  # features:   # each feature with its dtype',
    '  #   - { name: sessions_30d, dtype: int64, description: Sessions in the last 30 days }',
    '  # sources: [dataset:default/customer-events]   # the Datasets it is computed from, drawn as lineage',
    '  # transformation: "https://github.com/acme/features/blob/main/activity.py"   # how it is computed, or a link',
    '  # store: online   # online, offline or both',
    '  # ttl: P1D   # how long a value stays valid (ISO 8601 duration)',
    '  # version: 1   # the feature set version',
  ],
  [DATASET_KIND]: () => [
    '  # system: system:default/data-platform   # the System this dataset is part of',
    '  # location: "s3://bucket/path/"   # where the data lives',
    '  # classification: internal   # who may see it: public, internal, confidential or restricted',
    '  # license: proprietary   # the licence or terms of use',
    '  # derivedFrom: [dataset:default/raw-events]   # the Datasets it is built from, drawn as lineage',
    '  # schema:   # the columns; flag personal data with pii: true',
    '  #   columns:',
    '  #     - { name: customer_id, type: string, description: Stable customer key }',
    '  #     - { name: email, type: string, pii: true, nullable: true }',
    '  # freshness: P1D   # expected update interval (ISO 8601 duration)',
    '  # retention: P90D   # how long data is kept (ISO 8601 duration)',
  ],
};

const DESCRIPTIONS: Record<MlKind, string> = {
  [MODEL_KIND]:
    'TODO: one or two sentences on what the model predicts, and for whom.',
  [FEATURE_KIND]: 'TODO: what the feature set captures, per which key.',
  [DATASET_KIND]: 'TODO: what one row or file holds, and where it comes from.',
};

const INTROS: Record<MlKind, string> = {
  [MODEL_KIND]:
    'A Model: one entity per registered model line, not per version.',
  [FEATURE_KIND]:
    'A Feature: a named, versioned feature set, like a Feast feature view.',
  [DATASET_KIND]:
    'A Dataset: a table, file set or stream that models and features read.',
};

/**
 * A commented catalog-info.yaml for one ML entity. It validates as written;
 * the TODO and the commented-out fields show the owner what to fill in.
 */
export function skeleton({
  kind,
  name,
  owner,
  schemaPath,
  fileName = 'catalog-info.yaml',
}: SkeletonInput): string {
  return [
    `# yaml-language-server: $schema=${schemaPath}`,
    `# ${INTROS[kind]}`,
    '# Replace the TODO, uncomment the fields that apply, then check the file with',
    `#   npx ml-marketplace validate ${fileName}`,
    `apiVersion: ${ML_API_VERSION}`,
    `kind: ${kind}`,
    'metadata:',
    `  name: ${scalar(name)}`,
    `  title: ${scalar(titleOf(name))}`,
    `  description: ${JSON.stringify(
      DESCRIPTIONS[kind],
    )}   # shown in search and on cards`,
    '  # tags: [tabular, classification]   # lowercase words joined by "-", for filtering',
    ...(kind === MODEL_KIND
      ? [
          '  # annotations:',
          `  #   ml-marketplace.io/mlflow-model-name: ${scalar(
            name,
          )}   # links the MLflow registered model`,
        ]
      : []),
    'spec:',
    `  owner: ${scalar(owner)}   # the owning group (or user)`,
    '  lifecycle: experimental   # experimental, production or deprecated',
    ...(kind === DATASET_KIND
      ? ['  type: table   # table, files, stream, ...']
      : []),
    ...SPEC_FIELDS[kind](name),
    '',
  ].join('\n');
}
