/**
 * A left-to-right layered layout of a lineage graph, small enough to read in
 * one sitting: upstream assets in columns to the left of the entity,
 * downstream ones to the right, each a column further per hop on the longest
 * path. Between two columns runs a lane holding the edge labels and the
 * waypoints of longer edges; everything in a column or lane is stacked with a
 * margin, so no node or label can overlap another. Three or more neighbouring
 * edges of one relation share one label, in the middle of their bundle.
 *
 * Steps (after Sugiyama): rank, add lane items, order each column by the
 * barycentre of its neighbours, place items near their neighbours without
 * overlap (isotonic regression), route edges through their lane items.
 */

export interface LayoutNodeInput {
  id: string;
  width: number;
  height: number;
  /** Hops from the root, used for nodes no edge reaches. */
  distance?: number;
}

export interface LayoutEdgeInput {
  from: string;
  to: string;
  /** Size of the edge's label, when it has one; `text` tells labels that neighbouring edges may share. */
  label?: { width: number; height: number; text?: string };
}

export interface LayoutBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutEdge {
  /** Index of the edge in the input. */
  index: number;
  from: string;
  to: string;
  /** SVG path from the upstream node's right side to the target's left. */
  path: string;
  /** Where its label goes; none when it shares the label of its bundle. */
  label?: LayoutBox;
}

export interface Layout {
  width: number;
  height: number;
  nodes: Map<string, LayoutBox>;
  edges: LayoutEdge[];
}

export interface LayoutOptions {
  /** Vertical gap between nodes of a column. */
  nodeGap?: number;
  /** Vertical gap between labels and waypoints of a lane. */
  laneGap?: number;
  /** Horizontal gap between a lane's widest label and the columns beside it. */
  laneMargin?: number;
  /** Narrowest a lane may be. */
  minLaneWidth?: number;
  /** Margin around the whole drawing. */
  padding?: number;
}

const SWEEPS = 8;
const PLACEMENTS = 12;
const WAYPOINT_HEIGHT = 4;
/** Neighbouring labels of one text, from this many on, become one. */
const SHARED_LABEL_RUN = 3;

interface Item {
  /** Node id, or undefined for lane items (labels and waypoints). */
  node?: string;
  /** Set on lane items that are an edge's label. */
  label?: { text?: string };
  width: number;
  height: number;
  /** Index of the column (even) or lane (odd). */
  slot: number;
  order: number;
  y: number;
  left: Item[];
  right: Item[];
}

/** Signed rank per node: 0 for the root, negative upstream. */
function rank(
  root: string,
  nodes: LayoutNodeInput[],
  edges: LayoutEdgeInput[],
): Map<string, number> {
  const ids = new Set(nodes.map(n => n.id));
  const out = new Map<string, string[]>();
  const inc = new Map<string, string[]>();
  for (const id of ids) {
    out.set(id, []);
    inc.set(id, []);
  }
  for (const { from, to } of edges) {
    out.get(from)!.push(to);
    inc.get(to)!.push(from);
  }
  const ranks = new Map<string, number>();
  if (!ids.has(root)) return ranks;
  ranks.set(root, 0);

  // Longest path from the root along `next`, back edges (cycles) ignored:
  // nodes in reverse post-order of a depth-first walk, then relaxed.
  const longest = (next: Map<string, string[]>, sign: number) => {
    const post: string[] = [];
    const state = new Map<string, 1 | 2>([[root, 1]]);
    const stack: Array<[string, number]> = [[root, 0]];
    const forward = new Map<string, string[]>();
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [id, i] = top;
      const succ = next.get(id)!;
      if (i < succ.length) {
        top[1]++;
        const s = succ[i];
        if (state.get(s) === 1) continue; // back edge
        if (!forward.has(id)) forward.set(id, []);
        forward.get(id)!.push(s);
        if (!state.has(s)) {
          state.set(s, 1);
          stack.push([s, 0]);
        }
      } else {
        state.set(id, 2);
        post.push(id);
        stack.pop();
      }
    }
    const dist = new Map<string, number>([[root, 0]]);
    for (let i = post.length - 1; i >= 0; i--) {
      const id = post[i];
      const d = dist.get(id) ?? 0;
      for (const s of forward.get(id) ?? []) {
        if ((dist.get(s) ?? -1) < d + 1) dist.set(s, d + 1);
      }
    }
    for (const [id, d] of dist) {
      if (!ranks.has(id)) ranks.set(id, sign * d);
    }
  };
  longest(inc, -1);
  longest(out, 1);

  // Nodes no directed path reaches (their link passes an asset hidden from
  // the user): beside a ranked neighbour, else by their distance upstream.
  let changed = true;
  while (changed) {
    changed = false;
    for (const { from, to } of edges) {
      if (ranks.has(from) && !ranks.has(to)) {
        ranks.set(to, ranks.get(from)! + 1);
        changed = true;
      } else if (ranks.has(to) && !ranks.has(from)) {
        ranks.set(from, ranks.get(to)! - 1);
        changed = true;
      }
    }
  }
  for (const n of nodes) {
    if (!ranks.has(n.id)) ranks.set(n.id, -Math.max(1, n.distance ?? 1));
  }
  return ranks;
}

/**
 * Centres as close to `want` as the order and the gaps allow: isotonic
 * regression (pool adjacent violators) on `want - offset`.
 */
function place(items: Item[], want: number[], gaps: number[]) {
  const offset: number[] = [];
  let acc = 0;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) acc += items[i - 1].height / 2 + gaps[i] + items[i].height / 2;
    offset.push(acc);
  }
  const blocks: Array<{ sum: number; count: number; start: number }> = [];
  for (let i = 0; i < items.length; i++) {
    blocks.push({ sum: want[i] - offset[i], count: 1, start: i });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1];
      const a = blocks[blocks.length - 2];
      if (a.sum / a.count <= b.sum / b.count) break;
      a.sum += b.sum;
      a.count += b.count;
      blocks.pop();
    }
  }
  for (let b = 0; b < blocks.length; b++) {
    const end = b + 1 < blocks.length ? blocks[b + 1].start : items.length;
    const z = blocks[b].sum / blocks[b].count;
    for (let i = blocks[b].start; i < end; i++) items[i].y = z + offset[i];
  }
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

const sign = (v: number) => (v < 0 ? -1 : 1);

/**
 * A smooth curve through points ordered by x (monotone cubic, as d3's
 * curveMonotoneX), level where it leaves the first and reaches the last, so
 * it never overshoots into a neighbour; drawn from the last point when
 * `backwards`.
 */
function curveThrough(points: Array<[number, number]>, backwards = false) {
  const n = points.length;
  const slopes: number[] = new Array(n).fill(0);
  for (let i = 1; i < n - 1; i++) {
    const [x0, y0] = points[i - 1];
    const [x1, y1] = points[i];
    const [x2, y2] = points[i + 1];
    const h0 = x1 - x0;
    const h1 = x2 - x1;
    if (h0 <= 0 || h1 <= 0) continue;
    const s0 = (y1 - y0) / h0;
    const s1 = (y2 - y1) / h1;
    const p = (s0 * h1 + s1 * h0) / (h0 + h1);
    slopes[i] =
      (sign(s0) + sign(s1)) *
        Math.min(Math.abs(s0), Math.abs(s1), 0.5 * Math.abs(p)) || 0;
  }
  const f = (v: number) => Math.round(v * 10) / 10;
  const segments: number[][] = [];
  for (let i = 0; i < n - 1; i++) {
    const [x0, y0] = points[i];
    const [x1, y1] = points[i + 1];
    const dx = (x1 - x0) / 3;
    segments.push([
      x0,
      y0,
      x0 + dx,
      y0 + dx * slopes[i],
      x1 - dx,
      y1 - dx * slopes[i + 1],
      x1,
      y1,
    ]);
  }
  if (backwards) {
    segments.reverse();
    for (const s of segments) {
      const [a, b, c, d, e, g, h, k] = s;
      s.splice(0, 8, h, k, e, g, c, d, a, b);
    }
  }
  let d = `M${f(segments[0][0])},${f(segments[0][1])}`;
  for (const [, y0, c1x, c1y, c2x, c2y, x, y] of segments) {
    d +=
      y0 === y && c1y === y && c2y === y
        ? `H${f(x)}`
        : `C${f(c1x)},${f(c1y)} ${f(c2x)},${f(c2y)} ${f(x)},${f(y)}`;
  }
  return d;
}

export function layoutLineage(
  root: string,
  nodes: LayoutNodeInput[],
  edges: LayoutEdgeInput[],
  options: LayoutOptions = {},
): Layout {
  const {
    nodeGap = 16,
    laneGap = 6,
    laneMargin = 20,
    minLaneWidth = 60,
    padding = 16,
  } = options;
  const ranks = rank(root, nodes, edges);
  const minRank = Math.min(0, ...ranks.values());
  const maxRank = Math.max(0, ...ranks.values());
  const slots: Item[][] = Array.from(
    { length: 2 * (maxRank - minRank) + 1 },
    () => [],
  );
  const add = (item: Omit<Item, 'order' | 'y' | 'left' | 'right'>) => {
    const full: Item = {
      ...item,
      order: slots[item.slot].length,
      y: 0,
      left: [],
      right: [],
    };
    slots[item.slot].push(full);
    return full;
  };
  const link = (a: Item, b: Item) => {
    a.right.push(b);
    b.left.push(a);
  };

  const byId = new Map<string, Item>();
  // Columns start in the answer's order, nearest first.
  for (const n of nodes) {
    const slot = 2 * ((ranks.get(n.id) ?? 0) - minRank);
    byId.set(n.id, add({ node: n.id, width: n.width, height: n.height, slot }));
  }

  // Each edge as a chain through the lanes and columns it crosses; its label
  // in the lane before the target. Edges against the flow (cycles) are laid
  // out reversed; edges within a column are drawn without a lane.
  interface Chain {
    index: number;
    edge: LayoutEdgeInput;
    items: Item[];
    label?: Item;
    reversed: boolean;
  }
  const chains: Chain[] = [];
  edges.forEach((edge, index) => {
    const a = byId.get(edge.from);
    const b = byId.get(edge.to);
    if (!a || !b) return;
    const reversed = a.slot > b.slot;
    const [first, last] = reversed ? [b, a] : [a, b];
    const items: Item[] = [first];
    let label: Item | undefined;
    for (let slot = first.slot + 1; slot < last.slot; slot++) {
      const isLabelSlot = edge.label && slot === last.slot - 1;
      const item = add({
        slot,
        width: isLabelSlot ? edge.label!.width : 0,
        height: isLabelSlot ? edge.label!.height : WAYPOINT_HEIGHT,
        label: isLabelSlot ? { text: edge.label!.text } : undefined,
      });
      if (isLabelSlot) label = item;
      items.push(item);
    }
    items.push(last);
    if (first.slot !== last.slot) {
      for (let i = 1; i < items.length; i++) link(items[i - 1], items[i]);
    }
    chains.push({ index, edge, items, label, reversed });
  });

  // Order: barycentres of the neighbours' orders, sweeping both ways.
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const rightward = sweep % 2 === 0;
    for (let k = 1; k < slots.length; k++) {
      const slot = slots[rightward ? k : slots.length - 1 - k];
      const bary = new Map<Item, number>();
      for (const item of slot) {
        const ns = rightward ? item.left : item.right;
        bary.set(item, ns.length ? mean(ns.map(n => n.order)) : item.order);
      }
      slot.sort((p, q) => bary.get(p)! - bary.get(q)! || p.order - q.order);
      slot.forEach((item, i) => (item.order = i));
    }
  }

  // Runs of labels of one text: the middle one stays, the others become
  // waypoints, so a bundle of 100 edges does not read 100 times the same word.
  for (let s = 1; s < slots.length; s += 2) {
    const lane = slots[s];
    const textOf = (item: Item) => item.label && item.label.text;
    for (let i = 0; i < lane.length; ) {
      const text = textOf(lane[i]);
      let j = i;
      while (text && j + 1 < lane.length && textOf(lane[j + 1]) === text) j++;
      if (j - i + 1 >= SHARED_LABEL_RUN) {
        const keep = Math.floor((i + j) / 2);
        for (let m = i; m <= j; m++) {
          if (m === keep) continue;
          lane[m].label = undefined;
          lane[m].width = 0;
          lane[m].height = WAYPOINT_HEIGHT;
        }
      }
      i = j + 1;
    }
  }

  // Vertical places: each item near the centres of its neighbours.
  const gapsOf = (slot: Item[]) =>
    slot.map((item, i) =>
      i > 0 && item.node && slot[i - 1].node ? nodeGap : laneGap,
    );
  const gaps = slots.map(gapsOf);
  slots.forEach((slot, s) =>
    place(
      slot,
      slot.map(() => 0),
      gaps[s],
    ),
  );
  for (let round = 0; round < PLACEMENTS; round++) {
    const rightward = round % 2 === 0;
    for (let k = 0; k < slots.length; k++) {
      const s = rightward ? k : slots.length - 1 - k;
      const slot = slots[s];
      const want = slot.map(item => {
        const ns = [...item.left, ...item.right];
        return ns.length ? mean(ns.map(n => n.y)) : item.y;
      });
      place(slot, want, gaps[s]);
    }
  }

  // Horizontal places: columns as wide as their widest node, lanes as their
  // widest label.
  const slotX: number[] = [];
  const slotWidth: number[] = [];
  let x = padding;
  slots.forEach((slot, s) => {
    const widest = Math.max(0, ...slot.map(item => item.width));
    const w = s % 2 ? Math.max(minLaneWidth, widest + 2 * laneMargin) : widest;
    slotX.push(x);
    slotWidth.push(w);
    x += w;
  });
  let top = Infinity;
  let bottom = -Infinity;
  for (const slot of slots) {
    for (const item of slot) {
      top = Math.min(top, item.y - item.height / 2);
      bottom = Math.max(bottom, item.y + item.height / 2);
    }
  }
  if (!Number.isFinite(top)) {
    top = 0;
    bottom = 0;
  }
  const dy = padding - top;
  const boxOf = (item: Item): LayoutBox => ({
    x: slotX[item.slot] + (slotWidth[item.slot] - item.width) / 2,
    y: item.y + dy - item.height / 2,
    width: item.width,
    height: item.height,
  });

  const nodeBoxes = new Map<string, LayoutBox>();
  for (const [id, item] of byId) nodeBoxes.set(id, boxOf(item));

  const layoutEdges: LayoutEdge[] = chains.map(chain => {
    const { index, items, label, reversed, edge } = chain;
    const from = byId.get(edge.from)!;
    const to = byId.get(edge.to)!;
    let points: Array<[number, number]>;
    let labelBox = label?.label && boxOf(label);
    if (from.slot === to.slot) {
      // Within one column: a bow to the right of it.
      const a = boxOf(from);
      const b = boxOf(to);
      const bow = slotX[from.slot] + slotWidth[from.slot] + laneMargin;
      points = [
        [a.x + a.width, a.y + a.height / 2],
        [bow, (a.y + b.y + b.height) / 2],
        [b.x + b.width, b.y + b.height / 2],
      ];
      if (edge.label) {
        labelBox = {
          ...edge.label,
          x: bow,
          y: points[1][1] - edge.label.height / 2,
        };
      }
    } else {
      points = [];
      items.forEach((item, i) => {
        const box = boxOf(item);
        const cy = box.y + box.height / 2;
        if (i === 0) points.push([box.x + box.width, cy]);
        else if (i === items.length - 1) points.push([box.x, cy]);
        else if (item.slot % 2) points.push([box.x + box.width / 2, cy]);
        else {
          // Level through a column of nodes, between two of them.
          points.push([slotX[item.slot], cy]);
          points.push([slotX[item.slot] + slotWidth[item.slot], cy]);
        }
      });
    }
    return {
      index,
      from: edge.from,
      to: edge.to,
      path: curveThrough(points, reversed),
      label: labelBox,
    };
  });

  return {
    width: x + padding,
    height: bottom - top + 2 * padding,
    nodes: nodeBoxes,
    edges: layoutEdges,
  };
}
