import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import { mlApiRef } from '../../api';
import { EntityRecommendationsCard } from './EntityRecommendationsCard';

const entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model', namespace: 'default' },
  spec: {},
};

const asset = (name: string, title: string): MarketplaceAsset => ({
  ref: `model:default/${name}`,
  kind: 'Model',
  namespace: 'default',
  name,
  title,
  tags: [],
  dataSources: [],
  consumers: 0,
  certification: 'silver',
});

const render = (getRelated: jest.Mock) =>
  renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, { getRelated }]]}>
      <EntityProvider entity={entity}>
        <EntityRecommendationsCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

describe('EntityRecommendationsCard', () => {
  it('shows progress while loading', async () => {
    await render(jest.fn(() => new Promise(() => {})));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the error', async () => {
    await render(jest.fn().mockRejectedValue(new Error('no recommendations')));
    expect(
      (await screen.findAllByText(/no recommendations/)).length,
    ).toBeGreaterThan(0);
  });

  it('says when there is nothing to recommend', async () => {
    await render(
      jest.fn().mockResolvedValue({ similar: [], usedTogether: [] }),
    );
    expect(await screen.findByText(/Nothing similar yet/)).toBeInTheDocument();
    expect(
      screen.getByText('Nothing reads this together with other assets yet.'),
    ).toBeInTheDocument();
  });

  it('lists similar assets with reasons and assets used together', async () => {
    const getRelated = jest.fn().mockResolvedValue({
      similar: [
        {
          asset: asset('fraud-gbm', 'Card fraud'),
          reasons: ['same task: binary-classification', '2 shared inputs'],
        },
      ],
      usedTogether: [
        { asset: asset('ltv', 'Customer lifetime value'), sharedConsumers: 2 },
      ],
    });
    await render(getRelated);
    expect(
      await screen.findByRole('link', { name: 'Card fraud' }),
    ).toHaveAttribute('href', '/catalog/default/model/fraud-gbm');
    expect(
      screen.getByText('same task: binary-classification · 2 shared inputs'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('read together by 2 consumers'),
    ).toBeInTheDocument();
    expect(screen.getAllByLabelText('Certified silver')).toHaveLength(2);
    expect(getRelated).toHaveBeenCalledWith('model:default/churn-model');
    expect(screen.queryByText('deprecated')).not.toBeInTheDocument();
  });

  it('marks a deprecated recommendation', async () => {
    await render(
      jest.fn().mockResolvedValue({
        similar: [
          {
            asset: {
              ...asset('churn-v0', 'Churn (legacy)'),
              lifecycle: 'deprecated',
            },
            reasons: ['same task: binary-classification'],
          },
        ],
        usedTogether: [],
      }),
    );
    const item = (
      await screen.findByRole('link', { name: 'Churn (legacy)' })
    ).closest('li')!;
    expect(item).toHaveTextContent('deprecated');
  });
});
