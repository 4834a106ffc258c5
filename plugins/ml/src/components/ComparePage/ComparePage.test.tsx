import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { mlApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { referencesOf } from '../../__testUtils__/references';
import { ComparePage } from './ComparePage';
import { comparabilityWarnings, metricRows } from './compareRows';

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

/** Users rated A (4.5 from 8 ratings); nobody rated B yet. */
const feedbackOf = (ref: string) => ({
  entityRef: ref,
  summary:
    ref === 'model:default/a'
      ? { average: 4.5, count: 8, distribution: [0, 0, 1, 2, 5] }
      : { count: 0, distribution: [0, 0, 0, 0, 0] },
  reviews: [],
  requests: [],
  canRespond: false,
  canGiveFeedback: true,
});

function render(
  path: string,
  catalog: { getEntitiesByRefs: jest.Mock },
  ml: Record<string, jest.Mock> = {
    getCertification: jest.fn().mockResolvedValue({ level: 'gold' }),
    getHealth: jest.fn().mockResolvedValue({ status: 'warn' }),
    getReferences: jest.fn(references()),
    getRegistryModel: jest.fn().mockResolvedValue({ entityRef: 'x' }),
    getFeedback: jest.fn(async (ref: string) => feedbackOf(ref)),
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

  it('shows a model it cannot read as an error column and compares the rest', async () => {
    await render(
      '/ml/compare?refs=model:default/a,model:default/gone,dataset:default/customers',
      {
        getEntitiesByRefs: jest.fn().mockResolvedValue({
          items: [
            A,
            undefined,
            {
              ...A,
              kind: 'Dataset',
              metadata: { name: 'customers', namespace: 'default' },
            },
          ],
        }),
      },
    );
    expect(
      await screen.findByText(
        'model:default/gone: not in the catalog, or you may not read it',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('dataset:default/customers: a Dataset, not a Model'),
    ).toBeInTheDocument();
    // The readable model still shows in full.
    expect(screen.getByRole('link', { name: 'A' })).toBeInTheDocument();
    expect(screen.getAllByText('apache-2.0')).toHaveLength(1);
  });

  it('adds the registry metrics of the serving version, says which is which, and warns when the models differ', async () => {
    const registry = (alias: string, version: string, auc: number) => ({
      entityRef: 'x',
      declared: { type: 'mlflow', name: 'm', alias },
      model: {
        name: 'm',
        tags: {},
        aliases: { [alias]: version },
        versions: [
          {
            version,
            aliases: [alias],
            tags: {},
            run: { runId: 'r', metrics: { val_auc: auc, val_loss: null } },
          },
        ],
      },
    });
    const regression = model(
      'b',
      [{ metric: 'auc', value: 0.88, dataset: 'holdout' }],
      { task: 'regression' },
    );
    await render(
      REFS,
      {
        getEntitiesByRefs: jest.fn(async ({ entityRefs }) => ({
          items: entityRefs[0].startsWith('model')
            ? [
                { ...A, spec: { ...A.spec, task: 'binary-classification' } },
                regression,
              ]
            : [
                {
                  ...A,
                  kind: 'Dataset',
                  metadata: { name: 'holdout', title: 'Holdout set' },
                },
              ],
        })),
      },
      {
        getCertification: jest.fn().mockResolvedValue({ level: 'gold' }),
        getHealth: jest.fn().mockResolvedValue({ status: 'warn' }),
        getReferences: jest.fn(references()),
        getFeedback: jest.fn(async (ref: string) => feedbackOf(ref)),
        getRegistryModel: jest.fn(async (ref: string) =>
          ref === 'model:default/a'
            ? registry('champion', '3', 0.93)
            : registry('prod', '7', 0.9),
        ),
      },
    );
    expect(await screen.findByLabelText('0.93 (best)')).toBeInTheDocument();
    expect(screen.getByText('v3 (champion)')).toBeInTheDocument();
    expect(screen.getByText('v7 (prod)')).toBeInTheDocument();
    expect(
      screen.getAllByText('v7 (prod): not a number (logged as NaN)').length,
    ).toBe(1);
    expect(screen.getAllByText(/registry, serving version/).length).toBe(2);
    expect(
      screen.getAllByText(/declared in the catalog/).length,
    ).toBeGreaterThan(0);
    // The evaluation dataset by its title.
    expect(screen.getByText('auc on Holdout set')).toBeInTheDocument();
    expect(
      screen.getByText(
        /They do different tasks \(binary-classification, regression\)/,
      ),
    ).toBeInTheDocument();
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
    // Users' ratings help choose between alternatives; unrated says so.
    const rating = screen.getByText('Rating', { selector: 'th' })
      .parentElement!;
    expect(
      within(rating).getByRole('img', {
        name: 'Rated 4.5 out of 5 stars by 8 people',
      }),
    ).toBeInTheDocument();
    expect(within(rating).getByText('not rated yet')).toBeInTheDocument();
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
      getRegistryModel: jest.fn().mockResolvedValue({ entityRef: 'x' }),
      getFeedback: jest.fn(async (ref: string) => feedbackOf(ref)),
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
      {
        entity: model('x', [
          { metric: 'f1', value: 0.8, slice: 'country=DE' },
          { metric: 'f1', value: 0.7 },
        ]),
      },
      {
        entity: model('y', [{ metric: 'f1', value: 0.8, slice: 'country=DE' }]),
      },
    ]);
    expect(rows.map(r => [r.label, r.values, r.best])).toEqual([
      ['f1', [0.7, undefined], []],
      ['f1 [country=DE]', [0.8, 0.8], [0, 1]],
    ]);
  });
});

describe('comparabilityWarnings', () => {
  it('warns about evaluations on datasets the models do not share, by title', () => {
    expect(
      comparabilityWarnings(
        [
          model('x', [{ metric: 'auc', value: 0.9, dataset: 'labels-2024' }]),
          model('y', [{ metric: 'auc', value: 0.8, dataset: 'labels-2025' }]),
        ],
        ref => (ref === 'labels-2024' ? 'Labels 2024' : 'Labels 2025'),
      ),
    ).toEqual([
      'They were evaluated on different data (X: Labels 2024; Y: Labels 2025): compare their numbers with care.',
    ]);
    expect(
      comparabilityWarnings([
        model('x', [{ metric: 'auc', value: 0.9, dataset: 'd' }]),
        model('y', [{ metric: 'auc', value: 0.8, dataset: 'd' }]),
      ]),
    ).toEqual([]);
  });
});
