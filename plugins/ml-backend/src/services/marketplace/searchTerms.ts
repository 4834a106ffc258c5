import lunr from 'lunr';

/**
 * How the marketplace turns text into search terms, for assets and queries
 * alike: lower case, no stop words or filler, English stems (Lunr's Porter
 * stemmer, the one Backstage's own search uses), so "predict", "predicts" and
 * "prediction" meet.
 */

// Function words and the filler of questions people type ("show me a model
// that predicts …"). Words that carry ML meaning (high, best, data, table)
// are not here: they rank or match fields.
const STOP_WORDS = new Set(
  (
    'a an the and or but of to in on at by for from with without about into onto ' +
    'over under as is are was were be been being it its this that these those ' +
    'which who whom whose what when where why how if then than so such there ' +
    'here i me my we us our you your they them their he she his her ' +
    'do does did doing have has had can could should would will shall may might must ' +
    'any some all each every no not only also just very more most ' +
    'find show give get need needs want wants looking look something anything ' +
    'one ones thing things please use used using like e g eg etc'
  ).split(' '),
);

// The Porter stemmer leaves agent nouns alone, yet a "fraud detector" is what
// "fraud detection" looks for: in ML names the -or/-er noun is the tool that
// does the verb. Only these, because "monitor", "vendor" or "user" are not.
const AGENT_NOUNS: Record<string, string> = {
  detector: 'detect',
  recommender: 'recommend',
  ranker: 'rank',
  reranker: 'rerank',
  forecaster: 'forecast',
  estimator: 'estimate',
  extractor: 'extract',
  generator: 'generate',
  segmenter: 'segment',
  tagger: 'tag',
  scorer: 'score',
  summariser: 'summarise',
  summarizer: 'summarize',
  translator: 'translate',
  recogniser: 'recognise',
  recognizer: 'recognize',
  transcriber: 'transcribe',
  categoriser: 'categorise',
  categorizer: 'categorize',
  regressor: 'regress',
  encoder: 'encode',
  retriever: 'retrieve',
};

const porter = (word: string) =>
  lunr.stemmer(new lunr.Token(word, {})).toString();

/** The stem of one lower-case word, or undefined for a stop word. */
export function stemOf(word: string): string | undefined {
  if (!word || STOP_WORDS.has(word)) return undefined;
  // Numbers and codes ("f1", "p95", "v2") are kept as written.
  if (/\d/.test(word)) return word;
  const singular = word.endsWith('s') ? word.slice(0, -1) : word;
  return porter(AGENT_NOUNS[word] ?? AGENT_NOUNS[singular] ?? word);
}

/** Splits text into lower-case words: on spaces, punctuation, `_`, `-` and `.`. */
export function wordsOf(text: string): string[] {
  return text
    .toLocaleLowerCase('en-US')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Search terms of a text: its words' stems, without stop words. */
export function termsOf(text: string): string[] {
  return wordsOf(text)
    .map(stemOf)
    .filter((t): t is string => !!t);
}

/**
 * Words engineers use for the same thing. A query naming one finds assets that
 * name another; the match counts less than the word itself. Groups are
 * phrases; a phrase matches when all its words are in the query.
 */
export const BUILT_IN_SYNONYMS: ReadonlyArray<ReadonlyArray<string>> = [
  // Business problems
  ['churn', 'attrition', 'cancel', 'cancellation', 'leave', 'retention'],
  ['fraud', 'anomaly', 'abuse', 'chargeback', 'scam'],
  ['ltv', 'lifetime value', 'clv', 'customer lifetime value'],
  ['credit risk', 'default risk', 'creditworthiness'],
  ['pd', 'probability of default'],
  ['delinquency', 'arrears', 'collections', 'missed payments'],
  ['kyc', 'know your customer', 'identity verification'],
  ['right to be forgotten', 'erasure', 'data deletion'],
  ['moderation', 'toxicity', 'hate speech', 'abuse'],
  ['eta', 'arrival time', 'delivery time', 'travel time'],
  ['ctr', 'click through rate', 'click prediction'],
  // Tasks
  ['ner', 'named entity recognition', 'entity extraction'],
  ['asr', 'speech recognition', 'speech to text', 'transcription'],
  ['forecast', 'forecasting', 'time series', 'demand planning'],
  ['recommendation', 'recommender', 'personalization'],
  ['ranking', 'ranker', 'learning to rank', 'ltr', 'reranking'],
  ['sentiment', 'opinion', 'polarity', 'emotion'],
  ['ocr', 'optical character recognition', 'text recognition'],
  ['summarization', 'summary', 'summarize'],
  ['translation', 'machine translation', 'mt'],
  ['classification', 'classifier', 'categorization'],
  ['regression', 'regressor'],
  ['segmentation', 'clustering', 'cluster'],
  ['rag', 'retrieval augmented generation', 'question answering'],
  ['embedding', 'vector', 'representation'],
  // Fields of ML
  ['nlp', 'natural language processing'],
  ['computer vision', 'cv', 'image', 'vision', 'photo'],
  // Model families and methods (their members are in NARROWER_TERMS)
  ['llm', 'large language model'],
  ['gradient boosting', 'gbm', 'gbdt', 'boosted trees'],
  ['fine tuned', 'fine tuning', 'finetuned', 'base model'],
  // Metrics
  ['wer', 'word error rate'],
  ['cer', 'character error rate'],
  ['auc', 'roc auc', 'area under curve'],
  ['rmse', 'root mean squared error'],
  ['mae', 'mean absolute error'],
  ['mape', 'mean absolute percentage error'],
  ['f1', 'f1 score', 'f measure'],
  ['ndcg', 'normalized discounted cumulative gain'],
  // Kinds of asset and data
  ['dataset', 'table', 'data'],
  ['feature', 'signal'],
  ['model', 'classifier', 'predictor'],
  ['customer', 'client', 'user', 'account'],
  ['product', 'item', 'sku'],
  ['payment', 'transaction', 'purchase', 'card'],
  ['session', 'visit', 'clickstream'],
  ['pii', 'personal data', 'personally identifiable', 'sensitive'],
  [
    'redaction',
    'masking',
    'anonymization',
    'anonymisation',
    'de identification',
    'pseudonymization',
  ],
];

/**
 * Broader words and what they include: "gradient boosting" finds XGBoost
 * models, but "xgboost" does not find every boosted model as its equal (the
 * first phrase of a group with a synonym table entry stands for the group).
 */
export const NARROWER_TERMS: ReadonlyArray<
  readonly [string, ReadonlyArray<string>]
> = [
  ['gradient boosting', ['xgboost', 'lightgbm', 'catboost']],
  ['bert', ['distilbert', 'roberta', 'deberta', 'albert', 'electra', 'minilm']],
  ['llm', ['gpt', 'llama', 'mistral', 'gemma', 'qwen']],
  ['transformer', ['bert', 'roberta', 'gpt', 't5', 'bart', 'vit', 'whisper']],
  [
    'nlp',
    [
      'text classification',
      'ner',
      'sentiment',
      'summarization',
      'translation',
      'llm',
      'question answering',
      'language model',
    ],
  ],
  [
    'computer vision',
    ['object detection', 'image classification', 'ocr', 'image segmentation'],
  ],
];

/**
 * Model families a base model's id can name inside a word: "distilbert",
 * "Bio_ClinicalBERT" and "xlm-roberta-base" are BERTs, "flan-t5-large" a T5.
 * Long names count anywhere in a word; short ones ("t5", "gpt", "vit") only
 * as the word or its start before a digit ("gpt2"), so "vitals" is no ViT.
 */
export const MODEL_FAMILIES = (
  'bert bart gpt t5 llama mistral mixtral gemma qwen phi falcon bloom ' +
  'whisper wav2vec hubert vit clip yolo resnet efficientnet mobilenet ' +
  'convnext detr electra xlnet marian nllb e5 bge minilm mpnet'
).split(' ');

/** The model families a base model's id names (see MODEL_FAMILIES). */
export function modelFamiliesOf(baseModel: string): string[] {
  const found = new Set<string>();
  for (const word of wordsOf(baseModel.replace(/([a-z])([A-Z])/g, '$1 $2'))) {
    for (const family of MODEL_FAMILIES) {
      const inside =
        family.length >= 4
          ? word.includes(family)
          : word === family ||
            (word.startsWith(family) && /^\d/.test(word.slice(family.length)));
      if (inside) found.add(family);
    }
  }
  return [...found];
}

/** Synonym groups as lists of term sequences (each phrase stemmed). */
export type SynonymTable = ReadonlyArray<ReadonlyArray<ReadonlyArray<string>>>;

export function synonymTable(
  groups: ReadonlyArray<ReadonlyArray<string>>,
): SynonymTable {
  return groups
    .map(group => group.map(termsOf).filter(phrase => phrase.length > 0))
    .filter(group => group.length > 1);
}

/** Broader phrases (stemmed) and the terms of what they include. */
export type NarrowerTable = ReadonlyArray<
  readonly [ReadonlyArray<string>, ReadonlyArray<ReadonlyArray<string>>]
>;

export function narrowerTable(
  entries: typeof NARROWER_TERMS = NARROWER_TERMS,
): NarrowerTable {
  return entries.map(([broader, narrower]) => [
    termsOf(broader),
    narrower.map(termsOf),
  ]);
}

const containsPhrase = (terms: string[], phrase: ReadonlyArray<string>) =>
  phrase.every(t => terms.includes(t));

/**
 * The phrases a query adds through synonyms: for each group with a phrase in
 * the query, its other phrases; then the members of any broader word the
 * query reaches ("gbm" -> "gradient boosting" -> XGBoost, LightGBM). A phrase
 * of several words matches an asset that has all of them ("nlp" finds
 * "natural language processing", not every asset that mentions a process).
 */
export function synonymPhrasesOf(
  terms: string[],
  table: SynonymTable,
  narrower: NarrowerTable = [],
): string[][] {
  const added = new Map<string, string[]>();
  const add = (phrase: ReadonlyArray<string>) => {
    if (containsPhrase(terms, phrase)) return;
    added.set(phrase.join(' '), [...phrase]);
  };
  for (const group of table) {
    if (group.some(phrase => containsPhrase(terms, phrase))) group.forEach(add);
  }
  const reached = [...terms, ...[...added.values()].flat()];
  for (const [broader, members] of narrower) {
    if (containsPhrase(reached, broader)) members.forEach(add);
  }
  return [...added.values()];
}
