import { z } from 'zod';

const text = (field: string) =>
  z
    .string({ error: `${field} is required and must be a string` })
    .min(1, { error: `${field} must not be empty` });

const datasetSchema = (what: string) =>
  z.looseObject(
    { namespace: text('namespace'), name: text('name') },
    { error: `${what} must be an object with namespace and name` },
  );

const datasetsSchema = (field: string) =>
  z.array(datasetSchema('each dataset'), {
    error: `${field} must be a list of datasets`,
  });

/** An ISO 8601 date-time that ends in `Z` or a `±hh:mm` offset. */
const HAS_OFFSET = /(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Some versions of the OpenLineage Python client send `eventTime` without an
 * offset (`2021-11-03T10:53:52.427343`). Such a time is read as UTC, and
 * `openLineageEventSchema` warns that it was.
 */
const eventTimeSchema = z.iso
  .datetime({
    offset: true,
    local: true,
    error: 'eventTime is required and must be an ISO 8601 date-time',
  })
  .transform(time => (HAS_OFFSET.test(time) ? time : `${time}Z`));

const jobSchema = z.looseObject(
  { namespace: text('job.namespace'), name: text('job.name') },
  { error: 'job must be an object with namespace and name' },
);

/** Where every OpenLineage event says it comes from (with `eventTime`, the spec's BaseEvent). */
const producerShape = {
  producer: text('producer'),
  schemaURL: text('schemaURL'),
};

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
  eventTime: eventTimeSchema,
  run: z.looseObject(
    {
      runId: z
        .string({ error: 'run.runId is required and must be a UUID' })
        .uuid({
          error: 'run.runId must be a UUID',
        }),
    },
    { error: 'run must be an object with a runId (a UUID)' },
  ),
  job: jobSchema,
  inputs: datasetsSchema('inputs').default([]),
  outputs: datasetsSchema('outputs').default([]),
  ...producerShape,
});

/**
 * An OpenLineage JobEvent (spec 2.x): a job's static lineage, without a run.
 * `inputs` and `outputs` stay absent when the producer left them out, so a
 * JobEvent that only describes the job does not erase its recorded lineage.
 */
export const openLineageJobEventSchema = z.looseObject({
  eventTime: eventTimeSchema,
  job: jobSchema,
  inputs: datasetsSchema('inputs').optional(),
  outputs: datasetsSchema('outputs').optional(),
  ...producerShape,
});

/** An OpenLineage DatasetEvent (spec 2.x): one dataset, without a run or job. */
export const openLineageDatasetEventSchema = z.looseObject({
  eventTime: eventTimeSchema,
  dataset: datasetSchema('dataset'),
  ...producerShape,
});

export type OpenLineageRunEvent = z.infer<typeof openLineageRunEventSchema>;
export type OpenLineageJobEvent = z.infer<typeof openLineageJobEventSchema>;
export type OpenLineageDatasetEvent = z.infer<
  typeof openLineageDatasetEventSchema
>;

/** Something assumed to accept an event, e.g. UTC for a time without offset. */
export interface OpenLineageWarning {
  /** The field it concerns, e.g. `eventTime`. */
  field: string;
  message: string;
}

/** A request body read as the OpenLineage event type its fields say it is. */
export type OpenLineageEvent = (
  | { type: 'RunEvent'; event: OpenLineageRunEvent }
  | { type: 'JobEvent'; event: OpenLineageJobEvent }
  | { type: 'DatasetEvent'; event: OpenLineageDatasetEvent }
) & { warnings: OpenLineageWarning[] };

/** What a producer has to send, for refusals of bodies that are no event at all. */
export const OPENLINEAGE_EVENT_SHAPE =
  'An OpenLineage event is one JSON object with eventTime, producer and ' +
  'schemaURL, and either run and job (a RunEvent), job with inputs and ' +
  'outputs but no run (a JobEvent), or dataset without run or job (a DatasetEvent)';

const schemas = {
  RunEvent: openLineageRunEventSchema,
  JobEvent: openLineageJobEventSchema,
  DatasetEvent: openLineageDatasetEventSchema,
};

/** The event type the body's fields say it is meant to be. */
function typeOf(body: unknown): keyof typeof schemas | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return undefined;
  }
  if ('run' in body || 'eventType' in body) return 'RunEvent';
  if ('job' in body) return 'JobEvent';
  return 'dataset' in body ? 'DatasetEvent' : undefined;
}

/** Why a body is no event at all, in the producer's terms. */
function notAnEvent(body: unknown): string {
  if (Array.isArray(body)) {
    return 'The body is a list; send one event per request.';
  }
  if (body === undefined) return 'The body is empty.';
  if (body === null) return 'The body is null, not an event.';
  if (typeof body !== 'object') {
    return `The body is a ${typeof body}, not an event.`;
  }
  return Object.keys(body).length
    ? 'The body has none of run, job or dataset.'
    : 'The body is empty; was it sent with Content-Type: application/json?';
}

/**
 * Reads a `POST /api/ml/openlineage` body as a RunEvent, JobEvent or
 * DatasetEvent. The type is chosen from the fields present (`run` or
 * `eventType`: RunEvent; else `job`: JobEvent; else `dataset`:
 * DatasetEvent), so a malformed event is refused with the messages of the
 * type it was meant to be, not with those of all three.
 */
export const openLineageEventSchema = z
  .unknown()
  .transform((body, ctx): OpenLineageEvent => {
    const type = typeOf(body);
    if (!type) {
      ctx.addIssue({
        code: 'custom',
        message: `${notAnEvent(body)} ${OPENLINEAGE_EVENT_SHAPE}.`,
      });
      return z.NEVER;
    }
    const result = schemas[type].safeParse(body);
    if (!result.success) {
      for (const { message, path } of result.error.issues) {
        ctx.addIssue({ code: 'custom', message, path });
      }
      return z.NEVER;
    }
    const event = result.data;
    const sent = (body as { eventTime: string }).eventTime;
    const warnings: OpenLineageWarning[] =
      sent === event.eventTime
        ? []
        : [
            {
              field: 'eventTime',
              message: `eventTime ${sent} has no UTC offset and was read as UTC (${event.eventTime}); send it with Z or an offset such as +01:00`,
            },
          ];
    // TypeScript cannot tie `event` to `type`; schemas[type] parsed it.
    return { type, event, warnings } as OpenLineageEvent;
  });

/** What `POST /api/ml/openlineage` did with one event. */
export interface OpenLineageIngestResult {
  /**
   * Edges now recorded for the job: those of a COMPLETE RunEvent or of a
   * JobEvent; 0 for other run events and for DatasetEvents.
   */
  edges: number;
  /** Datasets that matched a catalog Dataset through its annotation. */
  matched: string[];
  /** Datasets with no catalog Dataset, kept as external nodes. */
  external: string[];
  /** What was assumed to accept the event; absent when nothing was. */
  warnings?: OpenLineageWarning[];
}
