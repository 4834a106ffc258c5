import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import type MiniSearch from 'minisearch';
import type { Query } from 'minisearch';
import type { QueryIntent } from './queryIntent';
import type { RankingSignals } from './rankingSignals';
import type { SearchDocument } from './searchDocuments';
import {
  narrowerTable,
  synonymPhrasesOf,
  type SynonymTable,
} from './searchTerms';

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
const NAMED_KIND_BOOST = 2;
/** … of a lifecycle the query names ("production", "experimental"). */
const NAMED_LIFECYCLE_BOOST = 1.5;
/** … whose task the query names ("binary classification"); half as much through a synonym. */
const NAMED_TASK_BOOST = 3;
/** … that reports a metric the query names ("recall", "word error rate"). */
const NAMED_METRIC_BOOST = 1.3;
/** "best auc": from x1.2 for the worst AUC to x1.8 for the best. */
const BEST_METRIC_BOOST = { worst: 1.2, best: 1.8 };
/** Deprecated assets rank below their successors unless the query asks for them. */
const DEPRECATED_WEIGHT = 0.6;

export interface RankableIndex {
  search: MiniSearch<SearchDocument>;
  byRef: Map<string, MarketplaceAsset>;
  neighbours: Map<string, string[]>;
  signals: RankingSignals;
}

/**
 * Scores of the assets a text query finds, among those the caller may read:
 * BM25+ over the weighted fields (every word helps, none is required;
 * synonyms count less), plus a share of the scores of readable lineage
 * neighbours, times what the query says about kind, lifecycle, task and
 * metrics. Assets the caller may not read neither appear nor lend score, so
 * a hidden dataset's name finds nothing.
 */
export function rankByText(
  index: RankableIndex,
  intent: QueryIntent,
  synonymTable: SynonymTable,
  readable: Set<string>,
): Map<string, number> {
  const { terms, kinds, lifecycles, metrics, wantsBest } = intent;
  const synonyms = synonymPhrasesOf(terms, synonymTable, NARROWER);
  const query: Query = {
    combineWith: 'OR',
    queries: [
      terms.join(' '),
      // A synonym phrase counts only where all its words are, and then as
      // much as SYNONYM_WEIGHT of one word of the query.
      ...synonyms.map(phrase => ({
        combineWith: 'AND' as const,
        queries: [phrase.join(' ')],
        boostTerm: () => SYNONYM_WEIGHT / phrase.length,
      })),
    ],
  };
  const text = new Map<string, number>();
  for (const result of index.search.search(query)) {
    if (readable.has(result.id)) text.set(result.id, result.score);
  }

  const scores = new Map<string, number>();
  for (const [ref, score] of text) {
    scores.set(ref, (scores.get(ref) ?? 0) + score);
    for (const other of index.neighbours.get(ref) ?? []) {
      if (!readable.has(other)) continue;
      const kind = index.byRef.get(other)?.kind.toLocaleLowerCase('en-US');
      if (!kind) continue;
      const share = kinds.has(kind) ? NAMED_KIND_LINEAGE_SHARE : LINEAGE_SHARE;
      scores.set(other, (scores.get(other) ?? 0) + share * score);
    }
  }

  const said = new Set(terms);
  const meant = new Set([...terms, ...synonyms.flat()]);
  const { metricScores, taskTerms } = index.signals;
  const boostOf = (asset: MarketplaceAsset) => {
    let boost = 1;
    if (kinds.has(asset.kind.toLocaleLowerCase('en-US'))) {
      boost *= NAMED_KIND_BOOST;
    }
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
      const quality = metricScores.get(metric)?.get(asset.ref);
      if (quality === undefined) continue;
      boost *= wantsBest
        ? BEST_METRIC_BOOST.worst +
          (BEST_METRIC_BOOST.best - BEST_METRIC_BOOST.worst) * quality
        : NAMED_METRIC_BOOST;
    }
    return boost;
  };
  for (const [ref, score] of scores) {
    const asset = index.byRef.get(ref);
    if (asset) scores.set(ref, score * boostOf(asset));
    else scores.delete(ref);
  }
  return scores;
}
