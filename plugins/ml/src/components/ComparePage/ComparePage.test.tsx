import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { mlApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { referencesOf } from '../../__testUtils__/references';
import { ComparePage } from './ComparePage';
import { metricRows } from './compareRows';

const model = (name: string, evaluation: object[], extra = {}): Entity => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name, namespace: 'default', title: name.toUpperCase() },
  spec: {
    owner: 'group:default/team',
    lifecycle: 'production',
    license: 'apache-2.0',
    trainedOn: ['customers'],
    evaluation,
    ...extra,
  },
});

const A = model('a', [
  { metric: 'auc', value: 0.91, threshold: 0.85 },
  { metric: 'latency_ms', value: 12, higherIsBetter: false },
]);
const B = model('b', [
  { metric: 'auc', value: 0.88 },
  { metric: 'latency_ms', value: 8, higherIsBetter: false },
]);

/** What `GET /references` answers for A and B, with `hidden` hidden from the user. */
const references =
  (hidden: string[] = []) =>
  async (ref: string) =>
    referencesOf(ref === 'model:default/a' ? A : B, { hidden });

function render(
  path: string,
  catalog: { getEntitiesByRefs: jest.Mock },
  ml = {
    getCertification: jest.fn().mockResolvedValue({ level: 'gold' }),
    getHealth: jest.fn().mockResolvedValue({ status: 'warn' }),
    getReferences: jest.fn(references()),
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalog],
        [mlApiRef, ml],
      ]}
    >
      <ComparePage />
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

const REFS = '/ml/compare?refs=model:default/a,model:default/b';

describe('ComparePage', () => {
  it('asks for two to four models', async () => {
    await render('/ml/compare?refs=model:default/a', {
      getEntitiesByRefs: jest.fn(),
    });
    expect(screen.getByText(/Pick two to four models/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'marketplace' })).toHaveAttribute(
      'href',
      '/ml',
    );
  });

  it('shows progress, then an error for a model it cannot read', async () => {
    const catalog = {
      getEntitiesByRefs: jest.fn().mockResolvedValue({ items: [A, undefined] }),
    };
    await render(REFS, catalog);
    expect(
      (await screen.findAllByText(/model:default\/b is not in the catalog/))
        .length,
    ).toBeGreaterThan(0);
  });

  it('lines up metrics with the best highlighted, and trust and card facts', async () => {
    const catalog = {
      getEntitiesByRefs: jest.fn().mockResolvedValue({ items: [A, B] }),
    };
    await render(REFS, catalog);
    expect(await screen.findByRole('link', { name: 'A' })).toBeInTheDocument();
    // Higher AUC wins; lower latency wins.
    expect(screen.getByLabelText('0.91 (best)')).toBeInTheDocument();
    expect(screen.getByLabelText('8 (best)')).toBeInTheDocument();
    expect(screen.queryByLabelText('12 (best)')).not.toBeInTheDocument();
    expect(screen.getByText(/threshold 0.85/)).toBeInTheDocument();
    expect(screen.getAllByLabelText('Certified gold')).toHaveLength(2);
    expect(screen.getAllByText('apache-2.0')).toHaveLength(2);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledWith({
      entityRefs: ['model:default/a', 'model:default/b'],
    });
    expect(
      await screen.findAllByRole('link', { name: 'customers' }),
    ).toHaveLength(2);
  });

  it('counts features the user may not see, never naming them', async () => {
    const withFeature = {
      ...B,
      spec: { ...B.spec, consumesFeatures: ['pii'] },
    };
    const catalog = {
      getEntitiesByRefs: jest.fn().mockResolvedValue({
        items: [A, withFeature],
      }),
    };
    await render(REFS, catalog, {
      getCertification: jest.fn().mockResolvedValue({ level: 'gold' }),
      getHealth: jest.fn().mockResolvedValue({ status: 'warn' }),
      getReferences: jest.fn(async (ref: string) =>
        referencesOf(ref === 'model:default/a' ? A : withFeature, {
          hidden: ['feature:default/pii'],
        }),
      ),
    });
    const features = (await screen.findByText('Features')).parentElement!;
    await waitFor(() =>
      expect(features).toHaveTextContent(
        'Featuresnone1 upstream asset not visible to you',
      ),
    );
    expect(screen.queryByText(/pii/)).not.toBeInTheDocument();
  });
});

describe('metricRows', () => {
  it('keeps slices apart and marks ties as best for both', () => {
    const rows = metricRows([
      model('x', [
        { metric: 'f1', value: 0.8, slice: 'country=DE' },
        { metric: 'f1', value: 0.7 },
      ]),
      model('y', [{ metric: 'f1', value: 0.8, slice: 'country=DE' }]),
    ]);
    expect(rows.map(r => [r.label, r.values, r.best])).toEqual([
      ['f1', [0.7, undefined], []],
      ['f1 [country=DE]', [0.8, 0.8], [0, 1]],
    ]);
  });
});
