import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { MarketplacePage } from './MarketplacePage';

const entities = [
  {
    apiVersion: 'ml-marketplace.io/v1alpha1',
    kind: 'Model',
    metadata: {
      name: 'churn-model',
      namespace: 'default',
      title: 'Churn prediction',
      tags: ['churn'],
    },
    spec: {
      owner: 'growth-ml',
      lifecycle: 'production',
      task: 'binary-classification',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/growth-ml' }],
  },
  {
    apiVersion: 'ml-marketplace.io/v1alpha1',
    kind: 'Dataset',
    metadata: { name: 'customers', namespace: 'default' },
    spec: { owner: 'data-engineering', lifecycle: 'production', type: 'table' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'churn-service', namespace: 'default' },
    spec: { owner: 'growth-ml' },
  },
];

const render = (catalogApi: any) =>
  renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <MarketplacePage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

describe('MarketplacePage', () => {
  it('lists ML assets and only ML assets', async () => {
    await render(catalogApiMock({ entities }));
    expect(await screen.findByText('ML assets (2)')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Churn prediction' }),
    ).toHaveAttribute('href', '/catalog/default/model/churn-model');
    expect(screen.getByText('customers')).toBeInTheDocument();
    expect(screen.queryByText('churn-service')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'growth-ml' })).toBeInTheDocument();
  });

  it('tells the user how to add assets when there are none', async () => {
    await render(catalogApiMock({ entities: [] }));
    expect(await screen.findByText('No ML assets yet')).toBeInTheDocument();
  });

  it('shows the error when the catalog cannot be read', async () => {
    const failing = {
      getEntities: jest.fn().mockRejectedValue(new Error('catalog is down')),
    };
    await render(failing);
    expect(
      await screen.findByText('Error: catalog is down'),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    const pending = { getEntities: () => new Promise(() => {}) };
    await render(pending);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });
});
