import type { Entity } from '@backstage/catalog-model';
import { marketplaceIndexFor } from '../../__testUtils__/marketplaceIndex';
import { mlEntity } from '../../__testUtils__/mlEntities';

// How words, their synonyms and the facts of an asset meet a query, one rule
// per test: each fails when its rule is taken out (see searchRanking.test.ts
// for the others).
const about = (title: string, description: string) => ({
  title,
  description,
});

const CATALOG: Entity[] = [
  mlEntity(
    'Model',
    'promo-abuse',
    { task: 'binary-classification' },
    about('Promo abuse', 'Flags accounts made to farm welcome vouchers.'),
  ),
  mlEntity(
    'Model',
    'payment-risk',
    { task: 'binary-classification' },
    about('Fraud, chargeback and scam risk', 'Scores for payments.'),
  ),
  mlEntity(
    'Dataset',
    'card-ledger',
    { type: 'table' },
    about('Card ledger', 'Card payments, card by card, with card tokens.'),
  ),
  mlEntity(
    'Feature',
    'card-velocity',
    { features: [{ name: 'txn_count_1h', dtype: 'int64' }] },
    about('Spend counters', 'How fast a card is used: velocity per hour.'),
  ),
  mlEntity(
    'Model',
    'shelf-boxes',
    { task: 'object-detection' },
    about('Shelf boxes', 'Object detection of products on shelf photos.'),
  ),
  mlEntity(
    'Model',
    'early-arrears',
    { task: 'binary-classification' },
    about('Early arrears warning', 'Borrowers likely to miss an instalment.'),
  ),
  mlEntity(
    'Feature',
    'basket-stats-online',
    { store: 'online', features: [{ name: 'basket_value', dtype: 'float64' }] },
    about('Basket statistics', 'Basket value per visit.'),
  ),
  mlEntity(
    'Feature',
    'basket-stats-batch',
    {
      store: 'offline',
      features: [{ name: 'basket_value', dtype: 'float64' }],
      transformation: 'Weekly node2vec embedding of the co-purchase graph.',
    },
    about('Basket statistics', 'Basket value per visit.'),
  ),
  mlEntity(
    'Model',
    'old-recommender',
    { task: 'recommendation', lifecycle: 'deprecated' },
    about('Recommender (2019)', 'Replaced by the two-tower model.'),
  ),
  mlEntity(
    'Dataset',
    'old-clicks',
    { type: 'table', lifecycle: 'deprecated' },
    about('Clickstream (2019 tracker)', 'Frozen export.'),
  ),
];

describe('marketplace query concepts', () => {
  const index = () => marketplaceIndexFor('SQLite', CATALOG);

  it('ranks an asset that matches more of the query above a stronger match of one word', async () => {
    const { ranked } = await index();
    // The ledger says "card" four times; the feature says both words.
    expect((await ranked('card velocity'))[0]).toBe(
      'feature:default/card-velocity',
    );
  });

  it('does not let several synonyms of a word outrank the word itself', async () => {
    const { ranked } = await index();
    // "abuse" reaches fraud, anomaly, chargeback, scam and more: the risk
    // model names three of them, the promo model the word once.
    const refs = await ranked('abuse');
    const ms = index as any;
    void ms;
    expect(refs[0]).toBe('model:default/promo-abuse');
    expect(refs).toContain('model:default/payment-risk');
  });

  it('reads a detector as what detection looks for', async () => {
    const { ranked } = await index();
    // Prefix matching does not reach "detection" from "detectors".
    expect((await ranked('detectors'))[0]).toBe('model:default/shelf-boxes');
  });

  it('knows the words of credit collections', async () => {
    const { ranked } = await index();
    expect((await ranked('who should collections call first'))[0]).toBe(
      'model:default/early-arrears',
    );
  });

  it('searches where a feature is served and how it is computed', async () => {
    const { ranked } = await index();
    expect((await ranked('online basket statistics'))[0]).toBe(
      'feature:default/basket-stats-online',
    );
    expect(await ranked('node2vec')).toEqual([
      'feature:default/basket-stats-batch',
    ]);
  });

  it('answers kind and lifecycle words alone with what matches either, rarer word first', async () => {
    const { ranked } = await index();
    const refs = await ranked('deprecated models');
    // Both words, then the rarer one (deprecated), then the other models.
    expect(refs[0]).toBe('model:default/old-recommender');
    expect(refs[1]).toBe('dataset:default/old-clicks');
    expect(refs).toContain('model:default/promo-abuse');
    expect(refs).not.toContain('feature:default/card-velocity');
  });
});
