/**
 * The readability rules of the lineage graph, checked on what the card draws:
 * text at 12 px or more at the first view whatever the depth, no node or label
 * over another, full names on hover, pan and zoom instead of shrinking.
 */
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
import { fireEvent, screen, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { MlApi, mlApiRef } from '../../api';
import { EntityLineageCard } from './EntityLineageCard';

const ROOT = 'model:default/churn-model';
const entity: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model', namespace: 'default' },
  spec: { owner: 'group:default/growth-ml', lifecycle: 'production' },
};
/** What jsdom's viewport measures as (it lays nothing out): see usePanZoom. */
const VIEWPORT = { width: 800, height: 480 };

const node = (
  ref: string,
  kind: string,
  distance: number,
  extra: Partial<LineageNode> = {},
): LineageNode => ({ ref, kind, distance, ...extra });

/** Five hops up and down, four assets a hop, long titles, badges on some. */
function depthFiveGraph(): LineageGraph {
  const nodes = [
    node(ROOT, 'model', 0, {
      title: 'Churn prediction',
      certification: 'gold',
      health: 'pass',
    }),
  ];
  const edges: LineageGraph['edges'] = [];
  for (const [side, kind] of [
    [-1, 'dataset'],
    [1, 'model'],
  ] as const) {
    let previous = [ROOT];
    for (let hop = 1; hop <= 5; hop++) {
      const level: string[] = [];
      for (let i = 0; i < 4; i++) {
        const ref = `${kind}:default/${side < 0 ? 'up' : 'down'}-${hop}-${i}`;
        level.push(ref);
        nodes.push(
          node(ref, kind, hop, {
            title: `Customer activity aggregated over ${hop * 30 + i} days`,
            ...(i % 2 ? { certification: 'silver', health: 'warn' } : {}),
          }),
        );
        const other = previous[i % previous.length];
        edges.push(
          side < 0
            ? { source: ref, target: other, type: 'derivedFrom' }
            : { source: other, target: ref, type: 'consumesFeatures' },
        );
      }
      previous = level;
    }
  }
  return { root: ROOT, nodes, edges, cutoff: false };
}

/** 200 nodes: ten datasets feed the root, the rest feed those. */
function twoHundredNodes(): LineageGraph {
  const nodes: LineageNode[] = [node(ROOT, 'model', 0)];
  const edges: LineageGraph['edges'] = [];
  for (let i = 1; i < 200; i++) {
    const ref = `dataset:default/table-${i}`;
    nodes.push(node(ref, i % 3 ? 'dataset' : 'feature', 1 + (i % 2)));
    const target = i <= 10 ? ROOT : `dataset:default/table-${(i % 10) + 1}`;
    edges.push({ source: ref, target, type: 'derivedFrom' });
  }
  return { root: ROOT, nodes, edges, cutoff: false };
}

function LocationProbe() {
  return <div data-testid="location">{useLocation().pathname}</div>;
}

async function renderGraph(graph: LineageGraph) {
  const api: Partial<MlApi> = {
    getLineage: jest.fn().mockResolvedValue(graph),
  };
  await renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityLineageCard />
        <LocationProbe />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return screen.findByLabelText(
    `Lineage graph with ${graph.nodes.length} nodes`,
  );
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  what: string;
}

function translateOf(el: Element): [number, number] {
  const m = /translate\(([-\d.e]+)[ ,]([-\d.e]+)\)/.exec(
    el.getAttribute('transform') ?? '',
  );
  if (!m) throw new Error(`no translate on ${el.outerHTML.slice(0, 80)}`);
  return [Number(m[1]), Number(m[2])];
}

/** The layer's transform: what pan and zoom change. */
function view() {
  const layer = screen.getByTestId('ml-lineage-layer');
  const transform = layer.getAttribute('transform') ?? '';
  const scale = /scale\(([-\d.e]+)\)/.exec(transform);
  const [x, y] = translateOf(layer);
  return { x, y, k: scale ? Number(scale[1]) : 1 };
}

/** Boxes of nodes and edge labels, from the drawing's own attributes. */
function drawnBoxes(svg: Element): Box[] {
  const boxes: Box[] = [];
  for (const g of svg.querySelectorAll('[data-testid="node"]')) {
    const [x, y] = translateOf(g);
    const frame = g.querySelector('rect[data-frame]')!;
    boxes.push({
      x,
      y,
      width: Number(frame.getAttribute('width')),
      height: Number(frame.getAttribute('height')),
      what: `node ${g.getAttribute('data-node-id')}`,
    });
  }
  for (const g of svg.querySelectorAll('[data-testid="label"]')) {
    const [x, y] = translateOf(g);
    const rect = g.querySelector('rect')!;
    boxes.push({
      x,
      y,
      width: Number(rect.getAttribute('width')),
      height: Number(rect.getAttribute('height')),
      what: `label ${g.textContent}`,
    });
  }
  return boxes;
}

function overlapping(boxes: Box[]): string[] {
  const clashes: string[] = [];
  const sorted = [...boxes].sort((a, b) => a.x - b.x);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    for (let j = i + 1; j < sorted.length && sorted[j].x < a.x + a.width; j++) {
      const b = sorted[j];
      if (b.y < a.y + a.height && a.y < b.y + b.height) {
        clashes.push(`${a.what} / ${b.what}`);
      }
    }
  }
  return clashes;
}

/** Smallest font size on screen at the current view, over every text drawn. */
function smallestScreenFont(svg: Element): number {
  const sizes = [...svg.querySelectorAll('text')].map(text =>
    Number(text.getAttribute('font-size')),
  );
  expect(sizes.length).toBeGreaterThan(0);
  expect(sizes.every(size => size > 0)).toBe(true);
  return Math.min(...sizes) * view().k;
}

describe('lineage graph readability', () => {
  it('draws every text at 12 px or more at the first view at depth 5', async () => {
    const svg = await renderGraph(depthFiveGraph());
    expect(smallestScreenFont(svg)).toBeGreaterThanOrEqual(12);
  });

  it('draws every text at 12 px or more at the first view with 200 nodes', async () => {
    const svg = await renderGraph(twoHundredNodes());
    expect(smallestScreenFont(svg)).toBeGreaterThanOrEqual(12);
  });

  it('starts on this entity when the graph does not fit at a readable size', async () => {
    const graph = depthFiveGraph();
    const svg = await renderGraph(graph);
    const root = svg.querySelector(`[data-node-id="${ROOT}"]`)!;
    const [x, y] = translateOf(root);
    const frame = root.querySelector('rect[data-frame]')!;
    const { k, x: tx, y: ty } = view();
    const cx = (x + Number(frame.getAttribute('width')) / 2) * k + tx;
    const cy = (y + Number(frame.getAttribute('height')) / 2) * k + ty;
    // The root is in the middle of its five columns each way: centred.
    expect(Math.abs(cx - VIEWPORT.width / 2)).toBeLessThan(2);
    expect(cy).toBeGreaterThan(0);
    expect(cy).toBeLessThan(VIEWPORT.height);
  });

  it.each([
    ['depth 5', depthFiveGraph],
    ['200 nodes', twoHundredNodes],
  ])('lays out nodes and edge labels without overlap (%s)', async (_, make) => {
    const graph = make();
    const svg = await renderGraph(graph);
    const boxes = drawnBoxes(svg);
    expect(boxes.filter(b => b.what.startsWith('node'))).toHaveLength(
      graph.nodes.length,
    );
    expect(
      boxes.filter(b => b.what.startsWith('label')).length,
    ).toBeGreaterThan(0);
    expect(overlapping(boxes)).toEqual([]);
  });

  it('wraps a long name rather than cutting it, and gives the full name on hover when it must shorten', async () => {
    const wraps = 'Customer activity aggregated over the last 30 days';
    const tooLong =
      'Customer activity aggregated over the last thirty days for every region of the company, including the ones we sold';
    const graph: LineageGraph = {
      root: ROOT,
      nodes: [
        node(ROOT, 'model', 0),
        node('feature:default/a', 'feature', 1, { title: wraps }),
        node('feature:default/b', 'feature', 1, { title: tooLong }),
      ],
      edges: [
        { source: 'feature:default/a', target: ROOT, type: 'consumesFeatures' },
        { source: 'feature:default/b', target: ROOT, type: 'consumesFeatures' },
      ],
      cutoff: false,
    };
    const svg = await renderGraph(graph);

    const nameOf = (ref: string) =>
      svg.querySelector(
        `[data-node-id="${ref}"] [data-testid="ml-lineage-name"]`,
      )!;
    const titleOf = (ref: string) =>
      svg.querySelector(`[data-node-id="${ref}"] title`)!.textContent;

    // Two lines, nothing cut.
    const wrapped = [...nameOf('feature:default/a').querySelectorAll('tspan')];
    expect(wrapped).toHaveLength(2);
    expect(wrapped.map(l => l.textContent).join(' ')).toBe(wraps);

    // Two lines, the second shortened; the node's <title> holds it all.
    const cut = [...nameOf('feature:default/b').querySelectorAll('tspan')];
    expect(cut).toHaveLength(2);
    expect(cut[1].textContent).toMatch(/…$/);
    expect(titleOf('feature:default/b')).toContain(tooLong);
    expect(
      screen.getByRole('link', { name: new RegExp(tooLong) }),
    ).toBeInTheDocument();
  });

  it('zooms with the buttons and the wheel, and Fit shows the whole graph', async () => {
    const svg = await renderGraph(twoHundredNodes());
    const start = view().k;
    expect(start).toBe(1);

    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(view().k).toBeGreaterThan(start);
    fireEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    fireEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    expect(view().k).toBeLessThan(start);

    fireEvent.click(screen.getByRole('button', { name: 'Fit' }));
    const fitted = view();
    const drawn = drawnBoxes(svg);
    const right = Math.max(...drawn.map(b => b.x + b.width));
    const bottom = Math.max(...drawn.map(b => b.y + b.height));
    expect(fitted.k).toBeLessThan(1);
    expect(right * fitted.k + fitted.x).toBeLessThanOrEqual(VIEWPORT.width);
    expect(bottom * fitted.k + fitted.y).toBeLessThanOrEqual(
      VIEWPORT.height + 0.5,
    );

    const before = view().k;
    // The plain wheel scrolls the page, not the graph.
    fireEvent.wheel(screen.getByTestId('ml-lineage-viewport'), {
      deltaY: -200,
      clientX: 400,
      clientY: 240,
    });
    await new Promise(resolve => requestAnimationFrame(resolve));
    expect(view().k).toBe(before);
    fireEvent.wheel(screen.getByTestId('ml-lineage-viewport'), {
      deltaY: -200,
      clientX: 400,
      clientY: 240,
      ctrlKey: true,
    });
    await new Promise(resolve => requestAnimationFrame(resolve));
    expect(view().k).toBeGreaterThan(before);
  });

  it('pans with a drag, and a drag that ends on a node does not open it', async () => {
    const svg = await renderGraph(depthFiveGraph());
    const viewport = screen.getByTestId('ml-lineage-viewport');
    const link = within(svg).getByRole('link', { name: /this entity/ });
    const before = view();

    fireEvent.pointerDown(link, {
      button: 0,
      pointerId: 1,
      clientX: 400,
      clientY: 240,
    });
    fireEvent.pointerMove(viewport, {
      pointerId: 1,
      clientX: 340,
      clientY: 250,
    });
    await new Promise(resolve => requestAnimationFrame(resolve));
    fireEvent.pointerUp(viewport, { pointerId: 1, clientX: 340, clientY: 250 });
    fireEvent.click(link);

    expect(view().x).toBeCloseTo(before.x - 60, 0);
    expect(screen.getByTestId('location')).not.toHaveTextContent(
      '/catalog/default/model/churn-model',
    );
    // A plain click still opens it.
    fireEvent.click(link);
    expect(screen.getByTestId('location')).toHaveTextContent(
      '/catalog/default/model/churn-model',
    );
  });
});
