import { z } from 'zod';

/**
 * The parts of MLflow's REST 2.0 answers we read. Lenient where MLflow is:
 * empty fields are left out of its JSON, int64 may come as numbers or strings,
 * and unknown keys are ignored so newer servers still parse.
 */
const int64 = z.union([z.number(), z.string().regex(/^-?\d+$/)]);
const tag = z.object({ key: z.string(), value: z.string().optional() });

export const mlflowModelVersion = z.object({
  name: z.string(),
  version: z.union([z.string(), z.number()]).transform(String),
  creation_timestamp: int64.optional(),
  last_updated_timestamp: int64.optional(),
  current_stage: z.string().optional(),
  description: z.string().optional(),
  source: z.string().optional(),
  run_id: z.string().optional(),
  run_link: z.string().optional(),
  status: z.string().optional(),
  tags: z.array(tag).optional(),
  aliases: z.array(z.string()).optional(),
});
export type MlflowModelVersion = z.infer<typeof mlflowModelVersion>;

export const mlflowRegisteredModel = z.object({
  name: z.string(),
  creation_timestamp: int64.optional(),
  last_updated_timestamp: int64.optional(),
  description: z.string().optional(),
  tags: z.array(tag).optional(),
  aliases: z
    .array(
      z.object({
        alias: z.string(),
        version: z.union([z.string(), z.number()]).transform(String),
      }),
    )
    .optional(),
});
export type MlflowRegisteredModel = z.infer<typeof mlflowRegisteredModel>;

/** Answer of `registered-models/get`. */
export const mlflowRegisteredModelAnswer = z.object({
  registered_model: z.object({ name: z.string() }),
});

/** Pages carry their items loosely: each item is parsed on its own, so one bad item skips one model. */
export const mlflowPage = (key: string) =>
  z.object({
    [key]: z.array(z.unknown()).optional(),
    next_page_token: z.string().optional(),
  });

/** MLflow writes NaN and infinities as strings in JSON. */
const metricValue = z.union([
  z.number(),
  z.enum(['NaN', 'Infinity', '-Infinity']),
]);

export const mlflowMetric = z.object({
  key: z.string(),
  value: metricValue,
  timestamp: int64.optional(),
  step: int64.optional(),
});

export const mlflowRun = z.object({
  run: z.object({
    info: z.object({
      run_id: z.string(),
      run_name: z.string().optional(),
      experiment_id: z.string(),
      status: z.string().optional(),
      start_time: int64.optional(),
      end_time: int64.optional(),
    }),
    data: z
      .object({
        metrics: z.array(mlflowMetric).optional(),
        params: z
          .array(z.object({ key: z.string(), value: z.string().optional() }))
          .optional(),
        tags: z.array(tag).optional(),
      })
      .optional(),
    inputs: z
      .object({
        dataset_inputs: z
          .array(
            z.object({
              tags: z.array(tag).optional(),
              dataset: z.object({
                name: z.string(),
                digest: z.string().optional(),
                source_type: z.string().optional(),
                source: z.string().optional(),
              }),
            }),
          )
          .optional(),
      })
      .optional(),
  }),
});
export type MlflowRun = z.infer<typeof mlflowRun>['run'];

export const mlflowMetricHistory = z.object({
  metrics: z.array(mlflowMetric).optional(),
  next_page_token: z.string().optional(),
});

export const mlflowError = z.object({
  error_code: z.string().optional(),
  message: z.string().optional(),
  /** FastAPI-based registries (Feast): `{ status_code, detail, error_type }`. */
  error_type: z.string().optional(),
  detail: z.unknown().optional(),
});

/**
 * A logged model's `MLmodel` file (YAML). Its signature holds the inputs and
 * outputs as JSON strings of column or tensor specs.
 */
export const mlmodelFile = z.object({
  signature: z
    .object({
      inputs: z.string().nullish(),
      outputs: z.string().nullish(),
    })
    .nullish(),
});

/** One column or tensor spec inside a signature (MLflow's `ColSpec`, `TensorSpec`). */
export const mlflowSignatureSpec = z.looseObject({
  type: z.string(),
  name: z.string().nullish(),
  required: z.boolean().optional(),
  /** Arrays: the element spec. */
  items: z.looseObject({ type: z.string() }).optional(),
  'tensor-spec': z
    .object({
      dtype: z.string(),
      shape: z.array(z.number()).optional(),
    })
    .optional(),
});
