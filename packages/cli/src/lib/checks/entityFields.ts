import {
  ML_API_VERSION,
  describeValue,
  isMlKind,
  validateMlEntity,
} from '@ml-marketplace/plugin-ml-common';
import { isObject, problemIn, type CatalogDocument } from '../catalogDocuments';
import { metadataIssues } from '../metadataRules';
import type { Problem } from '../problems';

/** Whether the marketplace owns this document: one of its kinds, or its apiVersion with a mistyped kind. */
export function isMlDocument(document: CatalogDocument): boolean {
  const { value } = document;
  return (
    isObject(value) &&
    ((typeof value.kind === 'string' && isMlKind(value.kind)) ||
      value.apiVersion === ML_API_VERSION)
  );
}

/**
 * Field problems of one document. ML entities get the same schema check as the
 * catalog processor plus the catalog's metadata rules; other kinds only need
 * the envelope that lets refs to them resolve.
 */
export function fieldProblems(document: CatalogDocument): {
  problems: Problem[];
  invalidFields: Set<string>;
} {
  if (!isMlDocument(document)) {
    return { problems: envelopeProblems(document), invalidFields: new Set() };
  }
  const issues = [
    ...validateMlEntity(document.value).map(issue => ({
      ...issue,
      pointAtKey: issue.message.startsWith('is not a known field'),
    })),
    ...metadataIssues(document.value),
  ];
  return {
    problems: issues.map(issue =>
      problemIn(
        document,
        {
          segments: issue.segments,
          // An empty path is about the whole entity (an alias bomb), not a field.
          field: issue.path || undefined,
          pointAtKey: issue.pointAtKey,
        },
        issue.message,
      ),
    ),
    invalidFields: new Set(issues.map(issue => issue.path)),
  };
}

function envelopeProblems(document: CatalogDocument): Problem[] {
  const { value } = document;
  if (!isObject(value)) {
    const found = Array.isArray(value) ? 'a list' : describeValue(value);
    return [
      problemIn(
        document,
        { segments: [] },
        `must be a catalog entity (a mapping with apiVersion, kind, metadata and spec), got ${found}`,
      ),
    ];
  }
  const required: Array<[string[], unknown]> = [
    [['apiVersion'], value.apiVersion],
    [['kind'], value.kind],
    [
      ['metadata', 'name'],
      isObject(value.metadata) ? value.metadata.name : undefined,
    ],
  ];
  return required
    .filter(([, found]) => typeof found !== 'string' || found.length === 0)
    .map(([segments, found]) =>
      problemIn(
        document,
        { segments, field: segments.join('.') },
        found === undefined
          ? 'is required: every catalog entity has apiVersion, kind and metadata.name'
          : `must be a non-empty string, got ${describeValue(found)}`,
      ),
    );
}
