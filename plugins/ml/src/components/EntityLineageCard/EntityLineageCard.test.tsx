import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import type {
  LineageGraph,
  LineageNode,
} from '@ml-marketplace/plugin-ml-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { MlApi, mlApiRef } from '../../api';
import { EntityLineageCard, hiddenNotice } from './EntityLineageCard';

const entity: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model', namespace: 'default' },
  spec: { owner: 'group:default/growth-ml', lifecycle: 'production' },
};
jest.setTimeout(20_000);

const ROOT = 'model:default/churn-model';

const node = (
  ref: string,
  kind: string,
  distance: number,
  extra: Partial<LineageNode> = {},
): LineageNode => ({ ref, kind, distance, ...extra });

const graph: LineageGraph = {
  root: ROOT,
  nodes: [
    node(ROOT, 'model', 0, {
      title: 'Churn prediction',
      certification: 'gold',
      health: 'pass',
    }),
    node('dataset:default/customers', 'dataset', 1, {
      certification: 'silver',
      health: 'fail',
    }),
    node('feature:default/customer-activity', 'feature', 1, {
      title: 'Customer activity',
    }),
    node('component:default/churn-service', 'component', 1),
    node(
      `openlineage:dataset/${encodeURIComponent('s3://raw/events')}`,
      'externaldataset',
      2,
    ),
  ],
  edges: [
    { source: 'dataset:default/customers', target: ROOT, type: 'trainedOn' },
    {
      source: 'feature:default/customer-activity',
      target: ROOT,
      type: 'consumesFeatures',
    },
    {
      source: ROOT,
      target: 'component:default/churn-service',
      type: 'dependsOn',
    },
    {
      source: `openlineage:dataset/${encodeURIComponent('s3://raw/events')}`,
      target: 'dataset:default/customers',
      type: 'derivedFrom',
    },
  ],
  cutoff: false,
};

function LocationProbe() {
  return <div data-testid="location">{useLocation().pathname}</div>;
}

const render = (api: Partial<MlApi>) =>
  renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityLineageCard />
        <LocationProbe />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

/** Waits until the graph has laid out and become visible. */
const findNodeLink = (name: RegExp, timeout = 3000) =>
  screen.findByRole('link', { name }, { timeout });

describe('EntityLineageCard', () => {
  it('shows progress while the lineage loads', async () => {
    const getLineage = jest.fn(() => new Promise<LineageGraph>(() => {}));
    await render({ getLineage });
    expect(screen.getByText('Lineage')).toBeInTheDocument();
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(getLineage).toHaveBeenCalledTimes(1);
    expect(getLineage).toHaveBeenCalledWith({
      entityRef: ROOT,
      direction: 'both',
      depth: 2,
    });
  });

  it('shows the error when the lineage cannot be read', async () => {
    await render({
      getLineage: jest.fn().mockRejectedValue(new Error('lineage is down')),
    });
    expect(
      await screen.findByText('Error: lineage is down'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('explains where lineage comes from when there is none', async () => {
    await render({
      getLineage: jest.fn().mockResolvedValue({
        root: ROOT,
        nodes: [node(ROOT, 'model', 0)],
        edges: [],
        cutoff: false,
      }),
    });
    expect(await screen.findByText('No lineage yet')).toBeInTheDocument();
    expect(screen.getByText('consumesFeatures')).toBeInTheDocument();
    expect(screen.getByText(/OpenLineage run events/)).toBeInTheDocument();
    expect(screen.queryByTestId('node')).not.toBeInTheDocument();
  });

  it('says how many assets are not visible to the user instead of claiming there is no lineage', async () => {
    await render({
      getLineage: jest.fn().mockResolvedValue({
        root: ROOT,
        nodes: [node(ROOT, 'model', 0)],
        edges: [],
        cutoff: false,
        hidden: { upstream: 1, downstream: 0 },
      }),
    });
    expect(await screen.findByTestId('ml-lineage-hidden')).toHaveTextContent(
      '1 upstream asset is not visible to you; the graph leaves it out.',
    );
    expect(screen.queryByText('No lineage yet')).not.toBeInTheDocument();
  });

  it('counts hidden assets on both sides', () => {
    expect(hiddenNotice({ upstream: 2, downstream: 1 })).toBe(
      '2 upstream assets and 1 downstream asset are not visible to you; the graph leaves them out.',
    );
  });

  it('draws the graph with kinds, names, relation labels and badges', async () => {
    await render({ getLineage: jest.fn().mockResolvedValue(graph) });

    const root = await findNodeLink(/Churn prediction/);
    expect(root).toHaveAttribute('href', '/catalog/default/model/churn-model');
    expect(root).toHaveAccessibleName(
      'Model, Churn prediction, this entity, Certified gold, Health: passing',
    );
    expect(within(root).getByText('Model · this entity')).toBeInTheDocument();

    // The name stands in for a missing title.
    expect(
      screen.getByRole('link', { name: /^Dataset, customers/ }),
    ).toHaveAttribute('href', '/catalog/default/dataset/customers');
    expect(
      screen.getByRole('link', { name: /^Feature, Customer activity/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^Component, churn-service/ }),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('node')).toHaveLength(5);

    // Edge labels name the relation.
    const labels = screen
      .getAllByTestId('ml-lineage-edge-label')
      .map(l => l.textContent);
    expect(labels.sort()).toEqual([
      'consumesFeatures',
      'dependsOn',
      'derivedFrom',
      'trainedOn',
    ]);

    // Badges carry accessible text, not only a colour.
    expect(
      screen.getByRole('img', { name: 'Certified gold' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Certified silver' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Health: failing' }),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('ml-lineage-health')).toHaveLength(2);
    expect(
      screen.getByRole('img', { name: 'Health: passing' }),
    ).toBeInTheDocument();

    // The legend explains the colours.
    const legend = screen.getByRole('list', { name: 'Legend' });
    expect(within(legend).getByText('Dataset')).toBeInTheDocument();
    expect(
      within(legend).getByText('External (OpenLineage)'),
    ).toBeInTheDocument();

    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('draws lineage only the registry knows as a dashed edge, declared lineage as a solid one', async () => {
    const basket = 'feature:default/basket-signals';
    await render({
      getLineage: jest.fn().mockResolvedValue({
        ...graph,
        nodes: [...graph.nodes, node(basket, 'feature', 1)],
        edges: [
          ...graph.edges,
          {
            source: basket,
            target: ROOT,
            type: 'consumesFeature',
            origin: 'registry',
          },
          // Declared too: drawn as declared.
          {
            source: 'feature:default/customer-activity',
            target: ROOT,
            type: 'consumesFeatures',
            origin: 'registry',
          },
        ],
      }),
    });
    await findNodeLink(/Churn prediction/);
    const labels = screen
      .getAllByTestId('ml-lineage-edge-label')
      .map(l => l.textContent);
    expect(labels).toContain('consumesFeature (registry)');
    expect(labels).toContain('consumesFeatures');
    const dashed = screen
      .getAllByTestId('edge')
      .filter(e => e.getAttribute('stroke-dasharray'));
    expect(dashed).toHaveLength(1);
    const legend = screen.getByRole('list', { name: 'Legend' });
    expect(
      within(legend).getByText('Read per the registry, not declared'),
    ).toBeInTheDocument();
  });

  it('draws a use only a person declared as a dotted edge, and says so in the legend', async () => {
    const checkout = 'component:default/checkout';
    await render({
      getLineage: jest.fn().mockResolvedValue({
        ...graph,
        nodes: [...graph.nodes, node(checkout, 'component', 1)],
        edges: [
          ...graph.edges,
          {
            source: ROOT,
            target: checkout,
            type: 'declaredUse',
            origin: 'user',
          },
          // The catalog says so too: drawn as the catalog's.
          {
            source: ROOT,
            target: 'component:default/churn-service',
            type: 'declaredUse',
            origin: 'user',
          },
        ],
      }),
    });
    await findNodeLink(/Churn prediction/);
    const labels = screen
      .getAllByTestId('ml-lineage-edge-label')
      .map(l => l.textContent);
    expect(labels).toContain('uses (declared)');
    expect(labels).toContain('dependsOn, uses');
    const declared = screen
      .getAllByTestId('edge')
      .filter(e => e.getAttribute('data-origin') === 'user');
    expect(declared).toHaveLength(1);
    expect(declared[0]).toHaveAttribute('stroke-dasharray', '1.5 3');
    expect(
      screen
        .getAllByTestId('edge')
        .filter(e => e.getAttribute('stroke-dasharray')),
    ).toHaveLength(1);
    const legend = screen.getByRole('list', { name: 'Legend' });
    expect(
      within(legend).getByText('Declared by a person'),
    ).toBeInTheDocument();
    expect(
      within(legend).getByText('Read per the registry, not declared'),
    ).toBeInTheDocument();
  });

  it('shows external OpenLineage nodes without a link', async () => {
    await render({ getLineage: jest.fn().mockResolvedValue(graph) });
    await findNodeLink(/Churn prediction/);
    const external = screen.getByTestId('ml-lineage-external');
    expect(within(external).getByText('s3://raw/events')).toBeInTheDocument();
    expect(within(external).getByText('External dataset')).toBeInTheDocument();
    expect(external.closest('a')).toBeNull();
    expect(screen.getAllByRole('link')).toHaveLength(4);
  });

  it('opens the entity page of a clicked node', async () => {
    await render({ getLineage: jest.fn().mockResolvedValue(graph) });
    const dataset = await findNodeLink(/^Dataset, customers/);
    expect(screen.getByTestId('location')).not.toHaveTextContent(
      '/catalog/default/dataset/customers',
    );
    fireEvent.click(dataset);
    expect(screen.getByTestId('location')).toHaveTextContent(
      '/catalog/default/dataset/customers',
    );
  });

  it('asks again with the depth the user selects', async () => {
    const getLineage = jest.fn().mockResolvedValue(graph);
    await render({ getLineage });
    await findNodeLink(/Churn prediction/);
    expect(getLineage).toHaveBeenCalledTimes(1);

    fireEvent.mouseDown(screen.getByRole('button', { name: /Depth/ }));
    fireEvent.click(await screen.findByRole('option', { name: '4' }));

    await waitFor(() => expect(getLineage).toHaveBeenCalledTimes(2));
    expect(getLineage).toHaveBeenLastCalledWith({
      entityRef: ROOT,
      direction: 'both',
      depth: 4,
    });
    expect(screen.getByRole('button', { name: /Depth/ })).toHaveTextContent(
      '4',
    );
  });

  it('tells the user when the graph was cut off', async () => {
    await render({
      getLineage: jest.fn().mockResolvedValue({ ...graph, cutoff: true }),
    });
    expect(
      await screen.findByText(/Showing the first 5 nodes; narrow the depth/),
    ).toBeInTheDocument();
  });

  it('draws a graph of 200 nodes', async () => {
    const nodes: LineageNode[] = [node(ROOT, 'model', 0)];
    const edges: LineageGraph['edges'] = [];
    for (let i = 1; i < 200; i++) {
      const ref = `dataset:default/table-${i}`;
      nodes.push(node(ref, i % 3 ? 'dataset' : 'feature', 1 + (i % 2)));
      // A two-level tree: ten datasets feed the root, the rest feed those.
      const target = i <= 10 ? ROOT : `dataset:default/table-${(i % 10) + 1}`;
      edges.push({ source: ref, target, type: 'derivedFrom' });
    }
    const getLineage = jest
      .fn()
      .mockResolvedValue({ root: ROOT, nodes, edges, cutoff: false });
    await render({ getLineage });

    await findNodeLink(/^Dataset, table-199/, 10000);
    expect(screen.getAllByTestId('node')).toHaveLength(200);
    expect(screen.getAllByRole('link')).toHaveLength(200);
    expect(
      screen.getByLabelText('Lineage graph with 200 nodes'),
    ).toBeInTheDocument();
    expect(getLineage).toHaveBeenCalledTimes(1);
  }, 20000);
});
