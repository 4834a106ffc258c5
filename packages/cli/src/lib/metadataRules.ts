import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { describeValue, formatPath } from '@ml-marketplace/plugin-ml-common';
import { isObject } from './catalogDocuments';
import {
  NAMESPACE_RULE,
  NAME_RULE,
  TAG_RULE,
  isValidName,
  isValidTag,
  toTag,
} from './entityNames';

export interface MetadataIssue {
  path: string;
  segments: Array<string | number>;
  message: string;
  /** The key is the mistake (an invalid annotation key), not its value. */
  pointAtKey?: boolean;
}

const got = (value: unknown) => `got ${describeValue(value)}`;

/**
 * The catalog's own metadata rules (FieldFormatEntityPolicy): validateMlEntity
 * leaves metadata open because the catalog checks it, but an owner wants to hear
 * about a bad name or tag before the catalog refuses the entity.
 */
export function metadataIssues(entity: unknown): MetadataIssue[] {
  const metadata = isObject(entity) ? entity.metadata : undefined;
  if (!isObject(metadata)) return [];
  const issues: MetadataIssue[] = [];
  const add = (
    segments: Array<string | number>,
    message: string,
    pointAtKey = false,
  ) =>
    issues.push({
      path: formatPath(['metadata', ...segments]),
      segments: ['metadata', ...segments],
      message,
      pointAtKey,
    });

  if (typeof metadata.name === 'string' && !isValidName(metadata.name)) {
    add(['name'], `must be ${NAME_RULE}, ${got(metadata.name)}`);
  }
  if (
    metadata.namespace !== undefined &&
    !KubernetesValidatorFunctions.isValidNamespace(metadata.namespace)
  ) {
    add(['namespace'], `must be ${NAMESPACE_RULE}, ${got(metadata.namespace)}`);
  }
  if (metadata.tags !== undefined) {
    if (!Array.isArray(metadata.tags)) {
      add(['tags'], `must be a list of tags, ${got(metadata.tags)}`);
    } else {
      metadata.tags.forEach((tag: unknown, i: number) => {
        if (isValidTag(tag)) return;
        const suggestion = typeof tag === 'string' ? toTag(tag) : undefined;
        add(
          ['tags', i],
          `must be ${TAG_RULE}, ${got(tag)}${
            suggestion ? `; try "${suggestion}"` : ''
          }`,
        );
      });
    }
  }
  for (const field of ['annotations', 'labels'] as const) {
    const map = metadata[field];
    if (map === undefined) continue;
    if (!isObject(map)) {
      add([field], `must be a mapping of keys to strings, ${got(map)}`);
      continue;
    }
    for (const [key, value] of Object.entries(map)) {
      if (!KubernetesValidatorFunctions.isValidAnnotationKey(key)) {
        add(
          [field, key],
          'is not a valid key: an optional DNS prefix and "/", then 1-63 letters, digits, "-", "_" or "." (e.g. "ml-marketplace.io/mlflow-model-name")',
          true,
        );
      } else if (field === 'annotations' && typeof value !== 'string') {
        add([field, key], `must be a string (quote it), ${got(value)}`);
      } else if (
        field === 'labels' &&
        !KubernetesValidatorFunctions.isValidLabelValue(value)
      ) {
        add([field, key], `must be empty or ${NAME_RULE}, ${got(value)}`);
      }
    }
  }
  return issues;
}
