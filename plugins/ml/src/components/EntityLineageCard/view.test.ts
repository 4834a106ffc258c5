import { fitView, initialView, zoomAt } from './view';

const viewport = { width: 800, height: 480 };

describe('initialView', () => {
  it('shows a graph that fits whole, centred, never enlarged', () => {
    const view = initialView(
      viewport,
      { width: 400, height: 200 },
      { x: 0, y: 0 },
    );
    expect(view).toEqual({ k: 1, x: 200, y: 140 });
  });

  it('starts at readable size on the entity when the graph does not fit', () => {
    const content = { width: 4000, height: 3000 };
    expect(initialView(viewport, content, { x: 2000, y: 1500 })).toEqual({
      k: 1,
      x: 400 - 2000,
      y: 240 - 1500,
    });
    // Near an edge of the graph, no empty space beyond it.
    expect(initialView(viewport, content, { x: 100, y: 2990 })).toEqual({
      k: 1,
      x: 0,
      y: 480 - 3000,
    });
  });
});

describe('fitView and zoomAt', () => {
  it('fits a large graph by shrinking it, centred', () => {
    const view = fitView(viewport, { width: 1600, height: 480 });
    expect(view.k).toBe(0.5);
    expect(view.x).toBe(0);
    expect(view.y).toBe(120);
  });

  it('keeps the point under the pointer still', () => {
    const start = { k: 1, x: -100, y: -50 };
    const at = { x: 300, y: 200 };
    const next = zoomAt(start, 2, at, viewport, { width: 4000, height: 3000 });
    expect(next.k).toBe(2);
    const contentX = (at.x - start.x) / start.k;
    expect(contentX * next.k + next.x).toBeCloseTo(at.x);
  });
});
