import type { Entity } from '@backstage/catalog-model';
import { marketplaceIndexFor } from '../../__testUtils__/marketplaceIndex';
import { mlEntity } from '../../__testUtils__/mlEntities';

// One rule per test: each fails when its rule is taken out of the ranking.
const described = (description: string) => ({ description });

const CATALOG: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'growth', namespace: 'default' },
    spec: { type: 'team', profile: { displayName: 'Growth Analytics' } },
  },
  mlEntity(
    'Model',
    'fraud-gbm',
    {
      task: 'binary-classification',
      framework: 'xgboost',
      evaluation: [{ metric: 'recall', value: 0.91 }],
    },
    {
      title: 'Card fraud scoring',
      ...described('Gradient boosted trees that score card payments.'),
    },
  ),
  mlEntity(
    'Model',
    'churn-v1',
    {
      task: 'binary-classification',
      lifecycle: 'deprecated',
      owner: 'group:default/growth',
    },
    {
      title: 'Churn model',
      ...described('Predicts which subscribers cancel next month.'),
    },
  ),
  mlEntity(
    'Model',
    'churn-v2',
    { task: 'binary-classification', owner: 'group:default/growth' },
    {
      title: 'Churn model',
      ...described('Predicts which subscribers cancel next month.'),
    },
  ),
  mlEntity(
    'Model',
    'ranker',
    {
      task: 'learning-to-rank',
      modelCard: {
        trainingData: 'Heatmaps and heatmap replays.',
      },
    },
    { title: 'Search ranker', ...described('Orders search results.') },
  ),
  mlEntity(
    'Feature',
    'session-stats',
    {
      features: [{ name: 'visit_length', dtype: 'float64' }],
    },
    {
      title: 'Statistics of every web visit and heatmap of a visitor',
      ...described('Length of each visit.'),
    },
  ),
  mlEntity(
    'Dataset',
    'merchants',
    {
      type: 'table',
      schema: {
        columns: [
          {
            name: 'merchant_category_code',
            type: 'string',
            description: 'ISO 18245 category of the merchant',
          },
        ],
      },
    },
    { title: 'Merchants', ...described('One row per merchant.') },
  ),
  mlEntity(
    'Dataset',
    'customers',
    { type: 'table' },
    { title: 'Customers', ...described('One row per customer account.') },
  ),
  mlEntity(
    'Feature',
    'account-flags',
    { features: [{ name: 'is_business', dtype: 'bool' }] },
    { title: 'Account flags', ...described('Flags per customer.') },
  ),
  mlEntity(
    'Model',
    'customer-segments',
    { task: 'clustering' },
    {
      title: 'Customer segments',
      ...described('Groups customer accounts by behaviour.'),
    },
  ),
];

describe('marketplace ranking', () => {
  const index = (
    options: { synonyms?: ReadonlyArray<ReadonlyArray<string>> } = {},
  ) => marketplaceIndexFor('SQLite', CATALOG, options);

  it('lets every word help and none be required', async () => {
    const { ranked } = await index();
    // "high" is in no asset: a query requiring every word would find nothing.
    expect((await ranked('fraud model with high recall'))[0]).toBe(
      'model:default/fraud-gbm',
    );
  });

  it('ignores stop words and filler', async () => {
    const { search } = await index();
    const everything = await search({});
    const filler = await search({ q: 'with about for which' });
    expect(filler.total).toBe(everything.total);
    expect(filler.items.map(i => i.ref)).toEqual(
      everything.items.map(i => i.ref),
    );
  });

  it('matches words by their stem', async () => {
    const { ranked } = await index();
    // The assets say "cancel"; neither prefix nor typo matching reaches it.
    expect((await ranked('cancellations'))[0]).toBe('model:default/churn-v2');
  });

  it('still forgives typos and partial words', async () => {
    const { ranked } = await index();
    expect((await ranked('fraud gradiant'))[0]).toBe('model:default/fraud-gbm');
    expect((await ranked('merch'))[0]).toBe('dataset:default/merchants');
  });

  it('ranks a title match above a mention in the model card', async () => {
    const { ranked } = await index();
    // Without synonyms in play: the card says it twice, the title once.
    const refs = await ranked('heatmaps');
    expect(refs.indexOf('feature:default/session-stats')).toBeLessThan(
      refs.indexOf('model:default/ranker'),
    );
    expect(refs).toContain('model:default/ranker');
  });

  it('searches column names, metric names, frameworks and owner titles', async () => {
    const { ranked } = await index();
    expect((await ranked('merchant_category_code'))[0]).toBe(
      'dataset:default/merchants',
    );
    expect((await ranked('recall'))[0]).toBe('model:default/fraud-gbm');
    expect((await ranked('xgboost'))[0]).toBe('model:default/fraud-gbm');
    expect(await ranked('growth analytics')).toEqual(
      expect.arrayContaining(['model:default/churn-v2']),
    );
  });

  it('finds an asset through a built-in synonym, below the word itself', async () => {
    const { ranked } = await index();
    expect((await ranked('attrition'))[0]).toBe('model:default/churn-v2');
  });

  it('takes synonyms from the configuration too', async () => {
    const { ranked } = await index({ synonyms: [['defection', 'churn']] });
    expect((await ranked('defection'))[0]).toBe('model:default/churn-v2');
    const { ranked: builtInOnly } = await index();
    expect(await builtInOnly('defection')).toEqual([]);
  });

  it('ranks the kind a query names first', async () => {
    const { ranked } = await index();
    expect((await ranked('customer dataset'))[0]).toBe(
      'dataset:default/customers',
    );
    expect((await ranked('customer model'))[0]).toBe(
      'model:default/customer-segments',
    );
    // The model says "customer" more often; the query asks for features.
    expect((await ranked('customer signals'))[0]).toBe(
      'feature:default/account-flags',
    );
  });

  it('does not let a kind word alone lift every asset of that kind', async () => {
    const { ranked } = await index();
    // A typo leaves only a weak match on the topic; "model" must not put
    // the models that merely are models before the assets about heatmaps.
    const refs = await ranked('heatmapp model');
    expect(refs.slice(0, 2).sort()).toEqual([
      'feature:default/session-stats',
      'model:default/ranker',
    ]);
  });

  it('ranks a deprecated asset below its successor unless asked for', async () => {
    const { ranked } = await index();
    const churn = await ranked('churn');
    expect(churn.slice(0, 2)).toEqual([
      'model:default/churn-v2',
      'model:default/churn-v1',
    ]);
    expect((await ranked('deprecated churn'))[0]).toBe(
      'model:default/churn-v1',
    );
  });
});
