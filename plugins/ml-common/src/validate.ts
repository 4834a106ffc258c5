import type { z } from 'zod';
import {
  DATASET_KIND,
  FEATURE_KIND,
  ML_API_VERSION,
  MODEL_KIND,
  isMlKind,
} from './kinds';
import { oversizeReason } from './entitySize';
import { describeValue, personErrorMap } from './issueMessages';
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
  return [{ path, segments, message: withFound(issue, value) }];
}

/** The schema's "must be …" message with what was found, and how to fix it when that is not obvious. */
function withFound(issue: z.core.$ZodIssue, value: unknown): string {
  const { message } = issue;
  const expected = issue.code === 'invalid_type' ? issue.expected : undefined;
  if (value === undefined) {
    return message.startsWith('is required')
      ? message
      : `is required and ${message}`;
  }
  if (value === null) return `is empty but ${message}`;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // YAML's .nan and .inf: JSON cannot show them, so name them.
    const found = describeValue(value);
    if (expected === 'number' || expected === 'int')
      return Number.isNaN(value)
        ? `is ${found} but must be a number`
        : `is ${found} but must be a finite number`;
    return `is ${found} but ${message}${
      expected === 'string' ? '; quote it if you meant it as text' : ''
    }`;
  }
  let hint = '';
  if (
    typeof value === 'string' &&
    (expected === 'number' || expected === 'int')
  ) {
    if (/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value))
      hint = '; write the number without quotes';
  } else if (
    typeof value === 'string' &&
    expected === 'boolean' &&
    /^(true|false)$/i.test(value.trim())
  ) {
    hint = '; write true or false without quotes';
  }
  return `${message}, got ${describeValue(value)}${hint}`;
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
        message: `must be one of Model, Feature, Dataset, got ${describeValue(
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
        message: `must be "${ML_API_VERSION}" for kind ${kind}, got ${describeValue(
          apiVersion,
        )}`,
      },
    ];
  }
  // Written out, a YAML alias bomb holds billions of values (a cycle, endless
  // ones): describing what was found in one would never finish. Say so instead.
  const oversize = oversizeReason(entity);
  if (oversize) return [{ path: '', segments: [], message: oversize }];
  const schema = ML_ENTITY_SCHEMAS[kind.toLocaleLowerCase('en-US')];
  // The schemas word their own messages; personErrorMap words the rest.
  const result = schema.safeParse(entity, { error: personErrorMap });
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
    .map(i => (i.path ? `${i.path} ${i.message}` : i.message))
    .join('; ')}`;
}
