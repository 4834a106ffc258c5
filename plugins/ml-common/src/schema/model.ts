import { z } from 'zod';
import { MODEL_KIND } from '../kinds';
import { baseSpecShape, entityRefList, envelope, nonEmpty } from './shared';

export const modelSpecSchema = z
  .object({
    ...baseSpecShape,
    task: nonEmpty('the ML task, e.g. "binary-classification"').optional(),
    framework: z.string().optional(),
    baseModel: z.string().optional(),
    trainedOn: entityRefList('dataset:default/customers').optional(),
    consumesFeatures: entityRefList('feature:default/customer-activity').optional(),
    dependsOn: entityRefList('component:default/feature-store').optional(),
    providesApis: entityRefList('api:default/churn-prediction').optional(),
    modelCard: z.record(z.unknown()).optional(),
  })
  .passthrough();

export const modelEntitySchema = z.object({
  ...envelope(MODEL_KIND),
  spec: modelSpecSchema,
});

export type ModelSpec = z.infer<typeof modelSpecSchema>;
