import { z } from 'zod';

const text = (field: string) =>
  z
    .string({ error: `${field} is required and must be a string` })
    .min(1, { error: `${field} must not be empty` });

const datasetSchema = z.looseObject({
  namespace: text('namespace'),
  name: text('name'),
});

/**
 * An OpenLineage RunEvent (spec 2-0-x). Only the fields lineage needs are
 * checked; facets and producer-specific fields pass through untouched.
 */
export const openLineageRunEventSchema = z.looseObject({
  eventType: z
    .enum(['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'], {
      error:
        'eventType must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER',
    })
    .optional(),
  eventTime: z.iso.datetime({
    offset: true,
    error: 'eventTime is required and must be an ISO 8601 date-time',
  }),
  run: z.looseObject({
    runId: z
      .string({ error: 'run.runId is required and must be a UUID' })
      .uuid({
        error: 'run.runId must be a UUID',
      }),
  }),
  job: z.looseObject({
    namespace: text('job.namespace'),
    name: text('job.name'),
  }),
  inputs: z
    .array(datasetSchema, { error: 'inputs must be a list of datasets' })
    .default([]),
  outputs: z
    .array(datasetSchema, { error: 'outputs must be a list of datasets' })
    .default([]),
  producer: text('producer'),
  schemaURL: text('schemaURL'),
});

export type OpenLineageRunEvent = z.infer<typeof openLineageRunEventSchema>;

/** What `POST /api/ml/openlineage` did with one event. */
export interface OpenLineageIngestResult {
  /** Edges now recorded for the job; 0 for events that are not COMPLETE. */
  edges: number;
  /** Datasets that matched a catalog Dataset through its annotation. */
  matched: string[];
  /** Datasets with no catalog Dataset, kept as external nodes. */
  external: string[];
}
