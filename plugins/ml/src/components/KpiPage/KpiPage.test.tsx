import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import type {
  CreditKpis,
  KpiSnapshot,
  MarketplaceKpis,
} from '@ml-marketplace/plugin-ml-common';
import { mlApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { KpiPage } from './KpiPage';

// recharts measures its container.
(global as any).ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

jest.setTimeout(20_000);

const KPIS: MarketplaceKpis = {
  assets: 22,
  byKind: { Dataset: 10, Feature: 6, Model: 6 },
  certifiedShare: { bronze: 0.5, silver: 0.25, gold: 0.05 },
  healthyShare: 0.75,
  reuseRate: 0.4,
  staleShare: 0.1,
  deprecatedStillConsumed: [
    {
      entityRef: 'dataset:default/support-tickets-2022',
      consumers: ['model:default/support-intent'],
    },
  ],
  teams: [
    {
      owner: 'group:default/growth-ml',
      title: 'Growth ML',
      assets: 6,
      reusedByOthers: 2,
      certifiedShare: 0.5,
      healthyShare: 1,
    },
  ],
  delivery: {
    versionsByMonth: [
      { month: '2026-11', versions: 3 },
      { month: '2026-12', versions: 1 },
    ],
    medianDaysBetweenVersions: 12.5,
    modelLines: 4,
  },
};

const day = (d: string, demo: boolean): KpiSnapshot => ({
  day: d,
  demo,
  assets: 20,
  byKind: { Dataset: 9, Feature: 5, Model: 6 },
  certifiedShare: { bronze: 0.5, silver: 0.2, gold: 0.05 },
  healthyShare: 0.7,
  reuseRate: 0.35,
  deprecatedStillConsumed: 1,
});
const HISTORY = {
  days: [
    day('2026-12-03', true),
    day('2026-12-04', true),
    day('2026-12-05', false),
  ],
};

const render = (
  getKpis: jest.Mock,
  getKpiHistory = jest.fn().mockResolvedValue(HISTORY),
) =>
  renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, { getKpis, getKpiHistory }]]}>
      <KpiPage />
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/ml': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );

describe('KpiPage', () => {
  it('shows progress while loading', async () => {
    await render(jest.fn(() => new Promise(() => {})));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the error', async () => {
    await render(jest.fn().mockRejectedValue(new Error('no kpis')));
    expect((await screen.findAllByText(/no kpis/)).length).toBeGreaterThan(0);
  });

  it('says when there is nothing to measure', async () => {
    await render(jest.fn().mockResolvedValue({ ...KPIS, assets: 0 }));
    expect(await screen.findByText('No ML assets yet')).toBeInTheDocument();
  });

  it('shows the shares, the charts and the deprecated assets still consumed', async () => {
    await render(jest.fn().mockResolvedValue(KPIS));
    expect(await screen.findByLabelText('Assets: 22')).toBeInTheDocument();
    expect(screen.getByLabelText('Healthy: 75%')).toBeInTheDocument();
    expect(screen.getByLabelText('Reuse rate: 40%')).toBeInTheDocument();
    expect(screen.getByLabelText('Stale: 10%')).toBeInTheDocument();
    expect(await screen.findByText('Assets per kind')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'support-tickets-2022' }),
    ).toHaveAttribute('href', '/catalog/default/dataset/support-tickets-2022');
    expect(
      screen.getByRole('link', { name: 'support-intent' }),
    ).toBeInTheDocument();
  });

  it('links every figure to the assets behind it', async () => {
    await render(jest.fn().mockResolvedValue(KPIS));
    const tile = await screen.findByLabelText('Healthy: 75%');
    expect(tile.closest('a')).toHaveAttribute(
      'href',
      '/ml?health=pass&health=warn',
    );
    expect(
      screen.getByLabelText('Reuse rate: 40%').closest('a'),
    ).toHaveAttribute('href', '/ml?sort=reuse');
    // The team table: the team and each of its numbers.
    expect(screen.getByRole('link', { name: 'Growth ML' })).toHaveAttribute(
      'href',
      `/ml?owner=${encodeURIComponent('group:default/growth-ml')}`,
    );
    expect(
      screen.getByRole('link', { name: 'Growth ML: 6 assets' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '50%' })).toHaveAttribute(
      'href',
      `/ml?owner=${encodeURIComponent(
        'group:default/growth-ml',
      )}&certification=bronze&certification=silver&certification=gold`,
    );
    expect(
      screen.getByLabelText('Days between versions: 12.5'),
    ).toBeInTheDocument();
  });

  it('draws the trends and says which days are demo data', async () => {
    await render(jest.fn().mockResolvedValue(KPIS));
    expect(
      await screen.findByText(
        /Days from 2026-12-03 to 2026-12-04 are demo data/,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Reuse rate and healthy share (%)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Deprecated assets still consumed'),
    ).toBeInTheDocument();
  });

  it('waits for a second day before drawing trends', async () => {
    await render(
      jest.fn().mockResolvedValue(KPIS),
      jest.fn().mockResolvedValue({ days: [day('2026-12-05', false)] }),
    );
    expect(
      await screen.findByText(/trends show from the second day/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('One snapshot a day, taken by the ml backend.'),
    ).toBeInTheDocument();
  });

  describe('Top contributors', () => {
    const credit: CreditKpis = {
      ranked: 12,
      contributors: [
        {
          team: 'group:default/data-platform',
          title: 'Data Platform',
          rank: 1,
          consumerTeams: 4,
          crossTeamConsumers: 9,
          reusedAssets: 3,
          topAssets: [
            {
              ref: 'dataset:default/customers',
              title: 'Customers',
              kind: 'Dataset',
              consumerTeams: 4,
              crossTeamConsumers: 6,
            },
            {
              ref: 'feature:default/customer-activity',
              kind: 'Feature',
              consumerTeams: 1,
              crossTeamConsumers: 1,
            },
          ],
        },
        {
          team: 'group:default/search-ml',
          rank: 2,
          consumerTeams: 1,
          crossTeamConsumers: 2,
          reusedAssets: 1,
          topAssets: [],
        },
      ],
    };

    it('ranks the teams whose assets other teams use, with links to the teams and their top assets', async () => {
      await render(jest.fn().mockResolvedValue({ ...KPIS, credit }));
      expect(
        await screen.findByRole('heading', { name: 'Top contributors' }),
      ).toBeInTheDocument();
      expect(screen.getByText(/The top 2 of 12 teams\./)).toBeInTheDocument();
      const row = screen
        .getByRole('link', { name: 'Data Platform' })
        .closest('tr')!;
      expect(
        within(row)
          .getAllByRole('cell')
          .map(c => c.textContent),
      ).toEqual([
        '#1',
        'Data Platform',
        '4',
        '9',
        '3',
        'Customers (4 teams)customer-activity (1 team)',
      ]);
      expect(
        within(row).getByRole('link', { name: 'Data Platform' }),
      ).toHaveAttribute('href', '/catalog/default/group/data-platform');
      expect(
        within(row).getByRole('link', { name: 'Customers' }),
      ).toHaveAttribute('href', '/catalog/default/dataset/customers');
      expect(screen.getByRole('link', { name: 'search-ml' })).toHaveAttribute(
        'href',
        '/catalog/default/group/search-ml',
      );
      for (const header of [
        'Rank',
        'Other teams using its assets',
        'Other-team consumers',
        'Reused assets',
        'Top assets',
      ]) {
        expect(
          screen.getByRole('columnheader', { name: header }),
        ).toBeInTheDocument();
      }
    });

    it('says so when no team uses another team’s assets yet', async () => {
      await render(
        jest.fn().mockResolvedValue({
          ...KPIS,
          credit: { ranked: 0, contributors: [] },
        }),
      );
      expect(
        await screen.findByRole('heading', { name: 'Top contributors' }),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/^No team’s ML assets are used by another team yet\./),
      ).toBeInTheDocument();
    });

    it('leaves the section out when the backend sends no credit', async () => {
      await render(jest.fn().mockResolvedValue(KPIS));
      expect(await screen.findByLabelText('Assets: 22')).toBeInTheDocument();
      expect(
        screen.queryByRole('heading', { name: 'Top contributors' }),
      ).not.toBeInTheDocument();
    });
  });
});
