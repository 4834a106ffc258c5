import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import type MiniSearch from 'minisearch';
import type { Query } from 'minisearch';
import type { QueryIntent } from './queryIntent';
import type { RankingSignals } from './rankingSignals';
import type { SearchDocument } from './searchDocuments';
import { coordinated, queryConceptsOf } from './queryConcepts';
import { narrowerTable, type SynonymTable } from './searchTerms';

const NARROWER = narrowerTable();

/** How much a word the query reaches only through a synonym counts. */
const SYNONYM_WEIGHT = 0.5;
/**
 * Share of a match's text score that flows to the assets directly up- and
 * downstream of it: the datasets a sentiment model learnt from are about
 * sentiment though they never say so.
 */
const LINEAGE_SHARE = 0.1;
/**
 * … to those of a kind the query names: the features a churn model reads
 * are "features for churn".
 */
const NAMED_KIND_LINEAGE_SHARE = 0.5;
/** How much more an asset of a kind the query names ("dataset", "features") counts. */
const NAMED_KIND_BOOST = 3;
/** … of a lifecycle the query names ("production", "experimental"). */
const NAMED_LIFECYCLE_BOOST = 1.5;
/** … whose task the query names ("binary classification"); half as much through a synonym. */
const NAMED_TASK_BOOST = 3;
/** … that reports a metric the query names ("recall", "word error rate"). */
const NAMED_METRIC_BOOST = 2;
/** "best auc": from x1.2 for the worst AUC to x3 for the best. */
const BEST_METRIC_BOOST = { worst: 1.2, best: 3 };
/** Deprecated assets rank below their successors unless the query asks for them. */
const DEPRECATED_WEIGHT = 0.6;

export interface RankableIndex {
  search: MiniSearch<SearchDocument>;
  byRef: Map<string, MarketplaceAsset>;
  signals: RankingSignals;
  /** Assets by number (Snapshot.assets), and each one's number. */
  assets: MarketplaceAsset[];
  numberOf: Map<string, number>;
  /** Lineage neighbours by number: those of asset i are near[nearAt[i]] up to near[nearAt[i + 1]]. */
  nearAt: Int32Array;
  near: Int32Array;
  /** Lower-case kind of each asset. */
  kindOf: string[];
}

/** Which assets (by number) a readable set holds, worked out once per set. */
const readableMasks = new WeakMap<Set<string>, Uint8Array>();
function maskOf(index: RankableIndex, readable: Set<string>): Uint8Array {
  let mask = readableMasks.get(readable);
  if (!mask || mask.length !== index.assets.length) {
    mask = new Uint8Array(index.assets.length);
    index.assets.forEach((a, i) => {
      if (readable.has(a.ref)) mask![i] = 1;
    });
    readableMasks.set(readable, mask);
  }
  return mask;
}

/**
 * Scores of the assets a text query finds, among those the caller may read:
 * BM25+ over the weighted fields (every word helps, none is required;
 * synonyms count less; matching more of the query's words counts more),
 * plus a share of the scores of readable lineage neighbours, times what the
 * query says about kind, lifecycle, task and metrics. Assets the caller may
 * not read neither appear nor lend score, so a hidden dataset's name finds
 * nothing.
 */
export function rankByText(
  index: RankableIndex,
  intent: QueryIntent,
  synonymTable: SynonymTable,
  readable: Set<string>,
): Map<string, number> {
  const { order, scores } = scoreByText(index, intent, synonymTable, readable);
  return new Map(order.map(i => [index.assets[i].ref, scores[i]]));
}

/**
 * rankByText by asset number: the numbers of the assets found, in the order
 * first scored, and every asset's score (0 for those not found). Saves a
 * string lookup per hit when most of a large catalog matches.
 */
export function scoreByText(
  index: RankableIndex,
  intent: QueryIntent,
  synonymTable: SynonymTable,
  readable: Set<string>,
): { order: number[]; scores: Float64Array } {
  const { terms, kinds, lifecycles, metrics, wantsBest } = intent;
  // A word no asset uses counts as the known word nearest to it, with that
  // word's synonyms: "anomoly" searches for "anomaly" and "fraud".
  const misspelt = new Set(intent.misspelt);
  const words = [
    ...terms.filter(t => !misspelt.has(t)),
    ...(intent.corrected ?? []),
  ];
  const concepts = queryConceptsOf(words, synonymTable, NARROWER);
  const query: Query = {
    combineWith: 'OR',
    queries: [
      words.join(' '),
      // A synonym phrase counts only where all its words are, and then as
      // much as SYNONYM_WEIGHT of one word of the query.
      ...concepts.phrases.map(phrase => ({
        combineWith: 'AND' as const,
        queries: [phrase.join(' ')],
        boostTerm: () => SYNONYM_WEIGHT / phrase.length,
      })),
    ],
  };
  const mask = maskOf(index, readable);
  const { numberOf, nearAt, near, kindOf } = index;
  // Scores by asset number; `order` keeps the numbers in the order first scored.
  const acc = new Float64Array(index.assets.length);
  const scored = new Uint8Array(index.assets.length);
  const order: number[] = [];
  const text: Array<[number, number]> = [];
  if (intent.topical) {
    for (const result of index.search.search(query)) {
      const i = numberOf.get(result.id);
      if (i !== undefined && mask[i]) {
        text.push([i, coordinated(concepts, result.queryTerms, result.score)]);
      }
    }
  } else {
    // Only kind and lifecycle words ("deprecated models"): like any other
    // words, each finds what it names and none is required, and the rarer one
    // counts more (BM25's idf), so deprecated datasets come before models
    // that are not deprecated. Kind and lifecycle are facts of the asset,
    // not words of its text index.
    const byKind = new Map<string, number>();
    const byLifecycle = new Map<string, number>();
    let readableCount = 0;
    index.assets.forEach((asset, i) => {
      if (!mask[i]) return;
      readableCount++;
      byKind.set(kindOf[i], (byKind.get(kindOf[i]) ?? 0) + 1);
      const lifecycle = asset.lifecycle ?? '';
      byLifecycle.set(lifecycle, (byLifecycle.get(lifecycle) ?? 0) + 1);
    });
    const idf = (n = 0) => Math.log(1 + (readableCount - n + 0.5) / (n + 0.5));
    index.assets.forEach((asset, i) => {
      if (!mask[i]) return;
      let score = 0;
      if (kinds.has(kindOf[i])) score += idf(byKind.get(kindOf[i]));
      const lifecycle = asset.lifecycle ?? '';
      if (lifecycles.has(lifecycle)) score += idf(byLifecycle.get(lifecycle));
      if (score > 0) text.push([i, score]);
    });
  }
  for (const [i, score] of text) {
    if (!scored[i]) {
      scored[i] = 1;
      order.push(i);
    }
    acc[i] += score;
    // Without a topic there is nothing to lend.
    const end = intent.topical ? nearAt[i + 1] : nearAt[i];
    for (let k = nearAt[i]; k < end; k++) {
      const j = near[k];
      if (!mask[j]) continue;
      const share = kinds.has(kindOf[j])
        ? NAMED_KIND_LINEAGE_SHARE
        : LINEAGE_SHARE;
      if (!scored[j]) {
        scored[j] = 1;
        order.push(j);
      }
      acc[j] += share * score;
    }
  }

  const said = new Set(words);
  const meant = new Set([...words, ...concepts.phrases.flat()]);
  const { signals } = index;
  const { taskTerms } = signals;
  const boostOf = (asset: MarketplaceAsset, i: number) => {
    let boost = 1;
    if (kinds.has(kindOf[i])) boost *= NAMED_KIND_BOOST;
    if (asset.lifecycle && lifecycles.has(asset.lifecycle)) {
      boost *= NAMED_LIFECYCLE_BOOST;
    } else if (asset.lifecycle === 'deprecated') {
      boost *= DEPRECATED_WEIGHT;
    }
    const task = taskTerms.get(asset.ref);
    if (task?.every(t => said.has(t))) {
      boost *= NAMED_TASK_BOOST;
    } else if (task?.every(t => meant.has(t))) {
      boost *= 1 + (NAMED_TASK_BOOST - 1) / 2;
    }
    for (const metric of metrics) {
      const quality = signals.metricScore(metric, asset.ref);
      if (quality === undefined) continue;
      boost *= wantsBest
        ? BEST_METRIC_BOOST.worst +
          (BEST_METRIC_BOOST.best - BEST_METRIC_BOOST.worst) * quality
        : NAMED_METRIC_BOOST;
    }
    return boost;
  };
  for (const i of order) acc[i] *= boostOf(index.assets[i], i);
  return { order, scores: acc };
}
