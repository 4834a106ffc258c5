import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import type { AssetKpis } from '@ml-marketplace/plugin-ml-common';
import { mlApiRef } from '../../api';
import { EntityEvaluationCard } from './EntityEvaluationCard';

// Records when the chart module (and with it recharts) is first loaded.
const mockChartModuleLoaded = jest.fn();
jest.mock('./EvaluationTrendChart', () => {
  mockChartModuleLoaded();
  return jest.requireActual('./EvaluationTrendChart');
});

// recharts' ResponsiveContainer measures its parent with a ResizeObserver,
// which jsdom lacks; this one reports a fixed size so the chart draws.
class FixedSizeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe() {
    this.callback(
      [{ contentRect: { width: 600, height: 260 } } as ResizeObserverEntry],
      this as unknown as ResizeObserver,
    );
  }
  unobserve() {}
  disconnect() {}
}

const originalResizeObserver = global.ResizeObserver;
beforeAll(() => {
  global.ResizeObserver =
    FixedSizeResizeObserver as unknown as typeof ResizeObserver;
});
afterAll(() => {
  global.ResizeObserver = originalResizeObserver;
});

const model: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model', namespace: 'default' },
  spec: { owner: 'group:default/growth-ml', lifecycle: 'production' },
};

const kpis = (overrides: Partial<AssetKpis> = {}): AssetKpis => ({
  entityRef: 'model:default/churn-model',
  versions: [],
  consumers: 3,
  lastUpdatedAt: '2025-03-01T14:05:00.000Z',
  ...overrides,
});

const declared: AssetKpis['versions'][number] = {
  version: 'declared',
  source: 'catalog',
  metrics: [
    { metric: 'auc', value: 0.91, threshold: 0.85 },
    { metric: 'auc', value: 0.78, slice: 'tenure<90d', threshold: 0.8 },
    { metric: 'mape', value: 0.3, threshold: 0.25, higherIsBetter: false },
    { metric: 'latency_ms', value: 12 },
  ],
};

const render = (mlApi: { getAssetKpis: jest.Mock }, entity: Entity = model) =>
  renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, mlApi]]}>
      <EntityProvider entity={entity}>
        <EntityEvaluationCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

describe('EntityEvaluationCard', () => {
  it('shows progress while loading', async () => {
    const mlApi = { getAssetKpis: jest.fn(() => new Promise<never>(() => {})) };
    await render(mlApi);
    expect(screen.getByText('Evaluation')).toBeInTheDocument();
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(mlApi.getAssetKpis).toHaveBeenCalledWith(
      'model:default/churn-model',
    );
  });

  it('shows the error with its message', async () => {
    const mlApi = {
      getAssetKpis: jest.fn().mockRejectedValue(new Error('kpis unavailable')),
    };
    await render(mlApi);
    expect(
      await screen.findByText('Error: kpis unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('says how to add results when there are no versions', async () => {
    const mlApi = { getAssetKpis: jest.fn().mockResolvedValue(kpis()) };
    await render(mlApi);
    expect(
      await screen.findByText('No evaluation results yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Add spec.evaluation or register versions in MLflow.'),
    ).toBeInTheDocument();
    expect(screen.getByText('3 entities read this model')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows one version as a table with thresholds met or missed, and a note instead of a trend', async () => {
    const mlApi = {
      getAssetKpis: jest
        .fn()
        .mockResolvedValue(kpis({ versions: [declared], consumers: 1 })),
    };
    await render(mlApi);

    const table = await screen.findByRole('table', {
      name: 'Metrics of version declared',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      'aucoverall0.91≥ 0.85✓ met',
      'auctenure<90d0.78≥ 0.8✗ missed',
      // Lower is better: 0.3 over a maximum of 0.25 misses.
      'mapeoverall0.3≤ 0.25✗ missed',
      'latency_msoverall12——',
    ]);
    expect(screen.getByText('declared in catalog')).toBeInTheDocument();
    expect(screen.getByText('1 entity reads this model')).toBeInTheDocument();
    expect(screen.getByText('2025-03-01 14:05 UTC')).toHaveAttribute(
      'datetime',
      '2025-03-01T14:05:00.000Z',
    );
    expect(
      screen.getByText(
        'The trend across versions appears once the registry has results for more than one version.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it('marks a lower-is-better metric under its maximum as met', async () => {
    const mlApi = {
      getAssetKpis: jest.fn().mockResolvedValue(
        kpis({
          versions: [
            {
              version: '4',
              source: 'registry',
              metrics: [
                {
                  metric: 'mape',
                  value: 0.18,
                  threshold: 0.25,
                  higherIsBetter: false,
                },
              ],
            },
          ],
        }),
      ),
    };
    await render(mlApi);
    const table = await screen.findByRole('table', {
      name: 'Metrics of version 4',
    });
    expect(within(table).getByText('✓ met')).toBeInTheDocument();
    expect(within(table).queryByText('✗ missed')).not.toBeInTheDocument();
    expect(screen.getByText('registry')).toBeInTheDocument();
  });

  // Keep before the tests that draw a chart: the module registry lives per file.
  it('does not load the chart module for a single version', async () => {
    const mlApi = {
      getAssetKpis: jest.fn().mockResolvedValue(kpis({ versions: [declared] })),
    };
    await render(mlApi);
    expect(
      await screen.findByRole('table', { name: 'Metrics of version declared' }),
    ).toBeInTheDocument();
    expect(mockChartModuleLoaded).not.toHaveBeenCalled();
  });

  it('loads the trend chart lazily when several registry versions have results, lower-is-better metrics on their own axis', async () => {
    const mlApi = {
      getAssetKpis: jest.fn().mockResolvedValue(
        kpis({
          versions: [
            declared,
            {
              version: '2',
              source: 'registry',
              metrics: [
                { metric: 'auc', value: 0.88, threshold: 0.85 },
                { metric: 'val_loss', value: 0.41 },
              ],
            },
            {
              version: '3',
              source: 'registry',
              metrics: [
                { metric: 'auc', value: 0.92, threshold: 0.86 },
                // Logged as NaN: a gap in the line, not a point at 0.
                { metric: 'val_loss', value: Number.NaN },
              ],
            },
          ],
        }),
      ),
    };
    const { container } = await render(mlApi);

    const chart = await screen.findByRole('figure', {
      name: 'Evaluation trend across versions',
    });
    expect(mockChartModuleLoaded).toHaveBeenCalledTimes(1);
    // One line per metric the registry versions report; declared-only
    // results are no version and draw no line.
    expect(await within(chart).findByText('auc')).toBeInTheDocument();
    expect(
      within(chart).getByText('val_loss (lower is better)'),
    ).toBeInTheDocument();
    expect(within(chart).queryByText('latency_ms')).not.toBeInTheDocument();
    expect(container.querySelectorAll('.recharts-line')).toHaveLength(2);
    // The loss has the right-hand axis.
    expect(within(chart).getByText('lower is better')).toBeInTheDocument();
    // The axis names registry versions only.
    const ticks = [
      ...container.querySelectorAll(
        '.recharts-xAxis .recharts-cartesian-axis-tick-value',
      ),
    ].map(t => t.textContent);
    expect(ticks).toEqual(['v2', 'v3']);
    // The newest version's auc threshold is the dashed line.
    expect(
      within(chart).getByText('Dashed lines: thresholds (auc ≥ 0.86)'),
    ).toBeInTheDocument();

    // Every version keeps its table.
    expect(
      screen.getByRole('table', { name: 'Metrics of version 3' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/appears once the registry has results/),
    ).not.toBeInTheDocument();
  });

  it('names registry versions with their aliases, newest first after the declared results', async () => {
    const mlApi = {
      getAssetKpis: jest.fn().mockResolvedValue(
        kpis({
          versions: [
            declared,
            {
              version: '2',
              source: 'registry',
              createdAt: '2025-02-01T09:30:00.000Z',
              metrics: [{ metric: 'auc', value: 0.88 }],
            },
            {
              version: '3',
              source: 'registry',
              aliases: ['champion', 'latest'],
              createdAt: '2025-03-01T09:30:00.000Z',
              metrics: [{ metric: 'auc', value: 0.92 }],
            },
          ],
        }),
      ),
    };
    const { container } = await render(mlApi);

    expect(
      await screen.findByRole('figure', {
        name: 'Evaluation trend across versions',
      }),
    ).toBeInTheDocument();
    const headings = screen
      .getAllByRole('heading', { level: 3 })
      .map(h => h.textContent)
      .filter(t => t !== 'Consumers' && t !== 'Last updated');
    expect(headings).toEqual([
      'Version declared',
      'v3 (champion, latest)',
      'v2',
    ]);
    expect(screen.getByText('2025-03-01 09:30 UTC')).toHaveAttribute(
      'datetime',
      '2025-03-01T09:30:00.000Z',
    );
    // The chart's axis names versions the same way, oldest first.
    const ticks = [
      ...container.querySelectorAll(
        '.recharts-xAxis .recharts-cartesian-axis-tick-value',
      ),
    ].map(t => t.textContent);
    expect(ticks).toEqual(['v2', 'v3 (champion, latest)']);
  });

  it('draws many versions without dots and lists the older ones on demand', async () => {
    const versions: AssetKpis['versions'] = Array.from(
      { length: 20 },
      (_, i) => ({
        version: String(i + 1),
        source: 'registry' as const,
        ...(i === 19 && { aliases: ['champion'] }),
        metrics: [{ metric: 'auc', value: 0.8 + i / 200 }],
      }),
    );
    const mlApi = {
      getAssetKpis: jest.fn().mockResolvedValue(kpis({ versions })),
    };
    const { container } = await render(mlApi);

    await screen.findByRole('figure', {
      name: 'Evaluation trend across versions',
    });
    expect(container.querySelectorAll('.recharts-line')).toHaveLength(1);
    expect(container.querySelectorAll('.recharts-line-dot')).toHaveLength(0);
    // At most ten labels under the axis, counted back from the newest.
    const ticks = [
      ...container.querySelectorAll(
        '.recharts-xAxis .recharts-cartesian-axis-tick-value',
      ),
    ].map(t => t.textContent);
    expect(ticks).toEqual([
      'v2',
      'v4',
      'v6',
      'v8',
      'v10',
      'v12',
      'v14',
      'v16',
      'v18',
      'v20 (champion)',
    ]);

    // The newest four versions have their table; the rest on demand.
    expect(
      screen.getAllByRole('table').map(t => t.getAttribute('aria-label')),
    ).toEqual([
      'Metrics of version 20',
      'Metrics of version 19',
      'Metrics of version 18',
      'Metrics of version 17',
    ]);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show 16 older versions' }),
    );
    expect(screen.getAllByRole('table')).toHaveLength(20);
    expect(
      screen.queryByRole('button', { name: /older version/ }),
    ).not.toBeInTheDocument();
  });

  it('explains itself on an entity that is not a Model and calls no API', async () => {
    const mlApi = { getAssetKpis: jest.fn() };
    await render(mlApi, {
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Feature',
      metadata: { name: 'velocity' },
      spec: { owner: 'risk-ml', lifecycle: 'production' },
    });
    expect(
      screen.getByText(
        'Evaluation results are recorded for Model entities; this entity is a Feature.',
      ),
    ).toBeInTheDocument();
    expect(mlApi.getAssetKpis).not.toHaveBeenCalled();
  });
});
