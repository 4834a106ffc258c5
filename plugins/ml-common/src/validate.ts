import type { z } from 'zod';
import {
  DATASET_KIND,
  FEATURE_KIND,
  ML_API_VERSION,
  MODEL_KIND,
  isMlKind,
} from './kinds';
import { datasetEntitySchema } from './schema/dataset';
import { featureEntitySchema } from './schema/feature';
import { modelEntitySchema } from './schema/model';

/** One problem with one field of one entity. */
export interface MlValidationIssue {
  /** Field path in YAML terms, e.g. `spec.trainedOn[1]`. */
  path: string;
  /** The same path as keys and indexes, e.g. `['spec', 'trainedOn', 1]`. */
  segments: Array<string | number>;
  /** What is expected, and what was found. */
  message: string;
}

/** The zod schema of each kind, keyed by lower-case kind. */
export const ML_ENTITY_SCHEMAS: Record<string, z.ZodType> = {
  [MODEL_KIND.toLocaleLowerCase('en-US')]: modelEntitySchema,
  [FEATURE_KIND.toLocaleLowerCase('en-US')]: featureEntitySchema,
  [DATASET_KIND.toLocaleLowerCase('en-US')]: datasetEntitySchema,
};

/** `['spec', 'trainedOn', 1]` → `spec.trainedOn[1]` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc ? `${acc}.${String(part)}` : String(part);
  }, '');
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: any = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = current[part as any];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** The keys an object schema knows at `path`, to suggest one for a typo. */
function knownKeysAt(
  schema: z.ZodType,
  path: ReadonlyArray<PropertyKey>,
): string[] {
  let current: any = schema;
  const unwrap = () => {
    for (;;) {
      const def = current?._zod?.def;
      if (
        def &&
        ['optional', 'nullable', 'default', 'readonly'].includes(def.type)
      ) {
        current = def.innerType;
      } else if (def?.type === 'pipe') {
        current = def.in;
      } else return;
    }
  };
  for (const part of path) {
    unwrap();
    const def = current?._zod?.def;
    if (def?.type === 'object' && typeof part === 'string')
      current = def.shape[part];
    else if (def?.type === 'array' && typeof part === 'number')
      current = def.element;
    else return [];
  }
  unwrap();
  const def = current?._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape) : [];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(
        row[j] + 1,
        row[j - 1] + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The known key closest to a typo, if it is close enough to be what was meant. */
export function suggestKey(
  unknown: string,
  known: string[],
): string | undefined {
  const lower = unknown.toLocaleLowerCase('en-US');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const key of known) {
    const d = editDistance(lower, key.toLocaleLowerCase('en-US'));
    if (d < bestDistance) [best, bestDistance] = [key, d];
  }
  return best !== undefined &&
    bestDistance <= Math.max(2, Math.floor(unknown.length / 3))
    ? best
    : undefined;
}

function toIssues(
  schema: z.ZodType,
  entity: unknown,
  issue: z.core.$ZodIssue,
): MlValidationIssue[] {
  const segments = issue.path.map(p => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, issue.path);
    return issue.keys.map(key => {
      const suggestion = suggestKey(key, known);
      return {
        path: formatPath([...segments, key]),
        segments: [...segments, key],
        message: suggestion
          ? `is not a known field; did you mean "${suggestion}"?`
          : `is not a known field; known fields here are ${known.join(
              ', ',
            )} (put custom data in metadata.annotations)`,
      };
    });
  }
  const path = formatPath(segments);
  const value = valueAt(entity, issue.path);
  if (value !== undefined) {
    return [
      { path, segments, message: `${issue.message}, got ${describe(value)}` },
    ];
  }
  // zod's own wording ("Invalid input: expected object, received undefined")
  // says nothing an owner can act on; a missing section is simply required.
  let message = `is required and ${issue.message}`;
  if (issue.message.startsWith('is required')) message = issue.message;
  else if (issue.message.startsWith('Invalid input')) message = 'is required';
  return [{ path, segments, message }];
}

/**
 * Validates an ML entity against its kind's schema and returns every problem at
 * once (an owner fixing a file wants the whole list, not one error per commit).
 * Returns an empty list for a valid entity.
 */
export function validateMlEntity(entity: unknown): MlValidationIssue[] {
  const kind = (entity as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !isMlKind(kind)) {
    return [
      {
        path: 'kind',
        segments: ['kind'],
        message: `must be one of Model, Feature, Dataset, got ${describe(
          kind,
        )}`,
      },
    ];
  }
  const apiVersion = (entity as { apiVersion?: unknown }).apiVersion;
  if (apiVersion !== ML_API_VERSION) {
    return [
      {
        path: 'apiVersion',
        segments: ['apiVersion'],
        message: `must be "${ML_API_VERSION}" for kind ${kind}, got ${describe(
          apiVersion,
        )}`,
      },
    ];
  }
  const schema = ML_ENTITY_SCHEMAS[kind.toLocaleLowerCase('en-US')];
  const result = schema.safeParse(entity);
  return result.success
    ? []
    : result.error.issues.flatMap(issue => toIssues(schema, entity, issue));
}

/** `Model default/churn-model: spec.trainedOn[1] must be …; spec.owner is required …` */
export function formatValidationIssues(
  entityLabel: string,
  issues: ReadonlyArray<Pick<MlValidationIssue, 'path' | 'message'>>,
): string {
  return `${entityLabel}: ${issues
    .map(i => `${i.path} ${i.message}`)
    .join('; ')}`;
}
