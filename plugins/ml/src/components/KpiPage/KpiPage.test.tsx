import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import type { MarketplaceKpis } from '@ml-marketplace/plugin-ml-common';
import { mlApiRef } from '../../api';
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
};

const render = (getKpis: jest.Mock) =>
  renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, { getKpis }]]}>
      <KpiPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
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
});
