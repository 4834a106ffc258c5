import type { Entity } from '@backstage/catalog-model';
import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import { higherIsBetter, metricWordsOf } from './queryIntent';
import { termsOf } from './searchTerms';

/** Facts the ranking weighs besides text, worked out once per index build. */
export interface RankingSignals {
  /**
   * For each metric word, how good each reporting asset's best value is
   * among the assets that report it: 1 for the best, 0 for the worst.
   */
  metricScores: Map<string, Map<string, number>>;
  /** The search terms of each asset's task ("binary-classification" -> binari, classif). */
  taskTerms: Map<string, string[]>;
}

export function rankingSignalsOf(
  assets: MarketplaceAsset[],
  entityByRef: Map<string, Entity>,
): RankingSignals {
  // metric word -> asset -> its best value, oriented so that higher is better
  const best = new Map<string, Map<string, number>>();
  const taskTerms = new Map<string, string[]>();
  for (const asset of assets) {
    if (asset.task) {
      const terms = termsOf(asset.task);
      if (terms.length) taskTerms.set(asset.ref, terms);
    }
    const evaluation = entityByRef.get(asset.ref)?.spec?.evaluation;
    if (!Array.isArray(evaluation)) continue;
    for (const e of evaluation as Array<Record<string, any> | null>) {
      if (typeof e?.metric !== 'string' || typeof e.value !== 'number') {
        continue;
      }
      if (!Number.isFinite(e.value)) continue;
      const value = higherIsBetter(e.metric, e.higherIsBetter)
        ? e.value
        : -e.value;
      for (const word of metricWordsOf(e.metric)) {
        const values = best.get(word) ?? new Map<string, number>();
        values.set(
          asset.ref,
          Math.max(values.get(asset.ref) ?? -Infinity, value),
        );
        best.set(word, values);
      }
    }
  }
  const metricScores = new Map<string, Map<string, number>>();
  for (const [word, values] of best) {
    // Rank, not value: AUCs of 0.91 and 0.92 are far apart in quality.
    const ordered = [...values.entries()].sort((a, b) => a[1] - b[1]);
    const scores = new Map<string, number>();
    ordered.forEach(([ref], i) =>
      scores.set(ref, ordered.length > 1 ? i / (ordered.length - 1) : 1),
    );
    metricScores.set(word, scores);
  }
  return { metricScores, taskTerms };
}
