import { z } from 'zod';
import { MODEL_KIND } from '../kinds';
import { modelCardSchema } from './modelCard';
import { entityRef, entityRefList } from './refs';
import { baseSpecShape, dateSchema, envelope, text, urlSchema } from './shared';

/** One evaluation result; `slice` narrows it to a subgroup (Model Card Toolkit). */
export const evaluationSchema = z.strictObject({
  metric: text('the metric name, e.g. "auc" or "f1"'),
  value: z.number({ error: 'must be a number' }),
  dataset: text('the evaluation dataset, an entity ref or a name').optional(),
  split: text('the split, e.g. "test"').optional(),
  slice: text('the subgroup, e.g. "country=DE"').optional(),
  threshold: z.number({ error: 'must be a number' }).optional().meta({
    description:
      'Minimum acceptable value (maximum when higherIsBetter is false)',
  }),
  higherIsBetter: z.boolean({ error: 'must be true or false' }).optional(),
});

export const modelSpecSchema = z.strictObject({
  ...baseSpecShape,
  task: text(
    'the ML task, e.g. "binary-classification" or "text-generation"',
  ).optional(),
  framework: text(
    'the library, e.g. "scikit-learn" or "transformers"',
  ).optional(),
  baseModel: text('the model this one was fine-tuned from').optional(),
  trainedOn: entityRefList(['dataset'], 'dataset:default/customers').optional(),
  consumesFeatures: entityRefList(
    ['feature'],
    'feature:default/customer-activity',
  ).optional(),
  dependsOn: entityRefList(
    ['component', 'resource', 'api', 'model', 'dataset', 'feature'],
    'component:default/feature-store',
  ).optional(),
  providesApis: entityRefList(
    ['api'],
    'api:default/churn-prediction',
  ).optional(),
  evaluation: z
    .array(evaluationSchema, {
      error: 'must be a list of { metric, value } results',
    })
    .optional(),
  modelCard: modelCardSchema.optional(),
  registry: z
    .strictObject({
      mlflow: z.strictObject({
        name: text('the registered model name in MLflow'),
        alias: text('the alias that serves, e.g. "champion"').optional(),
        version: text(
          'a pinned version number, when no alias serves, e.g. "3"',
        ).optional(),
        instance: text(
          'the id of the MLflow instance in app-config',
        ).optional(),
      }),
    })
    .optional(),
  serving: z
    .strictObject({
      endpoint: urlSchema.optional(),
      healthUrl: urlSchema.optional(),
    })
    .optional(),
  deprecation: z
    .strictObject({
      reason: text('why the model is deprecated'),
      replacedBy: entityRef(
        ['model'],
        'model:default/churn-model-v2',
      ).optional(),
      sunsetDate: dateSchema.optional(),
    })
    .optional(),
});

export const modelEntitySchema = z
  .object({
    ...envelope(
      MODEL_KIND,
      'A registered model: one entity per model line, not per version',
    ),
    spec: modelSpecSchema,
  })
  .meta({ title: 'Model' });

export type ModelSpec = z.infer<typeof modelSpecSchema>;
export type ModelEvaluation = z.infer<typeof evaluationSchema>;
