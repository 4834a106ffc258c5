import { DATASET_KIND } from '@ml-marketplace/plugin-ml-common';
import { isObject, problemIn, type CatalogDocument } from '../catalogDocuments';
import { refsOf, type EntityRefUse } from '../entityRefs';
import type { Problem } from '../problems';

const isDataset = (document: CatalogDocument) =>
  document.entity?.kind.toLocaleLowerCase('en-US') ===
  DATASET_KIND.toLocaleLowerCase('en-US');

/**
 * Datasets whose derivedFrom chains lead back to themselves. Lineage can only
 * flow one way; a cycle is a typo in a ref and makes every impact analysis
 * through it meaningless. Each cycle is reported once, at the ref that closes it.
 */
export function derivationCycleProblems(
  documents: ReadonlyArray<CatalogDocument>,
): Problem[] {
  const datasets = new Map<
    string,
    { document: CatalogDocument; edges: EntityRefUse[] }
  >();
  for (const document of documents) {
    if (
      !isDataset(document) ||
      document.hasSyntaxErrors ||
      datasets.has(document.entity!.key)
    )
      continue;
    const edges = isObject(document.value)
      ? refsOf(document.value).filter(
          use => use.segments[1] === 'derivedFrom' && use.target,
        )
      : [];
    datasets.set(document.entity!.key, { document, edges });
  }

  const problems: Problem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (key: string) => {
    state.set(key, 'visiting');
    path.push(key);
    const node = datasets.get(key)!;
    for (const edge of node.edges) {
      const target = edge.target!.key;
      if (!datasets.has(target)) continue;
      if (state.get(target) === 'visiting') {
        // Start the cycle at the entity holding the closing ref, where it is reported.
        const loop = path.slice(path.indexOf(target));
        const refs = [
          ...loop.slice(loop.indexOf(key)),
          ...loop.slice(0, loop.indexOf(key)),
          key,
        ].map(k => datasets.get(k)!.document.entity!.ref);
        problems.push(
          problemIn(
            node.document,
            edge,
            `makes a derivedFrom cycle: ${refs.join(' -> ')}`,
          ),
        );
      } else if (!state.has(target)) {
        visit(target);
      }
    }
    path.pop();
    state.set(key, 'done');
  };
  for (const key of datasets.keys()) {
    if (!state.has(key)) visit(key);
  }
  return problems;
}
