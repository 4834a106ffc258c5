import { z } from 'zod';
import { DATASET_KIND } from '../kinds';
import {
  baseSpecShape,
  classificationSchema,
  entityRefList,
  envelope,
  nonEmpty,
} from './shared';

export const datasetColumnSchema = z
  .object({
    name: nonEmpty('the column name'),
    type: nonEmpty('the column type, e.g. "string"'),
    description: z.string().optional(),
    pii: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
  })
  .passthrough();

export const datasetSpecSchema = z
  .object({
    ...baseSpecShape,
    type: nonEmpty('the dataset type, e.g. "table", "files" or "stream"'),
    location: z.string().optional(),
    classification: classificationSchema.optional(),
    derivedFrom: entityRefList('dataset:default/raw-events').optional(),
    schema: z.object({ columns: z.array(datasetColumnSchema) }).passthrough().optional(),
    freshness: z.string().optional(),
    retention: z.string().optional(),
  })
  .passthrough();

export const datasetEntitySchema = z.object({
  ...envelope(DATASET_KIND),
  spec: datasetSpecSchema,
});

export type DatasetSpec = z.infer<typeof datasetSpecSchema>;
