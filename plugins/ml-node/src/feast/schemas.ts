import { z } from 'zod';

/*
 * The parts of Feast's REST registry answers (0.67, `/api/v1`) the connector
 * reads. Lenient where Feast is: false and empty values are left out of its
 * JSON, and unknown keys are ignored so newer servers still parse.
 */

const meta = z
  .object({
    createdTimestamp: z.string().optional(),
    lastUpdatedTimestamp: z.string().optional(),
    materializationIntervals: z
      .array(
        z.object({
          startTime: z.string().optional(),
          endTime: z.string().optional(),
        }),
      )
      .optional(),
  })
  .optional();

const field = z.object({
  name: z.string(),
  valueType: z.string().optional(),
  description: z.string().optional(),
});

export const feastFeatureView = z.object({
  type: z.string().optional(),
  project: z.string().optional(),
  spec: z.object({
    name: z.string(),
    entities: z.array(z.string()).optional(),
    entityColumns: z.array(field).optional(),
    features: z.array(field).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    ttl: z.string().optional(),
    online: z.boolean().optional(),
    description: z.string().optional(),
    owner: z.string().optional(),
    batchSource: z
      .object({
        name: z.string().optional(),
        type: z.string().optional(),
        fileOptions: z.object({ uri: z.string().optional() }).optional(),
      })
      .optional(),
  }),
  meta,
});
export type FeastFeatureView = z.infer<typeof feastFeatureView>;

export const feastFeatureService = z.object({
  spec: z.object({
    name: z.string(),
    description: z.string().optional(),
    owner: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
    features: z.array(z.object({ featureViewName: z.string() })).optional(),
  }),
});
export type FeastFeatureService = z.infer<typeof feastFeatureService>;

/** A page of a list: items are parsed one by one, so one bad item skips one. */
export const feastPage = (key: string) =>
  z.object({
    [key]: z.array(z.unknown()).optional(),
    pagination: z
      .object({
        page: z.number().optional(),
        totalPages: z.number().optional(),
        hasNext: z.boolean().optional(),
      })
      .optional(),
    // `/projects` answers 200 with { error } when it fails.
    error: z.unknown().optional(),
  });
