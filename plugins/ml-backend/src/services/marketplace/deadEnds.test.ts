import { marketplaceIndexFor } from '../../__testUtils__/marketplaceIndex';
import { mlEntity } from '../../__testUtils__/mlEntities';

// Never a dead end: whatever a user types or picks, the page offers a way on.
const CATALOG = [
  mlEntity(
    'Model',
    'recommender',
    { task: 'recommendation' },
    { title: 'Home recommendations', description: 'Items for the home feed.' },
  ),
  mlEntity(
    'Model',
    'churn',
    { task: 'binary-classification', lifecycle: 'experimental' },
    { title: 'Churn model', description: 'Who cancels next month.' },
  ),
  mlEntity(
    'Dataset',
    'orders',
    { type: 'table' },
    { title: 'Orders', description: 'One row per order.', tags: ['sales'] },
  ),
  mlEntity(
    'Dataset',
    'secret-ledger',
    { type: 'table' },
    { title: 'Quarantined ledger', description: 'Restricted.' },
  ),
];

describe('marketplace without dead ends', () => {
  const index = () =>
    marketplaceIndexFor('SQLite', CATALOG, {
      hidden: ['dataset:default/secret-ledger'],
    });

  it('offers a spelling that finds something, with its assets', async () => {
    const { search } = await index();
    const result = await search({ q: 'zzrecomendationz' });
    expect(result.total).toBe(0);
    expect(result.didYouMean).toMatch(/^recommendations?$/);
    expect(result.nearest?.reason).toBe('didYouMean');
    expect(result.nearest?.items.map(i => i.ref)).toContain(
      'model:default/recommender',
    );
  });

  it('suggests a spelling next to results too, but not for known words', async () => {
    const { search } = await index();
    expect((await search({ q: 'recomendation' })).didYouMean).toBe(
      'recommendation',
    );
    expect((await search({ q: 'recommendation' })).didYouMean).toBeUndefined();
    expect((await search({ q: 'orders' })).didYouMean).toBeUndefined();
  });

  it('never suggests words only assets the user may not read use', async () => {
    const { search } = await index();
    const result = await search({ q: 'quarantinedd' });
    expect(result.didYouMean).toBeUndefined();
    expect(result.nearest?.reason).toBe('popular');
    expect(result.nearest?.items.map(i => i.ref)).not.toContain(
      'dataset:default/secret-ledger',
    );
  });

  it('shows what the words find without the filters when the filters exclude it all', async () => {
    const { search } = await index();
    const result = await search({ q: 'churn', kind: ['dataset'] });
    expect(result.total).toBe(0);
    expect(result.nearest).toEqual({
      reason: 'withoutFilters',
      items: [expect.objectContaining({ ref: 'model:default/churn' })],
    });
  });

  it('offers the most trusted assets when nothing is close', async () => {
    const { search } = await index();
    const result = await search({ q: 'qwxz' });
    expect(result.total).toBe(0);
    expect(result.nearest?.reason).toBe('popular');
    expect(result.nearest?.items).toHaveLength(3);
  });

  it('keeps the filters on an empty result, at zero', async () => {
    const { search } = await index();
    const result = await search({ q: 'qwxz' });
    expect(result.facets.kind).toEqual(
      expect.arrayContaining([
        { value: 'model', count: 0 },
        { value: 'dataset', count: 0 },
      ]),
    );
    expect(result.facets.tag).toEqual([{ value: 'sales', count: 0 }]);
    expect(result.facets.lifecycle).toEqual(
      expect.arrayContaining([{ value: 'experimental', count: 0 }]),
    );
  });

  it('shows the last page for a page beyond it', async () => {
    const { search } = await index();
    const result = await search({ pageSize: 2, page: 9 });
    expect(result.page).toBe(2);
    expect(result.items).toHaveLength(1);
    const none = await search({ q: 'qwxz', page: 5 });
    expect(none.page).toBe(1);
  });
});
