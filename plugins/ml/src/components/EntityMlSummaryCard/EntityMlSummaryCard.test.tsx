import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { mlApiRef } from '../../api';
import { referencesOf } from '../../__testUtils__/references';
import { EntityMlSummaryCard } from './EntityMlSummaryCard';

const render = (
  entity: Entity,
  visibility: { hidden?: string[]; missing?: string[] } = {},
) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [
          mlApiRef,
          { getReferences: async () => referencesOf(entity, visibility) },
        ],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityMlSummaryCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

describe('EntityMlSummaryCard', () => {
  it('shows a Model with links to its training data and features', async () => {
    await render({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Model',
      metadata: { name: 'churn-model', namespace: 'default' },
      spec: {
        owner: 'group:default/growth-ml',
        lifecycle: 'production',
        task: 'binary-classification',
        framework: 'scikit-learn',
        trainedOn: ['customers'],
        consumesFeatures: ['feature:default/customer-activity'],
      },
    });
    expect(screen.getByText('binary-classification')).toBeInTheDocument();
    expect(screen.getByText('scikit-learn')).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'customers' }),
    ).toHaveAttribute('href', '/catalog/default/dataset/customers');
    expect(
      screen.getByRole('link', { name: 'customer-activity' }),
    ).toHaveAttribute('href', '/catalog/default/feature/customer-activity');
    // Undeclared fields are visible as such, so the owner sees what is missing.
    expect(screen.getAllByText('not declared').length).toBe(2);
  });

  it('shows a Dataset classification and its upstream dataset', async () => {
    await render({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name: 'customers', namespace: 'default' },
      spec: {
        owner: 'data-engineering',
        lifecycle: 'production',
        type: 'table',
        classification: 'confidential',
        derivedFrom: ['raw-events'],
        freshness: 'PT1H',
      },
    });
    expect(screen.getByText('Dataset')).toBeInTheDocument();
    expect(screen.getByText('confidential')).toBeInTheDocument();
    // Durations in words, not ISO 8601.
    expect(screen.getByText('updated every hour')).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'raw-events' }),
    ).toBeInTheDocument();
  });

  it('counts upstream data the user may not see, never naming it, and names refs to nothing', async () => {
    await render(
      {
        apiVersion: 'ml-marketplace.io/v1alpha1',
        kind: 'Dataset',
        metadata: { name: 'customers', namespace: 'default' },
        spec: {
          owner: 'data-engineering',
          lifecycle: 'production',
          type: 'table',
          derivedFrom: ['raw-events', 'crm-accounts', 'ghost-data'],
        },
      },
      {
        hidden: ['dataset:default/crm-accounts'],
        missing: ['dataset:default/ghost-data'],
      },
    );
    expect(
      await screen.findByRole('link', { name: 'raw-events' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('ml-refs-hidden')).toHaveTextContent(
      '1 upstream asset not visible to you',
    );
    expect(screen.getByTestId('ml-refs-missing')).toHaveTextContent(
      'not in the catalog: dataset:default/ghost-data',
    );
    expect(document.body).not.toHaveTextContent('crm-accounts');
  });

  it('lists the features of a Feature set', async () => {
    await render({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Feature',
      metadata: { name: 'velocity', namespace: 'default' },
      spec: {
        owner: 'risk-ml',
        lifecycle: 'production',
        sources: ['card-transactions'],
        features: [{ name: 'tx_count_1h', dtype: 'int64' }],
        ttl: 'PT6H',
      },
    });
    expect(screen.getByText('tx_count_1h: int64')).toBeInTheDocument();
    expect(screen.getByText('6 hours')).toBeInTheDocument();
  });

  it('explains itself on an entity that is not an ML asset', async () => {
    await render({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
      spec: {},
    });
    expect(screen.getByText('Not an ML asset')).toBeInTheDocument();
  });
});
