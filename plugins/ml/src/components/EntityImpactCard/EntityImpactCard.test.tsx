import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import type {
  ImpactAnalysis,
  LineageNode,
} from '@ml-marketplace/plugin-ml-common';
import { screen, within } from '@testing-library/react';
import { MlApi, mlApiRef } from '../../api';
import { EntityImpactCard } from './EntityImpactCard';

const dataset: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'customers', namespace: 'default' },
  spec: { owner: 'data-engineering', lifecycle: 'production', type: 'table' },
};
const ROOT = 'dataset:default/customers';

const node = (
  ref: string,
  kind: string,
  distance: number,
  extra: Partial<LineageNode> = {},
): LineageNode => ({ ref, kind, distance, ...extra });

const impact: ImpactAnalysis = {
  root: ROOT,
  groups: [
    {
      owner: 'group:default/growth-ml',
      // Deliberately not nearest first: the card sorts.
      assets: [
        node('component:default/churn-service', 'component', 2, {
          owner: 'group:default/growth-ml',
        }),
        node('model:default/churn-model', 'model', 1, {
          title: 'Churn prediction',
          owner: 'group:default/growth-ml',
        }),
      ],
    },
    {
      assets: [
        node(
          `openlineage:job/${encodeURIComponent('airflow/nightly.export')}`,
          'openlineagejob',
          1,
        ),
      ],
    },
  ],
  total: 3,
  cutoff: false,
};

const render = (api: Partial<MlApi>, entity: Entity = dataset) =>
  renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityImpactCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

describe('EntityImpactCard', () => {
  it('shows progress while the impact loads', async () => {
    const getImpact = jest.fn(() => new Promise<ImpactAnalysis>(() => {}));
    await render({ getImpact });
    expect(
      screen.getByText('Impact: who breaks if this changes'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(getImpact).toHaveBeenCalledWith(ROOT);
  });

  it('shows the error when the impact cannot be read', async () => {
    await render({
      getImpact: jest.fn().mockRejectedValue(new Error('impact is down')),
    });
    expect(
      await screen.findByText('Error: impact is down'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('says so when nothing reads the entity', async () => {
    await render(
      {
        getImpact: jest.fn().mockResolvedValue({
          root: ROOT,
          groups: [],
          total: 0,
          cutoff: false,
        }),
      },
      {
        ...dataset,
        kind: 'Feature',
        metadata: { name: 'velocity', namespace: 'default' },
      },
    );
    expect(
      await screen.findByText('Nothing downstream reads this feature yet'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/downstream assets and/)).not.toBeInTheDocument();
  });

  it('never says nothing reads the entity when what reads it is hidden from the user', async () => {
    await render({
      getImpact: jest.fn().mockResolvedValue({
        root: ROOT,
        groups: [],
        total: 0,
        cutoff: false,
        hidden: 2,
      }),
    });
    expect(await screen.findByTestId('ml-impact-hidden')).toHaveTextContent(
      '2 downstream assets are not visible to you and left out of this list.',
    );
    expect(screen.queryByText(/Nothing downstream/)).not.toBeInTheDocument();
  });

  it('lists downstream assets per owner, nearest first', async () => {
    await render({ getImpact: jest.fn().mockResolvedValue(impact) });
    expect(
      await screen.findByText('3 downstream assets and services'),
    ).toBeInTheDocument();

    const owned = screen.getByRole('region', {
      name: 'Owner group:default/growth-ml',
    });
    expect(
      within(owned).getByRole('link', { name: 'growth-ml' }),
    ).toHaveAttribute('href', '/catalog/default/group/growth-ml');
    const links = within(owned)
      .getAllByRole('link')
      .filter(l => l.textContent !== 'growth-ml');
    expect(links.map(l => l.textContent)).toEqual([
      'Churn prediction',
      'churn-service',
    ]);
    expect(links[0]).toHaveAttribute(
      'href',
      '/catalog/default/model/churn-model',
    );
    expect(links[1]).toHaveAttribute(
      'href',
      '/catalog/default/component/churn-service',
    );
    const items = within(owned).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Model');
    expect(items[0]).toHaveTextContent('1 hop');
    expect(items[1]).toHaveTextContent('Component');
    expect(items[1]).toHaveTextContent('2 hops');

    // Assets without an owner get their own group; external nodes have no page.
    const unowned = screen.getByRole('region', { name: 'Owner none' });
    expect(within(unowned).getByText('No owner')).toBeInTheDocument();
    expect(
      within(unowned).getByText('airflow/nightly.export'),
    ).toBeInTheDocument();
    expect(within(unowned).getByText('external')).toBeInTheDocument();
    expect(within(unowned).getByText('External job')).toBeInTheDocument();
    expect(within(unowned).getByRole('listitem')).toHaveTextContent('1 hop');
    expect(within(unowned).queryByRole('link')).not.toBeInTheDocument();

    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('tells the user when the list was cut off', async () => {
    await render({
      getImpact: jest
        .fn()
        .mockResolvedValue({ ...impact, total: 3, cutoff: true }),
    });
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Showing the first 3 downstream assets',
    );
  });
});
