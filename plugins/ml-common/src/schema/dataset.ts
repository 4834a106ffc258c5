import { z } from 'zod';
import { DATASET_KIND } from '../kinds';
import { entityRefList } from './refs';
import {
  baseSpecShape,
  durationSchema,
  envelope,
  text,
  textList,
} from './shared';

export const datasetColumnSchema = z.strictObject({
  name: text('the column name'),
  type: text('the column type, e.g. "string"'),
  description: text('what the column holds').optional(),
  pii: z.boolean({ error: 'must be true or false' }).optional(),
  nullable: z.boolean({ error: 'must be true or false' }).optional(),
  tags: textList('tags').optional(),
});

export const datasetSpecSchema = z.strictObject({
  ...baseSpecShape,
  type: text('the dataset type, e.g. "table", "files" or "stream"'),
  location: text('where the data lives, e.g. "s3://bucket/path"').optional(),
  derivedFrom: entityRefList(
    ['dataset'],
    'dataset:default/raw-events',
  ).optional(),
  // What writes the data and is not itself a dataset: the model that scores
  // it, the job that exports it. Upstream in the lineage, like derivedFrom.
  dependsOn: entityRefList(
    ['component', 'resource', 'model', 'feature'],
    'model:default/churn-model',
  ).optional(),
  schema: z
    .strictObject({
      columns: z.array(datasetColumnSchema, {
        error: 'must be a list of { name, type } columns',
      }),
    })
    .optional(),
  freshness: durationSchema
    .optional()
    .meta({ description: 'Expected update interval' }),
  retention: durationSchema
    .optional()
    .meta({ description: 'How long data is kept' }),
});

export const datasetEntitySchema = z
  .object({
    ...envelope(
      DATASET_KIND,
      'A table, file set or stream that models and features read',
    ),
    spec: datasetSpecSchema,
  })
  .meta({ title: 'Dataset' });

export type DatasetSpec = z.infer<typeof datasetSpecSchema>;
