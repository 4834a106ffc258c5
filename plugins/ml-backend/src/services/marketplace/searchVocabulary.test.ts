import type { Entity } from '@backstage/catalog-model';
import { marketplaceIndexFor } from '../../__testUtils__/marketplaceIndex';
import { mlEntity } from '../../__testUtils__/mlEntities';
import { intentOf } from './queryIntent';
import { modelFamiliesOf } from './searchTerms';

// The ML vocabulary of the ranking, one rule per test: each fails when its
// rule is taken out (see searchRanking.test.ts and searchIntent.test.ts for
// the others).
const about = (title: string, description: string) => ({
  title,
  description,
});

const CATALOG: Entity[] = [
  // Two fine-tuned text classifiers whose base models never say "bert" as a word.
  mlEntity(
    'Model',
    'ticket-router',
    { task: 'text-classification', baseModel: 'distilbert-base-uncased' },
    about('Ticket router', 'Sends each ticket to the right queue.'),
  ),
  mlEntity(
    'Model',
    'triage-notes',
    {
      task: 'text-classification',
      baseModel: 'emilyalsentzer/Bio_ClinicalBERT',
    },
    about('Triage urgency', 'Reads intake notes and suggests an urgency.'),
  ),
  // Fine-tuned too, from a BART: one letter away from "bert".
  mlEntity(
    'Model',
    'news-digest',
    { task: 'summarization', baseModel: 'facebook/bart-large-cnn' },
    about('News digest', 'Short summaries of news articles.'),
  ),
  mlEntity(
    'Model',
    'vitals-monitor',
    { task: 'tabular-classification', baseModel: 'vitals-gbm-2023' },
    about('Vitals monitor', 'Flags patients whose vitals worsen.'),
  ),
  // Payments: one asset says "anomaly", others only "fraud".
  mlEntity(
    'Model',
    'payments-outliers',
    { task: 'anomaly-detection', framework: 'scikit-learn' },
    about('Payment anomaly detector', 'Isolation forest over payment amounts.'),
  ),
  mlEntity(
    'Model',
    'card-scorer',
    { task: 'binary-classification', framework: 'xgboost' },
    about('Card fraud scorer', 'Scores card payments.'),
  ),
  mlEntity(
    'Dataset',
    'fraud-cases',
    { type: 'table' },
    about(
      'Fraud cases',
      'Confirmed fraud cases: the fraud labels the xgboost fraud scorer learns from.',
    ),
  ),
  // Search and recommendations.
  mlEntity(
    'Model',
    'product-search',
    { task: 'sentence-similarity' },
    about('Semantic product search', 'Dense retrieval for the search box.'),
  ),
  mlEntity(
    'Model',
    'home-recommender',
    { task: 'recommendation' },
    about('Home page recommendations', 'Items for you on the home page.'),
  ),
  // Privacy.
  mlEntity(
    'Model',
    'pii-scrubber',
    { task: 'token-classification' },
    about(
      'Redaction of names and numbers',
      'Redacts personal data in free text.',
    ),
  ),
  mlEntity(
    'Dataset',
    'chat-logs',
    {
      type: 'table',
      schema: { columns: [{ name: 'email', type: 'string', pii: true }] },
    },
    about('Chat logs', 'Customer chats with their e-mail address.'),
  ),
  // An experimental LLM that never says "nlp".
  mlEntity(
    'Model',
    'answer-bot',
    { task: 'text-generation', lifecycle: 'experimental', tags: ['llm'] },
    about('Answer bot', 'Drafts answers to customer questions.'),
  ),
  mlEntity(
    'Dataset',
    'fx-rates',
    { type: 'table' },
    about('Exchange rates', 'Daily rate and late quotes per currency.'),
  ),
  mlEntity(
    'Model',
    'toxicity',
    { task: 'text-classification' },
    about('Toxicity filter', 'Hides comments full of hate.'),
  ),
];

describe('marketplace vocabulary', () => {
  const index = () => marketplaceIndexFor('SQLite', CATALOG);

  it('reads model families inside base model ids', async () => {
    expect(modelFamiliesOf('Bio_ClinicalBERT')).toEqual(['bert']);
    expect(modelFamiliesOf('xlm-roberta-base')).toEqual(['bert']);
    expect(modelFamiliesOf('google/flan-t5-large')).toEqual(['t5']);
    expect(modelFamiliesOf('openai-community/gpt2')).toEqual(['gpt']);
    // Short names only as a word or before a digit.
    expect(modelFamiliesOf('vitals-gbm-2023')).toEqual([]);
    const { ranked } = await index();
    const found = (await ranked('fine-tuned bert')).slice(0, 2);
    expect(found.sort()).toEqual([
      'model:default/ticket-router',
      'model:default/triage-notes',
    ]);
  });

  it('gives a corrected spelling the synonyms of the word', async () => {
    const { ranked } = await index();
    // "anomoly" finds "anomaly" by its spelling, and "fraud" as anomaly's synonym.
    const found = await ranked('anomoly');
    expect(found[0]).toBe('model:default/payments-outliers');
    expect(found).toContain('model:default/card-scorer');
  });

  it('reads the kind a corrected spelling names', async () => {
    const { ranked } = await index();
    // The dataset says "fraud" three times, the model once.
    expect((await ranked('fraud'))[0]).toBe('dataset:default/fraud-cases');
    // "modles" is one swap from "models": the models come first.
    expect((await ranked('fraud modles'))[0]).toMatch(/^model:/);
  });

  it('takes a method or model family as asking for models', async () => {
    expect(intentOf('fraud xgboost').kinds).toEqual(new Set(['model']));
    expect(intentOf('gradient boosting').kinds).toEqual(new Set(['model']));
    expect(intentOf('video clips').kinds).toEqual(new Set());
    const { ranked } = await index();
    expect((await ranked('fraud xgboost'))[0]).toBe(
      'model:default/card-scorer',
    );
  });

  it('searches for "search": it is a topic, not filler', async () => {
    const { ranked } = await index();
    expect(await ranked('search')).toEqual(['model:default/product-search']);
  });

  it('does not take ranking for recommendation', async () => {
    const { ranked } = await index();
    // The recommender says "ranked" itself, so it may be found, but not
    // lifted by its task: the search model ranks first.
    expect((await ranked('search ranking'))[0]).toBe(
      'model:default/product-search',
    );
    expect(await ranked('ranking')).not.toContain(
      'model:default/home-recommender',
    );
  });

  it('knows masking and anonymisation are redaction', async () => {
    const { ranked } = await index();
    expect((await ranked('masking'))[0]).toBe('model:default/pii-scrubber');
    expect((await ranked('anonymization'))[0]).toBe(
      'model:default/pii-scrubber',
    );
  });

  it('takes "personal data" as PII, not as asking for datasets', async () => {
    expect(intentOf('mask personal data').kinds).toEqual(new Set());
    expect(intentOf('customer data').kinds).toEqual(new Set(['dataset']));
    const { ranked } = await index();
    // Asking for datasets would lift the chat logs, which hold personal data,
    // far above the redaction model.
    const found = await ranked('personal data redaction');
    expect(found[0]).toBe('model:default/pii-scrubber');
  });

  it('lets "nlp" find the tasks of natural language processing', async () => {
    const { ranked } = await index();
    expect(await ranked('experimental nlp')).toContain(
      'model:default/answer-bot',
    );
  });

  it('takes a short word as written: "hate" is not "rate" or "late"', async () => {
    const { ranked } = await index();
    expect(await ranked('hate')).toEqual(['model:default/toxicity']);
    // Longer words still forgive a typo.
    expect(await ranked('coments')).toEqual(['model:default/toxicity']);
  });

  it('corrects a spelling by the fewest edits, a swap counting as one, then by use', async () => {
    const { search } = await index();
    // "card" is one swap from "crad", "chat" and "cases" are further.
    expect((await search({ q: 'crad scorer' })).didYouMean).toBe('card scorer');
    // "payment" (used three times) over "payments"-less rarities one edit away.
    expect((await search({ q: 'paymnt outliers' })).didYouMean).toBe(
      'payment outliers',
    );
  });

  it('does not correct words the assets use in any field, nor kind words', async () => {
    const { search } = await index();
    // "classify" is only known through "classification" (a task); "tables"
    // names a kind; "isolation" is in a description.
    for (const q of ['classify tables', 'isolation forest', 'datasets']) {
      expect((await search({ q })).didYouMean).toBeUndefined();
    }
  });
});
