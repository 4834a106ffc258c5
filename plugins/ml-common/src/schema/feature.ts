import { z } from 'zod';
import { FEATURE_KIND } from '../kinds';
import { baseSpecShape, entityRefList, envelope, nonEmpty } from './shared';

export const featureFieldSchema = z
  .object({
    name: nonEmpty('the feature name'),
    dtype: nonEmpty('the feature dtype, e.g. "float64"'),
    description: z.string().optional(),
  })
  .passthrough();

export const featureSpecSchema = z
  .object({
    ...baseSpecShape,
    entities: z.array(z.string()).optional(),
    features: z.array(featureFieldSchema).optional(),
    sources: entityRefList('dataset:default/customer-events').optional(),
    transformation: z.string().optional(),
    store: z.enum(['online', 'offline', 'both']).optional(),
    ttl: z.string().optional(),
    version: z.union([z.string(), z.number()]).optional(),
  })
  .passthrough();

export const featureEntitySchema = z.object({
  ...envelope(FEATURE_KIND),
  spec: featureSpecSchema,
});

export type FeatureSpec = z.infer<typeof featureSpecSchema>;
