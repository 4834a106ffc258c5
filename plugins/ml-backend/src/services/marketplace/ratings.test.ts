import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  type MarketplaceAsset,
  marketplaceQuerySchema,
} from '@ml-marketplace/plugin-ml-common';
import { CertificationStore } from '../../database/CertificationStore';
import { HealthStore } from '../../database/HealthStore';
import { DatabaseLineageStore } from '../../database/LineageStore';
import { migratedTestDatabase } from '../../__testUtils__/databases';
import { fakeCatalog } from '../../__testUtils__/marketplaceIndex';
import { mlEntity } from '../../__testUtils__/mlEntities';
import { readableThroughCatalog } from '../../__testUtils__/readable';
import { DEFAULT_LEVELS } from '../certification/policy';
import { MarketplaceIndex } from './MarketplaceIndex';

const model = (name: string, title: string, tags: string[] = []) =>
  mlEntity('Model', name, { task: 'classification' }, { title, tags });

const CATALOG: Entity[] = [
  model('alpha', 'Alpha churn'),
  model('bravo', 'Bravo churn', ['churn']),
  model('charlie', 'Charlie fraud'),
  model('delta', 'Delta churn'),
  model('echo', 'Echo fraud'),
  model('foxtrot', 'Foxtrot churn'),
];

const RATINGS = new Map<string, MarketplaceAsset['rating']>([
  ['model:default/alpha', { average: 4.5, count: 2 }],
  ['model:default/bravo', { average: 4.5, count: 10 }],
  ['model:default/charlie', { average: 3, count: 1 }],
  ['model:default/foxtrot', { average: 1.2, count: 3 }],
]);

async function indexWith(ratings?: Map<string, MarketplaceAsset['rating']>) {
  const db = await migratedTestDatabase('SQLite');
  const catalog = fakeCatalog(CATALOG);
  const index = new MarketplaceIndex({
    catalog,
    auth: mockServices.auth(),
    health: new HealthStore(db),
    certificates: new CertificationStore(db),
    lineage: new DatabaseLineageStore(db),
    readable: readableThroughCatalog(catalog),
    policy: {
      levels: DEFAULT_LEVELS,
      validityDays: 90,
      approvalValidityDays: 365,
      reviewers: [],
    },
    logger: mockServices.logger.mock(),
    refreshMs: 60_000,
    ...(ratings && {
      ratings: { ratingOverviews: async () => new Map(ratings) as any },
    }),
  });
  const search = (query: Record<string, unknown>) =>
    index.search(marketplaceQuerySchema.parse(query), mockCredentials.user());
  const names = async (query: Record<string, unknown>) =>
    (await search(query)).items.map(i => i.name);
  return { index, search, names };
}

describe('the marketplace by rating', () => {
  it('sorts by mean stars, then number of ratings, unrated last by name', async () => {
    const { names, search } = await indexWith(RATINGS);
    expect(await names({ sort: 'rating' })).toEqual([
      'bravo',
      'alpha',
      'charlie',
      'foxtrot',
      'delta',
      'echo',
    ]);
    // With words, too: the sort orders the matches.
    expect(await names({ q: 'churn', sort: 'rating' })).toEqual([
      'bravo',
      'alpha',
      'foxtrot',
      'delta',
    ]);
    const [bravo] = (await search({ sort: 'rating' })).items;
    expect(bravo.rating).toEqual({ average: 4.5, count: 10 });
  });

  it('counts each asset in every band its mean reaches, best band first', async () => {
    const { search } = await indexWith(RATINGS);
    expect((await search({})).facets.rating).toEqual([
      { value: '4+', count: 2 },
      { value: '3+', count: 3 },
      { value: '2+', count: 3 },
      { value: '1+', count: 4 },
      { value: 'unrated', count: 2 },
    ]);
  });

  it('filters by the least mean stars, and by unrated', async () => {
    const { names, search } = await indexWith(RATINGS);
    expect(await names({ rating: '3+', sort: 'name' })).toEqual([
      'alpha',
      'bravo',
      'charlie',
    ]);
    // `?rating=4+` unencoded arrives as "4 ".
    expect(await names({ rating: '4 ', sort: 'name' })).toEqual([
      'alpha',
      'bravo',
    ]);
    expect(await names({ rating: ['4+', 'unrated'], sort: 'name' })).toEqual([
      'alpha',
      'bravo',
      'delta',
      'echo',
    ]);
    // Other facets still count within the rating filter (and it within theirs).
    const filtered = await search({ rating: '4+', tag: 'churn' });
    expect(filtered.items.map(i => i.name)).toEqual(['bravo']);
    expect(filtered.facets.rating).toEqual([
      { value: '4+', count: 1 },
      { value: '3+', count: 1 },
      { value: '2+', count: 1 },
      { value: '1+', count: 1 },
    ]);
  });

  it('leaves relevance ranking as it was without ratings', async () => {
    const rated = await indexWith(RATINGS);
    const unrated = await indexWith();
    for (const query of [{}, { q: 'churn' }, { q: 'fraud classification' }]) {
      expect(await rated.names(query)).toEqual(await unrated.names(query));
    }
  });

  it('takes in a new rating at once, and its removal', async () => {
    const { index, names, search } = await indexWith(RATINGS);
    expect((await names({ sort: 'rating' }))[0]).toBe('bravo');
    index.applyRating('model:default/delta', { average: 5, count: 1 });
    expect((await names({ sort: 'rating' }))[0]).toBe('delta');
    expect(await names({ rating: '4+', sort: 'name' })).toEqual([
      'alpha',
      'bravo',
      'delta',
    ]);
    index.applyRating('model:default/delta', undefined);
    expect((await search({ sort: 'rating' })).items.at(-2)).toMatchObject({
      name: 'delta',
    });
    expect(
      (await search({ rating: 'unrated' })).items.map(i => i.name).sort(),
    ).toEqual(['delta', 'echo']);
    // Refs the index does not hold change nothing.
    index.applyRating('model:default/nowhere', { average: 1, count: 1 });
    expect((await search({})).total).toBe(6);
  });

  it('keeps a rating written while the index was being built', async () => {
    const { index, names } = await indexWith(RATINGS);
    const building = index.refresh();
    index.applyRating('model:default/echo', { average: 5, count: 2 });
    await building;
    expect((await names({ sort: 'rating' }))[0]).toBe('echo');
  });
});
