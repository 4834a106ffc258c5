import type { Entity } from '@backstage/catalog-model';
import { marketplaceIndexFor } from '../../__testUtils__/marketplaceIndex';
import { mlEntity } from '../../__testUtils__/mlEntities';
import { intentOf } from './queryIntent';

// What a query says in ML words, one rule per test: each fails when its rule
// is taken out of the ranking (see searchRanking.test.ts for the text rules).
const CATALOG: Entity[] = [
  // Two speech models; the newer one has the better (lower) word error rate
  // but a longer evaluation, so on text alone the older one ranks first.
  mlEntity(
    'Model',
    'asr-v2',
    {
      task: 'automatic-speech-recognition',
      trainedOn: ['dataset:default/call-audio'],
      evaluation: [
        { metric: 'wer', value: 0.12, higherIsBetter: false },
        { metric: 'cer', value: 0.05 },
        { metric: 'real_time_factor', value: 0.3 },
      ],
    },
    { title: 'Call transcription', description: 'Turns calls into text.' },
  ),
  mlEntity(
    'Model',
    'asr-v1',
    {
      task: 'automatic-speech-recognition',
      evaluation: [{ metric: 'wer', value: 0.31 }],
    },
    { title: 'Call transcription', description: 'Turns calls into text.' },
  ),
  mlEntity(
    'Dataset',
    'fx-rates',
    { type: 'table' },
    {
      title: 'Exchange rate',
      description: 'Daily rate per currency, with the error of the quote.',
    },
  ),
  // Read by the newer speech model; it never says "transcription".
  mlEntity(
    'Dataset',
    'call-audio',
    { type: 'files' },
    { title: 'Recorded phone calls', description: 'WAV files, 8 kHz.' },
  ),
  // Read only by a model the caller may not see.
  mlEntity(
    'Dataset',
    'vendor-audio',
    { type: 'files' },
    { title: 'Vendor phone calls', description: 'WAV files from a vendor.' },
  ),
  mlEntity(
    'Model',
    'secret-asr',
    {
      task: 'automatic-speech-recognition',
      trainedOn: ['dataset:default/vendor-audio'],
    },
    { title: 'Secret transcription', description: 'Transcription.' },
  ),
  mlEntity(
    'Model',
    'lead-scorer',
    { task: 'binary-classification' },
    { title: 'Lead scoring', description: 'Will a lead buy?' },
  ),
  mlEntity(
    'Model',
    'photo-classifier',
    { task: 'image-classification' },
    {
      title: 'Product photo classification',
      description: 'Classification of product photos into 300 categories.',
    },
  ),
  mlEntity(
    'Model',
    'review-sentiment',
    { task: 'sentiment-analysis' },
    { title: 'Review sentiment', description: 'Stars from text.' },
  ),
  mlEntity(
    'Model',
    'review-sentiment-next',
    { task: 'sentiment-analysis', lifecycle: 'experimental' },
    {
      title: 'Review sentiment for app store and marketplace reviews',
      description: 'Stars from text.',
    },
  ),
  mlEntity(
    'Model',
    'spend-lgbm',
    { framework: 'lightgbm' },
    { title: 'Spend model', description: 'Predicts spend.' },
  ),
  mlEntity(
    'Model',
    'spend-xgb',
    { framework: 'xgboost' },
    { title: 'Spend model', description: 'Predicts spend.' },
  ),
  mlEntity(
    'Dataset',
    'signups',
    {
      type: 'table',
      schema: {
        columns: [
          { name: 'email', type: 'string', pii: true },
          { name: 'plan', type: 'string' },
        ],
      },
    },
    { title: 'Sign-ups', description: 'One row per sign-up.' },
  ),
  mlEntity(
    'Dataset',
    'plans',
    {
      type: 'table',
      schema: { columns: [{ name: 'plan', type: 'string' }] },
    },
    { title: 'Plans', description: 'One row per plan.' },
  ),
];

describe('query understanding', () => {
  const index = () =>
    marketplaceIndexFor('SQLite', CATALOG, {
      hidden: ['model:default/secret-asr'],
    });

  it('reads kind, lifecycle and metric words out of a query', () => {
    const intent = intentOf('best word error rate of production models');
    expect(intent.kinds).toEqual(new Set(['model']));
    expect(intent.lifecycles).toEqual(new Set(['production']));
    expect(intent.metrics).toEqual(['wer']);
    expect(intent.wantsBest).toBe(true);
    // What is left to search for: the metric, not "best", "rate" or "model".
    expect(intent.terms).toEqual(['wer']);
    // "products" stems like "production" but names a topic.
    const products = intentOf('product photos');
    expect(products.lifecycles.size).toBe(0);
    expect(products.terms).toEqual(['product', 'photo']);
  });

  it('takes a metric phrase as the metric, not as its words', async () => {
    const { ranked } = await index();
    const refs = await ranked('word error rate');
    expect(refs.slice(0, 2).sort()).toEqual([
      'model:default/asr-v1',
      'model:default/asr-v2',
    ]);
  });

  it('ranks by the named metric when the best is asked for, lower for error rates', async () => {
    const { ranked } = await index();
    expect((await ranked('wer'))[0]).toBe('model:default/asr-v1');
    expect((await ranked('lowest wer'))[0]).toBe('model:default/asr-v2');
    expect((await ranked('best wer'))[0]).toBe('model:default/asr-v2');
  });

  it('ranks the assets whose task the query names first', async () => {
    const { ranked } = await index();
    expect((await ranked('binary classification'))[0]).toBe(
      'model:default/lead-scorer',
    );
  });

  it('ranks the lifecycle a query names first', async () => {
    const { ranked } = await index();
    expect((await ranked('sentiment'))[0]).toBe(
      'model:default/review-sentiment',
    );
    expect((await ranked('experimental sentiment'))[0]).toBe(
      'model:default/review-sentiment-next',
    );
  });

  it('answers a query of kind or lifecycle words alone with what they name', async () => {
    const { ranked } = await index();
    expect(await ranked('experimental')).toEqual([
      'model:default/review-sentiment-next',
    ]);
    const datasets = await ranked('datasets');
    expect(datasets).toContain('dataset:default/signups');
    expect(datasets.every(ref => ref.startsWith('dataset:'))).toBe(true);
    // The hidden model's dataset is readable, and a dataset.
    expect(datasets).toContain('dataset:default/vendor-audio');
    // No dataset is experimental: the experimental model (the rarer word)
    // first, then the datasets.
    const experimental = await ranked('experimental datasets');
    expect(experimental[0]).toBe('model:default/review-sentiment-next');
    expect(experimental).toContain('dataset:default/signups');
  });

  it('finds the datasets behind matching models when the query asks for datasets', async () => {
    const { ranked } = await index();
    const refs = await ranked('datasets for transcription');
    expect(refs).toContain('dataset:default/call-audio');
    // Only readable matches lend their score: the model reading vendor
    // calls is hidden from this user, so its dataset is not "for
    // transcription" to them.
    expect(refs).not.toContain('dataset:default/vendor-audio');
    expect(refs).not.toContain('model:default/secret-asr');
    // Without a kind in the query, lineage lends a little: the dataset
    // follows the models that match.
    const plain = await ranked('transcription');
    expect(plain.indexOf('dataset:default/call-audio')).toBeGreaterThan(
      plain.indexOf('model:default/asr-v2'),
    );
    expect(plain.indexOf('model:default/asr-v2')).toBeGreaterThanOrEqual(0);
  });

  it('lets a broader word find what it includes, but not the other way round', async () => {
    const { ranked } = await index();
    expect(await ranked('gradient boosting')).toEqual(
      expect.arrayContaining([
        'model:default/spend-lgbm',
        'model:default/spend-xgb',
      ]),
    );
    const xgboost = await ranked('xgboost');
    expect(xgboost[0]).toBe('model:default/spend-xgb');
    expect(xgboost).not.toContain('model:default/spend-lgbm');
  });

  it('indexes bare numbers in names only', async () => {
    const { ranked } = await marketplaceIndexFor('SQLite', [
      mlEntity('Model', 'model-123', {}, { title: 'Basket model' }),
      mlEntity(
        'Model',
        'intents',
        {},
        {
          title: 'Ticket intents',
          description: 'Sorts tickets into 123 intents.',
        },
      ),
    ]);
    expect(await ranked('123')).toEqual(['model:default/model-123']);
  });

  it('finds tables holding personal data by "pii"', async () => {
    const { ranked } = await index();
    expect(await ranked('tables with pii')).toEqual([
      'dataset:default/signups',
    ]);
  });

  it('searches what the registry holds: descriptions and metric names of synced versions', async () => {
    const registered = mlEntity(
      'Model',
      'registered-only',
      {},
      {
        title: 'Basket model',
        description: 'Undocumented.',
      },
    );
    const { ranked } = await marketplaceIndexFor(
      'SQLite',
      [...CATALOG, registered],
      {
        registries: {
          modelsFor: async entities =>
            new Map(
              entities
                .filter(e => e.metadata.name === 'registered-only')
                .map(e => [
                  e,
                  {
                    registryId: 'demo',
                    firstSeenAt: '2026-01-01T00:00:00Z',
                    changedAt: '2026-01-01T00:00:00Z',
                    model: {
                      name: 'basket-v3',
                      tags: {},
                      aliases: {},
                      versions: [
                        {
                          version: '3',
                          aliases: [],
                          tags: {},
                          description: 'Retrained weekly on fresh baskets.',
                          run: {
                            id: 'r',
                            metrics: { val_auc: 0.8 },
                            params: {},
                            datasets: [],
                          },
                        },
                      ],
                    },
                  },
                ]),
            ),
        },
      },
    );
    expect((await ranked('retrained weekly'))[0]).toBe(
      'model:default/registered-only',
    );
    expect((await ranked('best auc'))[0]).toBe('model:default/registered-only');
  });
});
