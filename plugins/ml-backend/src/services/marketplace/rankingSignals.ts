import type { Entity } from '@backstage/catalog-model';
import type {
  MarketplaceAsset,
  RegistryModel,
} from '@ml-marketplace/plugin-ml-common';
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

/**
 * What an asset reports: its declared evaluation, then the metrics of the
 * newest synced registry version (the declared value wins for a metric both
 * give; registries do not say which direction is better).
 */
function reportedMetrics(
  entity: Entity | undefined,
  registered: RegistryModel | undefined,
): Array<{ metric: string; value: number; higherIsBetter?: boolean }> {
  const out: Array<{
    metric: string;
    value: number;
    higherIsBetter?: boolean;
  }> = [];
  const evaluation = entity?.spec?.evaluation;
  for (const e of (Array.isArray(evaluation) ? evaluation : []) as Array<Record<
    string,
    any
  > | null>) {
    if (typeof e?.metric === 'string' && typeof e.value === 'number') {
      out.push({
        metric: e.metric,
        value: e.value,
        ...(typeof e.higherIsBetter === 'boolean' && {
          higherIsBetter: e.higherIsBetter,
        }),
      });
    }
  }
  const declared = new Set(out.map(m => m.metric.toLocaleLowerCase('en-US')));
  const newest = registered?.versions[0]?.run?.metrics ?? {};
  for (const [metric, value] of Object.entries(newest)) {
    if (
      typeof value === 'number' &&
      !declared.has(metric.toLocaleLowerCase('en-US'))
    ) {
      out.push({ metric, value });
    }
  }
  return out;
}

export function rankingSignalsOf(
  assets: MarketplaceAsset[],
  entityByRef: Map<string, Entity>,
  registered: Map<string, RegistryModel> = new Map(),
): RankingSignals {
  // metric word -> asset -> its best value, oriented so that higher is better
  const best = new Map<string, Map<string, number>>();
  const taskTerms = new Map<string, string[]>();
  for (const asset of assets) {
    if (asset.task) {
      const terms = termsOf(asset.task);
      if (terms.length) taskTerms.set(asset.ref, terms);
    }
    for (const e of reportedMetrics(
      entityByRef.get(asset.ref),
      registered.get(asset.ref),
    )) {
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
