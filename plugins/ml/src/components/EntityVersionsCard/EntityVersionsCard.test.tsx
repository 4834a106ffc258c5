import { renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { EntityModelVersion, EntityVersionsCard } from './EntityVersionsCard';

const model = (
  spec: Record<string, unknown> = {},
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: {
    name: 'churn-model',
    namespace: 'default',
    ...(annotations && { annotations }),
  },
  spec: { owner: 'group:default/growth-ml', lifecycle: 'production', ...spec },
});

const render = (entity: Entity, versions?: EntityModelVersion[]) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityVersionsCard versions={versions} />
    </EntityProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

/** The text of the lazily loaded YAML snippet. */
const findSnippet = (pattern: RegExp) =>
  screen.findByText(
    (_, element) =>
      element?.tagName === 'CODE' && pattern.test(element.textContent ?? ''),
  );

describe('EntityVersionsCard', () => {
  it('names the MLflow model from spec.registry and shows the app-config to add', async () => {
    await render(
      model({
        registry: { mlflow: { name: 'churn-model', instance: 'prod' } },
      }),
    );
    expect(screen.getByText('Versions')).toBeInTheDocument();
    expect(screen.getByText('Registry not configured')).toBeInTheDocument();
    const description = screen.getByText(
      (_, element) =>
        element?.tagName === 'P' &&
        element.textContent ===
          'Versions of MLflow model churn-model appear once ml.registries.mlflow is configured in app-config.',
    );
    expect(description).toBeInTheDocument();
    // The snippet uses the instance the entity names.
    expect(
      await findSnippet(/registries:[\s\S]*mlflow:[\s\S]*id: prod/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('reads the MLflow model name from the annotation too', async () => {
    await render(
      model({}, { 'ml-marketplace.io/mlflow-model-name': 'fraud-gbm' }),
    );
    expect(screen.getByText('fraud-gbm')).toBeInTheDocument();
    expect(
      await findSnippet(/registries:[\s\S]*id: default/),
    ).toBeInTheDocument();
  });

  it('explains how to link the model to a registry when it is not linked', async () => {
    await render(model());
    expect(screen.getByText('Not linked to a registry')).toBeInTheDocument();
    expect(screen.getByText('spec.registry.mlflow.name')).toBeInTheDocument();
    expect(
      await findSnippet(/registry:[\s\S]*mlflow:[\s\S]*name: churn-model/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Registry not configured'),
    ).not.toBeInTheDocument();
  });

  it('renders given versions as a table', async () => {
    await render(model({ registry: { mlflow: { name: 'churn-model' } } }), [
      {
        version: '3',
        aliases: ['champion', 'latest'],
        stage: 'Production',
        createdAt: '2025-03-01T10:00:00Z',
        description: 'Adds engagement trends',
      },
      { version: '2', aliases: [] },
    ]);
    const table = screen.getByRole('table', { name: 'Model versions' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('champion')).toBeInTheDocument();
    expect(within(rows[0]).getByText('latest')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Production')).toBeInTheDocument();
    expect(within(rows[0]).getByText('2025-03-01')).toHaveAttribute(
      'datetime',
      '2025-03-01T10:00:00Z',
    );
    expect(
      within(rows[0]).getByText('Adds engagement trends'),
    ).toBeInTheDocument();
    expect(rows[1].textContent).toBe('2———');
    expect(
      screen.queryByText('Registry not configured'),
    ).not.toBeInTheDocument();
  });

  it('says the registry has no versions when given an empty list', async () => {
    await render(model({ registry: { mlflow: { name: 'churn-model' } } }), []);
    expect(screen.getByText('No versions registered yet')).toBeInTheDocument();
    expect(
      screen.getByText('MLflow model churn-model has no versions yet.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('explains itself on an entity that is not a Model', async () => {
    await render({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name: 'customers' },
      spec: { owner: 'data', lifecycle: 'production' },
    });
    expect(
      screen.getByText(
        'Registry versions are shown for Model entities; this entity is a Dataset.',
      ),
    ).toBeInTheDocument();
  });
});
