import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  MarketplaceAsset,
  MarketplaceKpis,
  MarketplaceResults,
} from '@ml-marketplace/plugin-ml-common';
import { MARKETPLACE_FACETS } from '@ml-marketplace/plugin-ml-common';
import { Route, Routes, useLocation } from 'react-router-dom';
import { mlApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { HomePage } from './HomePage';

const asset = (name: string, over: Partial<MarketplaceAsset> = {}) =>
  ({
    ref: `model:default/${name}`,
    kind: 'Model',
    namespace: 'default',
    name,
    tags: ['churn'],
    dataSources: [],
    consumers: 1,
    owner: 'group:default/growth-ml',
    ...over,
  } as MarketplaceAsset);

function results(items: MarketplaceAsset[]): MarketplaceResults {
  const facets = Object.fromEntries(
    MARKETPLACE_FACETS.map(f => [f, []]),
  ) as unknown as MarketplaceResults['facets'];
  facets.tag = [{ value: 'churn', count: 3 }];
  return {
    items,
    total: items.length,
    page: 1,
    pageSize: 6,
    facets,
    labels: { 'group:default/growth-ml': 'Growth ML' },
  };
}

const KPIS = {
  assets: 21,
  byKind: { Model: 8 },
  certifiedShare: { bronze: 0.8, silver: 0.6, gold: 0 },
  healthyShare: 0.86,
  reuseRate: 0.33,
  staleShare: 0,
  deprecatedStillConsumed: [],
  teams: [],
  delivery: { versionsByMonth: [], modelLines: 0 },
} as MarketplaceKpis;

function Where() {
  const location = useLocation();
  return <div data-testid="where">{location.pathname + location.search}</div>;
}

async function render() {
  const searchMarketplace = jest.fn(async (search: any) => {
    if (search.filters?.certification?.[0] === 'silver') {
      return results([
        asset('churn-model', {
          title: 'Churn prediction',
          certification: 'silver',
        }),
      ]);
    }
    if (search.sort === 'recency') {
      return results([asset('new-model', { title: 'Brand new model' })]);
    }
    return results([]);
  });
  const api = {
    getKpis: jest.fn().mockResolvedValue(KPIS),
    searchMarketplace,
    getAttention: jest.fn().mockResolvedValue({
      scope: 'everyone',
      owners: [],
      labels: { 'group:default/growth-ml': 'Growth ML' },
      items: [
        {
          asset: asset('ltv', {
            title: 'Customer lifetime value',
            health: 'fail',
          }),
          reasons: [
            { kind: 'failing', text: 'Fails an error-level health check' },
          ],
        },
      ],
    }),
  };
  await renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, api]]}>
      <Routes>
        <Route
          path="/ml/home"
          element={
            <>
              <HomePage />
              <Where />
            </>
          }
        />
        <Route path="/ml" element={<Where />} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: ['/ml/home'],
      mountedRoutes: {
        '/ml': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
  return searchMarketplace;
}

jest.setTimeout(20_000);

describe('HomePage', () => {
  it('starts with exemplars at the highest level any asset holds, and what changed lately', async () => {
    const search = await render();
    expect(await screen.findByText('Churn prediction')).toBeInTheDocument();
    expect(
      screen.getByText(/Certified silver, the highest level any asset holds/),
    ).toBeInTheDocument();
    // Gold is held by nobody: never asked for.
    expect(
      search.mock.calls.some(([s]) => s.filters?.certification?.[0] === 'gold'),
    ).toBe(false);
    expect(await screen.findByText('Brand new model')).toBeInTheDocument();
  });

  it('says what needs attention and why, and whose it is', async () => {
    await render();
    expect(await screen.findByText('Needs attention')).toBeInTheDocument();
    expect(screen.getByText(/every team’s/)).toBeInTheDocument();
    expect(
      screen.getByText('Fails an error-level health check'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Customer lifetime value' }),
    ).toHaveAttribute('href', '/catalog/default/model/ltv');
  });

  it('leads from tiles and tags to the marketplace filtered by them', async () => {
    await render();
    expect(
      (await screen.findByLabelText('Healthy: 86%')).closest('a'),
    ).toHaveAttribute('href', '/ml?health=pass&health=warn');
    expect(
      screen.getByLabelText('Certified: 80%').closest('a'),
    ).toHaveAttribute(
      'href',
      '/ml?certification=bronze&certification=silver&certification=gold',
    );
    expect(
      await screen.findByRole('link', { name: 'churn (3)' }),
    ).toHaveAttribute('href', '/ml?tag=churn');
  });

  it('searches the marketplace with what the user describes', async () => {
    await render();
    // Pasting the sentence keeps the test to a few renders; typing it key by
    // key re-renders the page 28 times and ran past 5 s on a busy CI machine.
    await userEvent.click(
      screen.getByRole('textbox', { name: 'Search ML assets' }),
    );
    await userEvent.paste('churn model with high recall');
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByTestId('where')).toHaveTextContent(
      '/ml?q=churn+model+with+high+recall',
    );
  });
});
