import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  MarketplaceAsset,
  MarketplaceResults,
} from '@ml-marketplace/plugin-ml-common';
import { MARKETPLACE_FACETS } from '@ml-marketplace/plugin-ml-common';
import { mlApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { MarketplacePage } from './MarketplacePage';

const asset = (over: Partial<MarketplaceAsset>): MarketplaceAsset => ({
  ref: 'model:default/churn-model',
  kind: 'Model',
  namespace: 'default',
  name: 'churn-model',
  title: 'Churn prediction',
  description: 'Predicts which customers cancel',
  owner: 'group:default/growth-ml',
  tags: ['churn'],
  lifecycle: 'production',
  task: 'binary-classification',
  dataSources: ['postgresql'],
  certification: 'gold',
  health: 'pass',
  consumers: 3,
  ...over,
});

function results(
  items: MarketplaceAsset[],
  total = items.length,
): MarketplaceResults {
  const facets = Object.fromEntries(
    MARKETPLACE_FACETS.map(f => [f, []]),
  ) as unknown as MarketplaceResults['facets'];
  facets.kind = [
    { value: 'model', count: 2 },
    { value: 'dataset', count: 5 },
  ];
  facets.owner = [{ value: 'group:default/growth-ml', count: 2 }];
  return {
    items,
    total,
    page: 1,
    pageSize: 24,
    facets,
    labels: { 'group:default/growth-ml': 'Growth ML' },
  };
}

function render(api: { searchMarketplace: jest.Mock }, path = '/ml') {
  return renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, api]]}>
      <MarketplacePage />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: {
        '/ml': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

// Typing into the search box is slow on a busy machine.
jest.setTimeout(20_000);

describe('MarketplacePage', () => {
  it('shows progress while the first search runs', async () => {
    const api = { searchMarketplace: jest.fn(() => new Promise(() => {})) };
    await render(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    const api = {
      searchMarketplace: jest.fn().mockRejectedValue(new Error('backend down')),
    };
    await render(api);
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
  });

  it('says when nothing matches and offers the nearest assets', async () => {
    const api = {
      searchMarketplace: jest.fn().mockResolvedValue({
        ...results([]),
        nearest: {
          reason: 'popular',
          items: [asset({})],
        },
      }),
    };
    await render(api, '/ml?q=qwxz');
    expect(await screen.findByText('No assets match')).toBeInTheDocument();
    expect(screen.getByText(/Nothing is close to “qwxz”/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Churn prediction' }),
    ).toBeInTheDocument();
  });

  it('searches for the spelling it suggests with one click', async () => {
    const api = {
      searchMarketplace: jest.fn().mockResolvedValue({
        ...results([]),
        didYouMean: 'recommendation',
        nearest: { reason: 'didYouMean', items: [asset({})] },
      }),
    };
    await render(api, '/ml?q=recomendashun');
    expect(
      await screen.findByText(/Nothing matches “recomendashun”/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Search for “recommendation”' }),
    );
    await waitFor(() =>
      expect(api.searchMarketplace).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'recommendation', page: 1 }),
      ),
    );
    expect(screen.getByLabelText('Search the marketplace')).toHaveValue(
      'recommendation',
    );
  });

  it('offers to clear the filters when they exclude every match', async () => {
    const api = {
      searchMarketplace: jest.fn().mockResolvedValue({
        ...results([]),
        nearest: { reason: 'withoutFilters', items: [asset({})] },
      }),
    };
    await render(api, '/ml?q=churn&kind=dataset');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Clear the filters' }),
    );
    await waitFor(() =>
      expect(api.searchMarketplace).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'churn', filters: {} }),
      ),
    );
  });

  it('marks deprecated assets', async () => {
    const api = {
      searchMarketplace: jest
        .fn()
        .mockResolvedValue(results([asset({ lifecycle: 'deprecated' })])),
    };
    await render(api);
    expect(await screen.findByText('Deprecated')).toBeInTheDocument();
  });

  it('shows the page the backend answered, the last for a page beyond it', async () => {
    const api = {
      searchMarketplace: jest
        .fn()
        .mockResolvedValue({ ...results([asset({})], 30), page: 2 }),
    };
    await render(api, '/ml?page=9');
    expect(await screen.findByText('Page 2 of 2')).toBeInTheDocument();
  });

  it('lists results as cards with trust badges, owner and facet counts', async () => {
    const api = {
      searchMarketplace: jest.fn().mockResolvedValue(
        results([
          asset({}),
          asset({
            ref: 'model:default/b',
            name: 'b',
            title: 'B model',
            certification: undefined,
            health: 'fail',
            consumers: 1,
          }),
        ]),
      ),
    };
    await render(api);
    expect(await screen.findByText('2 assets')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Churn prediction' }),
    ).toHaveAttribute('href', '/catalog/default/model/churn-model');
    expect(screen.getByLabelText('Certified gold')).toBeInTheDocument();
    expect(screen.getByLabelText('Health: Failing checks')).toBeInTheDocument();
    expect(screen.getByText(/3 consumers/)).toBeInTheDocument();
    expect(screen.getByText(/1 consumer ·|1 consumer$/)).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: /dataset\s*5/ }),
    ).toBeInTheDocument();
    // Owners read by title, in the facets and on the cards.
    expect(
      screen.getByRole('checkbox', { name: /Growth ML\s*2/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText('growth-ml')).not.toBeInTheDocument();
  });

  it('links tags and owners to the marketplace filtered by them', async () => {
    const api = {
      searchMarketplace: jest.fn().mockResolvedValue(results([asset({})])),
    };
    await render(api);
    expect(await screen.findByRole('link', { name: 'churn' })).toHaveAttribute(
      'href',
      '/ml?tag=churn',
    );
    expect(screen.getByRole('link', { name: 'Growth ML' })).toHaveAttribute(
      'href',
      `/ml?owner=${encodeURIComponent('group:default/growth-ml')}`,
    );
  });

  it('reads the search from the URL, so a link shares it', async () => {
    const api = {
      searchMarketplace: jest.fn().mockResolvedValue(results([asset({})])),
    };
    await render(api, '/ml?q=churn&kind=model&sort=reuse&page=2');
    await screen.findByText('1 asset');
    expect(api.searchMarketplace).toHaveBeenLastCalledWith({
      q: 'churn',
      filters: { kind: ['model'] },
      sort: 'reuse',
      page: 2,
      pageSize: 24,
    });
    expect(screen.getByLabelText('Search the marketplace')).toHaveValue(
      'churn',
    );
  });

  it('searches as the user types and filters with a facet', async () => {
    const api = {
      searchMarketplace: jest.fn().mockResolvedValue(results([asset({})])),
    };
    await render(api);
    await screen.findByText('1 asset');
    await userEvent.type(
      screen.getByLabelText('Search the marketplace'),
      'chrn',
    );
    await waitFor(() =>
      expect(api.searchMarketplace).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'chrn', page: 1 }),
      ),
    );
    await userEvent.click(screen.getByRole('checkbox', { name: /model\s*2/ }));
    await waitFor(() =>
      expect(api.searchMarketplace).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'chrn', filters: { kind: ['model'] } }),
      ),
    );
  });

  it('offers to compare two to four selected models', async () => {
    const models = [1, 2, 3, 4, 5].map(i =>
      asset({ ref: `model:default/m${i}`, name: `m${i}`, title: `Model ${i}` }),
    );
    const api = {
      searchMarketplace: jest.fn().mockResolvedValue(results(models)),
    };
    await render(api);
    await screen.findByText('5 assets');
    const boxes = screen.getAllByRole('checkbox', { name: 'Compare' });
    await userEvent.click(boxes[0]);
    expect(screen.queryByText(/Compare [0-9] models/)).not.toBeInTheDocument();
    for (const box of boxes.slice(1, 4)) await userEvent.click(box);
    expect(boxes[4]).toBeDisabled();
    expect(screen.getByText('Compare 4 models').closest('a')).toHaveAttribute(
      'href',
      `/ml/compare?refs=${['m1', 'm2', 'm3', 'm4']
        .map(m => encodeURIComponent(`model:default/${m}`))
        .join(',')}`,
    );
  });

  it('shows users’ ratings on rated cards, and nothing on unrated ones', async () => {
    const api = {
      searchMarketplace: jest
        .fn()
        .mockResolvedValue(
          results([
            asset({ rating: { average: 4.25, count: 12 } }),
            asset({ ref: 'model:default/b', name: 'b', title: 'B model' }),
          ]),
        ),
    };
    await render(api);
    await screen.findByText('2 assets');
    const [rated, unrated] = screen.getAllByTestId('asset-card');
    expect(
      within(rated).getByRole('img', {
        name: 'Rated 4.3 out of 5 stars by 12 people',
      }),
    ).toBeInTheDocument();
    expect(within(rated).getByText('4.3 (12)')).toBeInTheDocument();
    expect(within(unrated).queryByRole('img')).not.toBeInTheDocument();
    expect(within(unrated).queryByText(/stars|\(0\)/)).not.toBeInTheDocument();
  });

  it('sorts by best rating', async () => {
    const api = {
      searchMarketplace: jest.fn().mockResolvedValue(results([asset({})])),
    };
    await render(api);
    await screen.findByText('1 asset');
    await userEvent.click(screen.getByRole('button', { name: /Relevance/ }));
    await userEvent.click(screen.getByRole('option', { name: 'Best rated' }));
    await waitFor(() =>
      expect(api.searchMarketplace).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'rating', page: 1 }),
      ),
    );
  });

  it('filters by rating with bands in words, best first', async () => {
    const answer = results([asset({})]);
    (answer.facets as Record<string, unknown>).rating = [
      { value: 'unrated', count: 5 },
      { value: '3+', count: 4 },
      { value: '4+', count: 2 },
      { value: '1+', count: 6 },
    ];
    const api = { searchMarketplace: jest.fn().mockResolvedValue(answer) };
    await render(api, '/ml?sort=rating');
    await screen.findByText('1 asset');
    expect(api.searchMarketplace).toHaveBeenLastCalledWith(
      expect.objectContaining({ sort: 'rating' }),
    );
    const facet = screen.getByText('Rating').closest('fieldset')!;
    expect(
      within(facet)
        .getAllByRole('checkbox')
        .map(box => box.closest('label')!.textContent),
    ).toEqual([
      '4 stars & up2',
      '3 stars & up4',
      '1 star & up6',
      'Not rated yet5',
    ]);
    await userEvent.click(
      within(facet).getByRole('checkbox', { name: /4 stars & up/ }),
    );
    await waitFor(() =>
      expect(api.searchMarketplace).toHaveBeenLastCalledWith(
        expect.objectContaining({ filters: { rating: ['4+'] } }),
      ),
    );
  });

  it('pages through many results', async () => {
    const api = {
      searchMarketplace: jest.fn().mockResolvedValue(results([asset({})], 100)),
    };
    await render(api);
    await screen.findByText('100 assets');
    await userEvent.click(screen.getByRole('button', { name: 'Go to page 3' }));
    await waitFor(() =>
      expect(api.searchMarketplace).toHaveBeenLastCalledWith(
        expect.objectContaining({ page: 3 }),
      ),
    );
  });
});
