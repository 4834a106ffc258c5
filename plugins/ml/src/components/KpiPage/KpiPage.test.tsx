import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import type {
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
});
