import type { Entity } from '@backstage/catalog-model';
import type {
  MarketplaceAsset,
  RegistryModel,
} from '@ml-marketplace/plugin-ml-common';
import { higherIsBetter, metricWordsOf } from './queryIntent';
import { termsOf } from './searchTerms';

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

/** One asset as the signals read it. */
export interface SignalSource {
  asset: MarketplaceAsset;
  entity: Entity | undefined;
  registered?: RegistryModel;
}

/**
 * Facts the ranking weighs besides text: each asset's task terms, and for
 * each metric word how good each reporting asset's best value is among the
 * assets that report it (1 for the best, 0 for the worst), worked out when a
 * query first names that metric.
 */
export class RankingSignals {
  /** Metric scores already worked out, per metric word. */
  private readonly scores = new Map<string, Map<string, number>>();

  private constructor(
    /** metric word -> asset -> its best value, oriented so that higher is better */
    private readonly values: Map<string, Map<string, number>>,
    /** The search terms of each asset's task ("binary-classification" -> binari, classif). */
    readonly taskTerms: Map<string, string[]>,
  ) {}

  static of(sources: Iterable<SignalSource>): RankingSignals {
    const signals = new RankingSignals(new Map(), new Map());
    for (const source of sources) signals.add(source);
    return signals;
  }

  /** How good the asset's `metric` is among the assets reporting it. */
  metricScore(word: string, ref: string): number | undefined {
    let scores = this.scores.get(word);
    if (!scores) {
      // Rank, not value: AUCs of 0.91 and 0.92 are far apart in quality.
      const ordered = [...(this.values.get(word) ?? new Map()).entries()].sort(
        (a, b) => a[1] - b[1],
      );
      scores = new Map();
      for (const [i, [asset]] of ordered.entries()) {
        scores.set(asset, ordered.length > 1 ? i / (ordered.length - 1) : 1);
      }
      this.scores.set(word, scores);
    }
    return scores.get(ref);
  }

  /**
   * New signals with these assets' facts replaced (a catalog change); the
   * others' are shared, copied only where a changed asset appears.
   */
  with(changed: SignalSource[]): RankingSignals {
    const refs = new Set(changed.map(c => c.asset.ref));
    const values = new Map(this.values);
    const copied = new Set<string>();
    for (const [word, byAsset] of values) {
      if ([...refs].some(ref => byAsset.has(ref))) {
        const copy = new Map(byAsset);
        refs.forEach(ref => copy.delete(ref));
        values.set(word, copy);
        copied.add(word);
      }
    }
    const taskTerms = new Map(this.taskTerms);
    refs.forEach(ref => taskTerms.delete(ref));
    const next = new RankingSignals(values, taskTerms);
    for (const source of changed) next.add(source, copied);
    return next;
  }

  private add(
    { asset, entity, registered }: SignalSource,
    copied?: Set<string>,
  ) {
    if (asset.task) {
      const terms = termsOf(asset.task);
      if (terms.length) this.taskTerms.set(asset.ref, terms);
    }
    for (const e of reportedMetrics(entity, registered)) {
      if (!Number.isFinite(e.value)) continue;
      const value = higherIsBetter(e.metric, e.higherIsBetter)
        ? e.value
        : -e.value;
      for (const word of metricWordsOf(e.metric)) {
        let byAsset = this.values.get(word);
        if (!byAsset || (copied && !copied.has(word))) {
          // A patch never writes into the maps it shares with the old signals.
          byAsset = new Map(byAsset ?? []);
          this.values.set(word, byAsset);
          copied?.add(word);
        }
        byAsset.set(
          asset.ref,
          Math.max(byAsset.get(asset.ref) ?? -Infinity, value),
        );
      }
    }
  }
}

export function rankingSignalsOf(
  assets: MarketplaceAsset[],
  entityByRef: Map<string, Entity>,
  registered: Map<string, RegistryModel> = new Map(),
): RankingSignals {
  return RankingSignals.of(
    assets.map(asset => ({
      asset,
      entity: entityByRef.get(asset.ref),
      registered: registered.get(asset.ref),
    })),
  );
}
