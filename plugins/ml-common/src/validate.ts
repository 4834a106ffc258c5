import type { ZodIssue, ZodTypeAny } from 'zod';
import { DATASET_KIND, FEATURE_KIND, ML_API_VERSION, MODEL_KIND, isMlKind } from './kinds';
import { datasetEntitySchema } from './schema/dataset';
import { featureEntitySchema } from './schema/feature';
import { modelEntitySchema } from './schema/model';

/** One problem with one field of one entity. */
export interface MlValidationIssue {
  /** Field path in YAML terms, e.g. `spec.trainedOn[1]`. */
  path: string;
  /** What is expected, and what was found. */
  message: string;
}

const SCHEMAS: Record<string, ZodTypeAny> = {
  [MODEL_KIND.toLocaleLowerCase('en-US')]: modelEntitySchema,
  [FEATURE_KIND.toLocaleLowerCase('en-US')]: featureEntitySchema,
  [DATASET_KIND.toLocaleLowerCase('en-US')]: datasetEntitySchema,
};

/** `['spec', 'trainedOn', 1]` → `spec.trainedOn[1]` */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc ? `${acc}.${part}` : part;
  }, '');
}

function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let current: any = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = current[part];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function toIssue(entity: unknown, issue: ZodIssue): MlValidationIssue {
  const path = formatPath(issue.path);
  const value = valueAt(entity, issue.path);
  if (value !== undefined) {
    return { path, message: `${issue.message}, got ${describe(value)}` };
  }
  if (issue.message === 'Required') {
    return { path, message: 'is required' };
  }
  return {
    path,
    message: issue.message.startsWith('is required')
      ? issue.message
      : `is required and ${issue.message}`,
  };
}

/**
 * Validates an ML entity against its kind's schema and returns every problem at
 * once (an owner fixing a file wants the whole list, not one error per commit).
 * Returns an empty list for a valid entity.
 */
export function validateMlEntity(entity: unknown): MlValidationIssue[] {
  const kind = (entity as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !isMlKind(kind)) {
    return [{ path: 'kind', message: `must be one of Model, Feature, Dataset, got ${describe(kind)}` }];
  }
  const apiVersion = (entity as { apiVersion?: unknown }).apiVersion;
  if (apiVersion !== ML_API_VERSION) {
    return [
      {
        path: 'apiVersion',
        message: `must be "${ML_API_VERSION}" for kind ${kind}, got ${describe(apiVersion)}`,
      },
    ];
  }
  const result = SCHEMAS[kind.toLocaleLowerCase('en-US')].safeParse(entity);
  return result.success ? [] : result.error.issues.map(issue => toIssue(entity, issue));
}

/** `Model default/churn-model: spec.trainedOn[1] must be …; spec.owner is required …` */
export function formatValidationIssues(
  entityLabel: string,
  issues: ReadonlyArray<MlValidationIssue>,
): string {
  return `${entityLabel}: ${issues.map(i => `${i.path} ${i.message}`).join('; ')}`;
}
