import { z } from 'zod';
import { FEATURE_KIND } from '../kinds';
import { entityRefList } from './refs';
import {
  baseSpecShape,
  durationSchema,
  envelope,
  text,
  textList,
} from './shared';

export const featureFieldSchema = z.strictObject({
  name: text('the feature name'),
  dtype: text('the feature dtype, e.g. "float64"'),
  description: text('what the feature means').optional(),
  tags: textList('tags').optional(),
});

export const featureSpecSchema = z.strictObject({
  ...baseSpecShape,
  entities: textList('join keys, e.g. "customer_id"').optional(),
  features: z
    .array(featureFieldSchema, {
      error: 'must be a list of { name, dtype } entries',
    })
    .optional(),
  sources: entityRefList(
    ['dataset'],
    'dataset:default/customer-events',
  ).optional(),
  transformation: text(
    'how the features are computed, or a link to the code',
  ).optional(),
  store: z
    .enum(['online', 'offline', 'both'], {
      error: 'must be one of online, offline, both',
    })
    .optional(),
  ttl: durationSchema.optional(),
  version: z
    .union([z.string(), z.number()], { error: 'must be a string or a number' })
    .optional(),
  registry: z
    .strictObject({
      feast: z.strictObject({
        project: text('the Feast project, e.g. "ml_marketplace_demo"'),
        featureView: text(
          'the feature view name in Feast, e.g. "customer_activity"',
        ),
        instance: text(
          'the id of the Feast registry in app-config (ml.registries.feast)',
        ).optional(),
      }),
    })
    .optional(),
});

export const featureEntitySchema = z
  .object({
    ...envelope(
      FEATURE_KIND,
      'A versioned feature set, like a Feast feature view',
    ),
    spec: featureSpecSchema,
  })
  .meta({ title: 'Feature' });

export type FeatureSpec = z.infer<typeof featureSpecSchema>;
