import {
  positionIn,
  problemIn,
  type CatalogDocument,
} from '../catalogDocuments';
import type { Problem } from '../problems';

/**
 * Two documents with the same kind, namespace and name (compared without case,
 * like the catalog) would overwrite each other; the second one is the error.
 */
export function duplicateProblems(
  documents: ReadonlyArray<CatalogDocument>,
): Problem[] {
  const first = new Map<string, CatalogDocument>();
  const problems: Problem[] = [];
  for (const document of documents) {
    if (!document.entity) continue;
    const earlier = first.get(document.entity.key);
    if (!earlier) {
      first.set(document.entity.key, document);
      continue;
    }
    const { line } = positionIn(earlier, ['metadata', 'name']);
    problems.push(
      problemIn(
        document,
        { segments: ['metadata', 'name'], field: 'metadata.name' },
        `duplicates ${earlier.entity!.ref}, first defined at ${
          earlier.file
        }:${line}`,
      ),
    );
  }
  return problems;
}
