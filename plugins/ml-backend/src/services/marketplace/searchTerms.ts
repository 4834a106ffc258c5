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
    'find show give get need needs want wants looking look search something anything ' +
    'one ones thing things please use used using like e g eg etc'
  ).split(' '),
);

/** The stem of one lower-case word, or undefined for a stop word. */
export function stemOf(word: string): string | undefined {
  if (!word || STOP_WORDS.has(word)) return undefined;
  // Numbers and codes ("f1", "p95", "v2") are kept as written.
  if (/\d/.test(word)) return word;
  return lunr.stemmer(new lunr.Token(word, {})).toString();
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
  ['churn', 'attrition', 'cancel', 'cancellation', 'leave', 'retention'],
  ['fraud', 'anomaly', 'abuse', 'chargeback', 'scam'],
  ['ltv', 'lifetime value', 'clv', 'customer lifetime value'],
  ['ner', 'named entity recognition', 'entity extraction'],
  ['asr', 'speech recognition', 'speech to text', 'transcription'],
  ['embedding', 'vector', 'representation'],
  ['forecast', 'forecasting', 'time series', 'demand planning'],
  ['recommendation', 'recommender', 'personalization', 'ranking'],
  ['sentiment', 'opinion', 'polarity'],
  ['summarization', 'summary', 'summarize'],
  ['translation', 'machine translation', 'mt'],
  ['classification', 'classifier', 'categorization'],
  ['regression', 'regressor'],
  ['dataset', 'table', 'data'],
  ['feature', 'signal'],
  ['model', 'classifier', 'predictor'],
  ['customer', 'client', 'user', 'account'],
  ['payment', 'transaction', 'purchase', 'card'],
  ['session', 'visit', 'clickstream'],
  ['pii', 'personal data', 'personally identifiable'],
  ['image', 'vision', 'photo'],
  ['credit risk', 'default risk', 'creditworthiness'],
];

/** Synonym groups as lists of term sequences (each phrase stemmed). */
export type SynonymTable = ReadonlyArray<ReadonlyArray<ReadonlyArray<string>>>;

export function synonymTable(
  groups: ReadonlyArray<ReadonlyArray<string>>,
): SynonymTable {
  return groups
    .map(group => group.map(termsOf).filter(phrase => phrase.length > 0))
    .filter(group => group.length > 1);
}

const containsPhrase = (terms: string[], phrase: ReadonlyArray<string>) =>
  phrase.every(t => terms.includes(t));

/**
 * The terms a query adds through synonyms: for each group with a phrase in
 * the query, the other phrases' terms that the query does not already have.
 */
export function synonymTermsOf(terms: string[], table: SynonymTable): string[] {
  const added = new Set<string>();
  for (const group of table) {
    if (!group.some(phrase => containsPhrase(terms, phrase))) continue;
    for (const phrase of group) {
      for (const t of phrase) if (!terms.includes(t)) added.add(t);
    }
  }
  return [...added];
}

/** Query words that name a kind, to rank that kind first. */
const KIND_WORDS: Record<string, string> = {
  model: 'model',
  predictor: 'model',
  dataset: 'dataset',
  tabl: 'dataset',
  data: 'dataset',
  featur: 'feature',
  signal: 'feature',
};

/** The kinds (lower case) a query's terms name. */
export function kindsNamedBy(terms: string[]): Set<string> {
  return new Set(terms.map(t => KIND_WORDS[t]).filter(Boolean));
}
