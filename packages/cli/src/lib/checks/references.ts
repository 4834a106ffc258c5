import { isObject, problemIn, type CatalogDocument } from '../catalogDocuments';
import { refsOf } from '../entityRefs';
import type { Problem } from '../problems';

/**
 * Refs to entities that none of the given files define. The catalog accepts them
 * (the target may come from another repository) and then draws no edge, so they
 * are warnings. A dependsOn ref without a kind is an error: the catalog
 * processor rejects it. Fields that failed schema validation are not checked again.
 */
export function referenceProblems(
  documents: ReadonlyArray<CatalogDocument>,
  mlDocuments: ReadonlyArray<{
    document: CatalogDocument;
    invalidFields: Set<string>;
  }>,
): Problem[] {
  const defined = new Set(
    documents.flatMap(d => (d.entity ? [d.entity.key] : [])),
  );
  const problems: Problem[] = [];
  for (const { document, invalidFields } of mlDocuments) {
    if (!isObject(document.value)) continue;
    for (const use of refsOf(document.value)) {
      if (invalidFields.has(use.field)) continue;
      if (!use.target) {
        problems.push(
          problemIn(
            document,
            use,
            `must name its kind, e.g. "component:default/${
              use.written
            }"; the catalog rejects a ${use.field.replace(
              /\[\d+\]$/,
              '',
            )} ref without one`,
          ),
        );
      } else if (!defined.has(use.target.key)) {
        problems.push(
          problemIn(
            document,
            use,
            `refers to ${use.target.ref}, which is not defined in the given files (it may live in another repository)`,
            'warning',
          ),
        );
      }
    }
  }
  return problems;
}
