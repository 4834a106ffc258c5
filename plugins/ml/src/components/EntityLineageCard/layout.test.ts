import { layoutLineage } from './layout';

const size = { width: 200, height: 54 };
const label = { width: 90, height: 18 };

describe('layoutLineage', () => {
  it('puts upstream assets left of the entity and downstream ones right, a column per hop', () => {
    const { nodes } = layoutLineage(
      'root',
      ['root', 'up1', 'up2', 'down1', 'down2'].map(id => ({ id, ...size })),
      [
        { from: 'up2', to: 'up1', label },
        { from: 'up1', to: 'root', label },
        { from: 'root', to: 'down1', label },
        { from: 'down1', to: 'down2', label },
      ],
    );
    const x = (id: string) => nodes.get(id)!.x;
    expect(x('up2')).toBeLessThan(x('up1'));
    expect(x('up1')).toBeLessThan(x('root'));
    expect(x('root')).toBeLessThan(x('down1'));
    expect(x('down1')).toBeLessThan(x('down2'));
    // A straight chain is drawn level.
    const y = (id: string) => nodes.get(id)!.y;
    expect(new Set(['up2', 'up1', 'root', 'down1', 'down2'].map(y)).size).toBe(
      1,
    );
  });

  it('places a node after the longest path to it, so every edge runs left to right', () => {
    const nodes = ['root', 'a', 'b', 'c'].map(id => ({ id, ...size }));
    const edges = [
      { from: 'a', to: 'root', label },
      { from: 'b', to: 'root', label },
      { from: 'a', to: 'b', label },
      { from: 'c', to: 'a', label },
    ];
    const layout = layoutLineage('root', nodes, edges);
    for (const { from, to } of edges) {
      expect(layout.nodes.get(from)!.x).toBeLessThan(layout.nodes.get(to)!.x);
    }
    expect(layout.edges).toHaveLength(4);
    expect(layout.edges.every(e => e.label && e.path.startsWith('M'))).toBe(
      true,
    );
  });

  it('survives cycles and nodes no edge reaches', () => {
    const layout = layoutLineage(
      'root',
      ['root', 'a', 'b', 'lonely'].map(id => ({ id, ...size, distance: 2 })),
      [
        { from: 'a', to: 'root' },
        { from: 'root', to: 'b' },
        { from: 'b', to: 'a' },
        { from: 'a', to: 'b' },
      ],
    );
    expect(layout.nodes.size).toBe(4);
    expect(layout.edges).toHaveLength(4);
    for (const box of layout.nodes.values()) {
      expect(Number.isFinite(box.x) && Number.isFinite(box.y)).toBe(true);
    }
    expect(layout.width).toBeGreaterThan(0);
  });

  it('routes long edges through the columns between, clear of their nodes', () => {
    // root <- a <- b <- c and c -> root directly: the long edge passes a and b.
    const nodes = ['root', 'a', 'b', 'c'].map(id => ({ id, ...size }));
    const layout = layoutLineage('root', nodes, [
      { from: 'a', to: 'root', label },
      { from: 'b', to: 'a', label },
      { from: 'c', to: 'b', label },
      { from: 'c', to: 'root', label },
    ]);
    const boxes = [
      ...layout.nodes.values(),
      ...layout.edges.map(e => e.label!),
    ];
    for (let i = 0; i < boxes.length; i++) {
      for (const other of boxes.slice(i + 1)) {
        const apart =
          boxes[i].x + boxes[i].width <= other.x ||
          other.x + other.width <= boxes[i].x ||
          boxes[i].y + boxes[i].height <= other.y ||
          other.y + other.height <= boxes[i].y;
        expect(apart).toBe(true);
      }
    }
    // The long edge's label sits in the lane just before the entity.
    const long = layout.edges.find(e => e.from === 'c' && e.to === 'root')!;
    expect(long.label!.x).toBeGreaterThan(layout.nodes.get('a')!.x);
    expect(long.label!.x).toBeLessThan(layout.nodes.get('root')!.x);
  });
});

describe('shared labels', () => {
  const fanIn = (count: number) =>
    layoutLineage(
      'root',
      [
        { id: 'root', ...size },
        ...Array.from({ length: count }, (_, i) => ({ id: `f${i}`, ...size })),
      ],
      Array.from({ length: count }, (_, i) => ({
        from: `f${i}`,
        to: 'root',
        label: { ...label, text: 'consumesFeature' },
      })),
    );

  it('gives three or more neighbouring edges of one relation one label', () => {
    const layout = fanIn(5);
    expect(layout.edges.filter(e => e.label)).toHaveLength(1);
    expect(layout.edges).toHaveLength(5);
  });

  it('labels two edges each', () => {
    expect(fanIn(2).edges.filter(e => e.label)).toHaveLength(2);
  });
});
