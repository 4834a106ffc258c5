import { z } from 'zod';
import {
  DATASET_KIND,
  FEATURE_KIND,
  ML_API_VERSION,
  MODEL_KIND,
} from './kinds';
import { datasetEntitySchema } from './schema/dataset';
import { featureEntitySchema } from './schema/feature';
import { modelEntitySchema } from './schema/model';

const KIND_SCHEMAS = [
  [MODEL_KIND, modelEntitySchema],
  [FEATURE_KIND, featureEntitySchema],
  [DATASET_KIND, datasetEntitySchema],
] as const;

/**
 * JSON Schema (draft-07) for ML entities, generated from the zod schemas so the
 * two can never disagree. One document covers all three kinds: each kind's
 * schema applies when `kind` names it, so a multi-document catalog-info.yaml
 * that also holds Components validates cleanly in editors.
 */
export function mlEntitiesJsonSchema(): Record<string, unknown> {
  const definitions: Record<string, unknown> = {};
  for (const [kind, schema] of KIND_SCHEMAS) {
    const { $schema: _ignored, ...generated } = z.toJSONSchema(schema, {
      target: 'draft-7',
      io: 'input',
    }) as Record<string, unknown>;
    definitions[kind] = generated;
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'ML marketplace entity',
    description: `Model, Feature and Dataset entities (apiVersion ${ML_API_VERSION}) for the Backstage catalog.`,
    type: 'object',
    definitions,
    allOf: KIND_SCHEMAS.map(([kind]) => ({
      if: {
        properties: {
          apiVersion: { const: ML_API_VERSION },
          kind: { const: kind },
        },
        required: ['apiVersion', 'kind'],
      },
      then: { $ref: `#/definitions/${kind}` },
    })),
  };
}
