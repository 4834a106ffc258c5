import type { Entity } from '@backstage/catalog-model';
import { DATASET_KIND, FEATURE_KIND, MODEL_KIND } from './kinds';

/** A field the marketplace recommends filling, with how much it weighs. */
export interface RecommendedField {
  /** YAML path, e.g. `spec.modelCard.intendedUse`. */
  path: string;
  /** What to write there, phrased for the owner. */
  hint: string;
  weight: number;
}

export interface CardCompleteness {
  /** 0 to 100, weighted share of recommended fields that are filled. */
  score: number;
  filled: string[];
  missing: Array<{ path: string; hint: string }>;
}

const MODEL_FIELDS: RecommendedField[] = [
  {
    path: 'metadata.description',
    hint: 'One or two sentences on what the model predicts',
    weight: 2,
  },
  {
    path: 'spec.task',
    hint: 'The ML task, e.g. binary-classification',
    weight: 1,
  },
  { path: 'spec.framework', hint: 'The library it is built with', weight: 1 },
  { path: 'spec.license', hint: 'The licence it may be used under', weight: 1 },
  {
    path: 'spec.trainedOn',
    hint: 'The Datasets it was trained on, for lineage',
    weight: 2,
  },
  {
    path: 'spec.evaluation',
    hint: 'Evaluation results with thresholds',
    weight: 2,
  },
  {
    path: 'spec.modelCard.intendedUse',
    hint: 'What the model is for and who should use it',
    weight: 2,
  },
  {
    path: 'spec.modelCard.outOfScopeUses',
    hint: 'Uses the model must not be put to',
    weight: 1,
  },
  {
    path: 'spec.modelCard.users',
    hint: 'Who the intended users are',
    weight: 1,
  },
  { path: 'spec.modelCard.limitations', hint: 'Known limitations', weight: 2 },
  { path: 'spec.modelCard.tradeoffs', hint: 'Trade-offs made', weight: 1 },
  {
    path: 'spec.modelCard.ethicalConsiderations',
    hint: 'Risks and their mitigations',
    weight: 2,
  },
  {
    path: 'spec.modelCard.trainingData',
    hint: 'How the training data was prepared',
    weight: 1,
  },
  {
    path: 'spec.modelCard.evaluationData',
    hint: 'Which data the evaluation used',
    weight: 1,
  },
  {
    path: 'spec.modelCard.caveats',
    hint: 'Caveats and recommendations',
    weight: 1,
  },
];

const FEATURE_FIELDS: RecommendedField[] = [
  {
    path: 'metadata.description',
    hint: 'What the feature set captures',
    weight: 2,
  },
  { path: 'spec.entities', hint: 'The join keys', weight: 2 },
  {
    path: 'spec.features',
    hint: 'Each feature with name, dtype and description',
    weight: 2,
  },
  {
    path: 'spec.sources',
    hint: 'The Datasets it is computed from, for lineage',
    weight: 2,
  },
  {
    path: 'spec.transformation',
    hint: 'How it is computed, or a link to the code',
    weight: 1,
  },
  { path: 'spec.store', hint: 'online, offline or both', weight: 1 },
  { path: 'spec.ttl', hint: 'How long a value stays valid', weight: 1 },
  { path: 'spec.version', hint: 'The feature set version', weight: 1 },
];

const DATASET_FIELDS: RecommendedField[] = [
  {
    path: 'metadata.description',
    hint: 'What one row or file holds',
    weight: 2,
  },
  { path: 'spec.location', hint: 'Where the data lives', weight: 1 },
  {
    path: 'spec.classification',
    hint: 'public, internal, confidential or restricted',
    weight: 2,
  },
  {
    path: 'spec.schema.columns',
    hint: 'Columns with types, descriptions and PII flags',
    weight: 2,
  },
  { path: 'spec.license', hint: 'The licence or terms of use', weight: 1 },
  {
    path: 'spec.freshness',
    hint: 'How often it is updated (ISO 8601 duration)',
    weight: 1,
  },
  {
    path: 'spec.retention',
    hint: 'How long data is kept (ISO 8601 duration)',
    weight: 1,
  },
];

const FIELDS_BY_KIND: Record<string, RecommendedField[]> = {
  [MODEL_KIND.toLocaleLowerCase('en-US')]: MODEL_FIELDS,
  [FEATURE_KIND.toLocaleLowerCase('en-US')]: FEATURE_FIELDS,
  [DATASET_KIND.toLocaleLowerCase('en-US')]: DATASET_FIELDS,
};

/** The recommended fields of a kind; empty for kinds we do not own. */
export function recommendedFields(kind: string): RecommendedField[] {
  return FIELDS_BY_KIND[kind.toLocaleLowerCase('en-US')] ?? [];
}

function isFilled(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function valueAt(entity: Entity, path: string): unknown {
  return path
    .split('.')
    .reduce<any>(
      (node, key) =>
        node === null || node === undefined ? undefined : node[key],
      entity,
    );
}

/**
 * How complete an entity's card is: which recommended fields are filled, which
 * are missing (with a hint for the owner), and a weighted score from 0 to 100.
 * Pure, so health checks, the UI and the CLI compute the same number.
 */
export function cardCompleteness(entity: Entity): CardCompleteness {
  const fields = recommendedFields(entity.kind);
  let total = 0;
  let got = 0;
  const filled: string[] = [];
  const missing: CardCompleteness['missing'] = [];
  for (const field of fields) {
    total += field.weight;
    if (isFilled(valueAt(entity, field.path))) {
      got += field.weight;
      filled.push(field.path);
    } else {
      missing.push({ path: field.path, hint: field.hint });
    }
  }
  return {
    score: total === 0 ? 100 : Math.round((got / total) * 100),
    filled,
    missing,
  };
}
