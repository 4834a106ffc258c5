import { readCatalogFile, type CatalogDocument } from './catalogDocuments';
import { derivationCycleProblems } from './checks/derivationCycles';
import { duplicateProblems } from './checks/duplicates';
import { fieldProblems, isMlDocument } from './checks/entityFields';
import { referenceProblems } from './checks/references';
import { displayPath, expandInputs } from './inputs';
import type { Problem, ValidationReport } from './problems';

export interface ValidateCatalogOptions {
  /** Treat warnings (refs to entities outside the given files) as errors. */
  strict?: boolean;
}

/**
 * Validates catalog files as one set: every document on its own, then what only
 * the whole set can tell (refs, duplicates, derivation cycles). Problems come
 * back sorted by file, line and column.
 */
export async function validateCatalog(
  cwd: string,
  args: ReadonlyArray<string>,
  options: ValidateCatalogOptions = {},
): Promise<ValidationReport> {
  const inputs = await expandInputs(cwd, args);
  const problems: Problem[] = [...inputs.problems];
  const documents: CatalogDocument[] = [];
  for (const file of inputs.files) {
    const read = await readCatalogFile(cwd, file);
    documents.push(...read.documents);
    problems.push(...read.problems);
  }

  const mlDocuments: Array<{
    document: CatalogDocument;
    invalidFields: Set<string>;
  }> = [];
  for (const document of documents) {
    if (document.hasSyntaxErrors) continue;
    const { problems: found, invalidFields } = fieldProblems(document);
    problems.push(...found);
    if (isMlDocument(document)) mlDocuments.push({ document, invalidFields });
  }
  problems.push(
    ...referenceProblems(documents, mlDocuments),
    ...duplicateProblems(documents),
    ...derivationCycleProblems(documents),
  );

  const fileOrder = new Map(
    inputs.files.map((file, i) => [displayPath(cwd, file), i]),
  );
  const rank = (p: Problem) => fileOrder.get(p.file) ?? -1;
  problems.sort(
    (a, b) => rank(a) - rank(b) || a.line - b.line || a.column - b.column,
  );
  return {
    files: inputs.files.length,
    entities: documents.filter(d => d.entity).length,
    problems: options.strict
      ? problems.map(p => ({ ...p, severity: 'error' as const }))
      : problems,
  };
}
