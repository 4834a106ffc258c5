import { MODEL_FAMILIES, stemOf, wordsOf } from './searchTerms';

/**
 * What a query says beyond its topic, in ML words: the kind of asset wanted
 * ("features", "table"), a lifecycle ("production", "deprecated"), metrics
 * ("recall", "word error rate") and whether the best by them is wanted ("high
 * recall", "best auc"). None of these filter; the index ranks by them.
 */
export interface QueryIntent {
  /** Stems to search the text for. */
  terms: string[];
  /**
   * Whether the query has words beyond kind and lifecycle words; without
   * them ("deprecated models", "datasets") it asks for what those name.
   */
  topical: boolean;
  /** Lower-case kinds the query names. */
  kinds: Set<string>;
  /** Lifecycles the query names. */
  lifecycles: Set<string>;
  /** Metric words the query names (see METRIC_WORDS), as written. */
  metrics: string[];
  /** "best", "high", "top", "lowest", …: rank by the named metrics' values. */
  wantsBest: boolean;
  /**
   * Stems of the spellings a query's unknown words one edit from a known one
   * were corrected to ("anomoly" -> anomali): searched instead of the typed
   * word, with their synonyms.
   */
  corrected?: string[];
  /** Stems of the words read as their corrections: searched as those instead. */
  misspelt?: string[];
}

/** Stems of words that name a kind. */
const KIND_WORDS: Record<string, string> = {
  model: 'model',
  predictor: 'model',
  dataset: 'dataset',
  tabl: 'dataset',
  data: 'dataset',
  featur: 'feature',
  signal: 'feature',
};

/**
 * Stems of words that name a learning method or model family: a query naming
 * one ("fraud xgboost", "fine-tuned bert") wants models, and still searches
 * for the word.
 */
const METHOD_WORDS = new Set([
  // Not the families that are also everyday words ("video clips").
  ...MODEL_FAMILIES.filter(
    f => !['clip', 'bloom', 'falcon', 'phi'].includes(f),
  ),
  ...'xgboost lightgbm catboost gbm gbdt boost roberta distilbert deberta llm lstm cnn rnn prophet arima sarima logist neural classifi'.split(
    ' ',
  ),
]);

/** Stems of words after which "data" is a topic, not a kind: "personal data" is PII. */
const TOPIC_BEFORE_KIND_WORD = new Set(['person', 'sensit', 'privat']);

/**
 * Words the stemmer cannot tell from a lifecycle's: "products" is a topic,
 * though its stem is production's.
 */
const NOT_LIFECYCLE_WORDS = new Set(['product', 'products']);

/** Stems of words that name a lifecycle. */
const LIFECYCLE_WORDS: Record<string, string> = {
  product: 'production',
  prod: 'production',
  live: 'production',
  stabl: 'production',
  experiment: 'experimental',
  beta: 'experimental',
  prototyp: 'experimental',
  deprec: 'deprecated',
  legaci: 'deprecated',
  retir: 'deprecated',
};

/**
 * Metric names engineers type, lower case. A query naming one ranks assets
 * that report it (in `spec.evaluation` or a registry version) higher.
 */
export const METRIC_WORDS = new Set(
  (
    'auc roc recall precision f1 accuracy mape wape smape rmse mae mse r2 ' +
    'wer cer bleu rouge ndcg map mrr perplexity psi logloss brier ' +
    'silhouette gini ks iou dice latency'
  ).split(' '),
);

/** Phrases that name a metric, and the metric word they stand for. */
const METRIC_PHRASES: Array<[string[], string]> = [
  [['word', 'error', 'rate'], 'wer'],
  [['character', 'error', 'rate'], 'cer'],
  [['area', 'under', 'the', 'curve'], 'auc'],
  [['area', 'under', 'curve'], 'auc'],
  [['root', 'mean', 'squared', 'error'], 'rmse'],
  [['root', 'mean', 'square', 'error'], 'rmse'],
  [['mean', 'squared', 'error'], 'mse'],
  [['mean', 'absolute', 'error'], 'mae'],
  [['mean', 'absolute', 'percentage', 'error'], 'mape'],
  [['f1', 'score'], 'f1'],
  [['log', 'loss'], 'logloss'],
];

const SUPERLATIVES = new Set(
  'best top high higher highest good strong strongest low lower lowest most accurate'.split(
    ' ',
  ),
);

/** Kind and lifecycle words as people type them, for spelling corrections. */
export const INTENT_VOCABULARY = (
  'model models dataset datasets table tables feature features ' +
  'production experimental deprecated legacy'
).split(' ');

/**
 * Whether a word is one the query reader understands by itself (a kind,
 * lifecycle, metric or superlative word), so never a spelling to correct.
 */
export function isIntentWord(word: string): boolean {
  const stem = stemOf(word);
  return (
    METRIC_WORDS.has(word) ||
    SUPERLATIVES.has(word) ||
    (!!stem &&
      (!!KIND_WORDS[stem] ||
        (!!LIFECYCLE_WORDS[stem] && !NOT_LIFECYCLE_WORDS.has(word))))
  );
}

/** Whether a higher value of a metric is better (shared with the frontend). */
export { higherIsBetter } from '@ml-marketplace/plugin-ml-common';

/** The metric words of a metric's name: "roc_auc" -> auc, roc; "rougeL" -> rouge. */
export function metricWordsOf(metric: string): string[] {
  const found = new Set<string>();
  for (const word of wordsOf(metric)) {
    for (const known of METRIC_WORDS) {
      // "rougel", "rouge1", "ndcg" (from "ndcg@10"), "top5" stays out.
      if (word === known || (word.startsWith(known) && known.length >= 4)) {
        found.add(known);
      }
    }
  }
  return [...found];
}

/** Where `phrase` runs in `words`, or -1. */
const runAt = (words: string[], phrase: string[]) =>
  words.findIndex((_, i) => phrase.every((p, j) => words[i + j] === p));

/** Reads a query's intent; `terms` drops words that only said kind or lifecycle. */
export function intentOf(text: string): QueryIntent {
  let words = wordsOf(text);
  // "word error rate" is one thing, WER: searched as such, not as "rate".
  for (const [phrase, metric] of METRIC_PHRASES) {
    const at = runAt(words, phrase);
    if (at >= 0) {
      words = [
        ...words.slice(0, at),
        metric,
        ...words.slice(at + phrase.length),
      ];
    }
  }
  const metrics = new Set(words.filter(w => METRIC_WORDS.has(w)));
  const wantsBest = metrics.size > 0 && words.some(w => SUPERLATIVES.has(w));
  const said = words
    // "high recall": "high" asks to rank by recall, it is not a topic.
    .filter(w => !(wantsBest && SUPERLATIVES.has(w)))
    .map(word => ({ word, stem: stemOf(word) }))
    .filter((w): w is { word: string; stem: string } => !!w.stem);
  const stems = said.map(w => w.stem);
  const kinds = new Set<string>();
  const lifecycles = new Set<string>();
  const topical: string[] = [];
  const lifecycleStems: string[] = [];
  stems.forEach((stem, at) => {
    if (KIND_WORDS[stem] && !TOPIC_BEFORE_KIND_WORD.has(stems[at - 1])) {
      kinds.add(KIND_WORDS[stem]);
    } else if (
      LIFECYCLE_WORDS[stem] &&
      !NOT_LIFECYCLE_WORDS.has(said[at].word)
    ) {
      lifecycles.add(LIFECYCLE_WORDS[stem]);
      lifecycleStems.push(stem);
    } else {
      topical.push(stem);
      if (METHOD_WORDS.has(stem)) kinds.add('model');
    }
  });
  // A query of kind or lifecycle words alone ("deprecated models",
  // "datasets") still searches: for the lifecycle when it names one.
  let terms = topical;
  if (!terms.length) terms = lifecycleStems.length ? lifecycleStems : stems;
  return {
    terms,
    topical: topical.length > 0,
    kinds,
    lifecycles,
    metrics: [...metrics],
    wantsBest,
  };
}
