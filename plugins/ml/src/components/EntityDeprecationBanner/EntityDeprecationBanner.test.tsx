import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { act, screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import type { ImpactAnalysis } from '@ml-marketplace/plugin-ml-common';
import { mlApiRef } from '../../api';
import { referencesOf } from '../../__testUtils__/references';
import { EntityDeprecationBanner } from './EntityDeprecationBanner';

const deprecatedModel: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model-v0', namespace: 'default' },
  spec: {
    owner: 'group:default/growth-ml',
    lifecycle: 'deprecated',
    deprecation: {
      reason: 'Superseded by churn-model, which adds engagement features.',
      replacedBy: 'model:default/churn-model',
      sunsetDate: '2999-03-31',
    },
  },
};

const impact: ImpactAnalysis = {
  root: 'model:default/churn-model-v0',
  groups: [
    {
      owner: 'group:default/growth-ml',
      assets: [
        {
          ref: 'component:default/churn-service',
          kind: 'Component',
          title: 'Churn service',
          distance: 1,
        },
        // Two hops away: not a direct consumer.
        {
          ref: 'component:default/retention-dashboard',
          kind: 'Component',
          distance: 2,
        },
      ],
    },
    {
      owner: 'group:default/crm',
      assets: [
        { ref: 'model:default/upsell-model', kind: 'Model', distance: 1 },
        // Listed again under another owner: shown once.
        {
          ref: 'component:default/churn-service',
          kind: 'Component',
          distance: 1,
        },
      ],
    },
  ],
  total: 3,
  cutoff: false,
};

const render = (
  mlApi: { getImpact: jest.Mock },
  entity: Entity,
  hidden: string[] = [],
) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [
          mlApiRef,
          {
            getReferences: async () => referencesOf(entity, { hidden }),
            ...mlApi,
          },
        ],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityDeprecationBanner />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

describe('EntityDeprecationBanner', () => {
  it('names the reason, sunset date, successor and the direct consumers to migrate', async () => {
    const mlApi = { getImpact: jest.fn().mockResolvedValue(impact) };
    await render(mlApi, deprecatedModel);

    const banner = screen.getByRole('alert');
    expect(
      within(banner).getByText('Warning: This model is deprecated'),
    ).toBeInTheDocument();
    expect(
      within(banner).getByText(
        'Superseded by churn-model, which adds engagement features.',
      ),
    ).toBeInTheDocument();
    expect(within(banner).getByText('2999-03-31')).toHaveAttribute(
      'datetime',
      '2999-03-31',
    );
    expect(
      await within(banner).findByRole('link', { name: 'churn-model' }),
    ).toHaveAttribute('href', '/catalog/default/model/churn-model');

    const consumers = await within(banner).findByRole('list', {
      name: 'Consumers to migrate',
    });
    const links = within(consumers).getAllByRole('link');
    expect(links.map(l => l.textContent)).toEqual([
      'Churn service',
      'upsell-model',
    ]);
    expect(links[0]).toHaveAttribute(
      'href',
      '/catalog/default/component/churn-service',
    );
    expect(
      within(banner).getByText('Consumers to migrate (2):'),
    ).toBeInTheDocument();
    expect(
      within(banner).queryByText('retention-dashboard'),
    ).not.toBeInTheDocument();
    expect(mlApi.getImpact).toHaveBeenCalledWith(
      'model:default/churn-model-v0',
    );
  });

  it('shows the banner without consumers while the impact is loading', async () => {
    const mlApi = { getImpact: jest.fn(() => new Promise<never>(() => {})) };
    await render(mlApi, deprecatedModel);
    expect(
      screen.getByText('Warning: This model is deprecated'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'churn-model' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Consumers to migrate/)).not.toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('shows the banner without consumers when the impact cannot be read', async () => {
    const mlApi = {
      getImpact: jest.fn().mockRejectedValue(new Error('lineage is down')),
    };
    await render(mlApi, deprecatedModel);
    // Wait for the rejection to settle before asserting the absence.
    await act(() => new Promise(resolve => setTimeout(resolve, 0)));
    expect(mlApi.getImpact).toHaveBeenCalledTimes(1);
    expect(
      screen.getByText(
        'Superseded by churn-model, which adds engagement features.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Consumers to migrate/)).not.toBeInTheDocument();
    expect(screen.queryByText(/lineage is down/)).not.toBeInTheDocument();
  });

  it('says when nothing reads the deprecated asset', async () => {
    const mlApi = {
      getImpact: jest
        .fn()
        .mockResolvedValue({ ...impact, groups: [], total: 0 }),
    };
    await render(mlApi, deprecatedModel);
    expect(
      await screen.findByText('none: nothing reads this model directly'),
    ).toBeInTheDocument();
  });

  it('counts a successor and consumers the user may not see, never naming them or saying nothing reads it', async () => {
    const mlApi = {
      getImpact: jest
        .fn()
        .mockResolvedValue({ ...impact, groups: [], total: 0, hidden: 2 }),
    };
    await render(mlApi, deprecatedModel, ['model:default/churn-model']);
    expect(
      await screen.findByText('1 asset not visible to you'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'churn-model' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(/^Replaced by/).parentElement,
    ).not.toHaveTextContent('model:default/churn-model');
    expect(
      await screen.findByText(
        'none you may see: 2 downstream assets are not visible to you.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/nothing reads/)).not.toBeInTheDocument();
  });

  it('marks a sunset date that has passed and leaves out a missing successor', async () => {
    const mlApi = { getImpact: jest.fn().mockResolvedValue(impact) };
    await render(mlApi, {
      ...deprecatedModel,
      spec: {
        owner: 'group:default/growth-ml',
        lifecycle: 'deprecated',
        deprecation: {
          reason: 'No longer maintained',
          sunsetDate: '2020-01-31',
        },
      },
    });
    expect(screen.getByText('No longer maintained')).toBeInTheDocument();
    expect(screen.getByText('2020-01-31').parentElement).toHaveTextContent(
      'Sunset date: 2020-01-31 (passed)',
    );
    expect(screen.queryByText(/Replaced by/)).not.toBeInTheDocument();
    expect(
      await screen.findByRole('list', { name: 'Consumers to migrate' }),
    ).toBeInTheDocument();
  });

  it('warns on a deprecated Dataset too, which declares no deprecation details', async () => {
    const mlApi = { getImpact: jest.fn().mockResolvedValue(impact) };
    await render(mlApi, {
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name: 'support-tickets-2022', namespace: 'default' },
      spec: { owner: 'data', lifecycle: 'deprecated' },
    });
    expect(
      screen.getByText('Warning: This dataset is deprecated'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Its owner has set spec.lifecycle to deprecated: ask them before building on it.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Sunset date/)).not.toBeInTheDocument();
    expect(
      await screen.findByRole('list', { name: 'Consumers to migrate' }),
    ).toBeInTheDocument();
    expect(mlApi.getImpact).toHaveBeenCalledWith(
      'dataset:default/support-tickets-2022',
    );
  });

  it('renders nothing and calls no API for a production entity', async () => {
    const mlApi = { getImpact: jest.fn() };
    const { container } = await render(mlApi, {
      ...deprecatedModel,
      spec: { owner: 'group:default/growth-ml', lifecycle: 'production' },
    });
    expect(container).toBeEmptyDOMElement();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(mlApi.getImpact).not.toHaveBeenCalled();
  });

  it('renders nothing for a deprecated entity that is not an ML asset', async () => {
    const mlApi = { getImpact: jest.fn() };
    const { container } = await render(mlApi, {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'legacy-service' },
      spec: { owner: 'team', lifecycle: 'deprecated', type: 'service' },
    });
    expect(container).toBeEmptyDOMElement();
    expect(mlApi.getImpact).not.toHaveBeenCalled();
  });
});
