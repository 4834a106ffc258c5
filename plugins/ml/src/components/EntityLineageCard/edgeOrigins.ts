import {
  DECLARED_USE_EDGE_TYPE,
  type LineageEdge,
} from '@ml-marketplace/plugin-ml-common';

/**
 * Where an edge of the graph is known from: the catalog (or an OpenLineage
 * run), only a registry's records, or only a person who declared it.
 */
export type EdgeOrigin = 'catalog' | 'registry' | 'user';

/** How each origin is drawn: a solid, dashed or dotted line, and a label suffix. */
export const EDGE_ORIGIN_STYLES: Record<
  EdgeOrigin,
  { dash?: string; suffix: string }
> = {
  catalog: { suffix: '' },
  registry: { dash: '5 4', suffix: ' (registry)' },
  user: { dash: '1.5 3', suffix: ' (declared)' },
};

const RANK: Record<EdgeOrigin, number> = { catalog: 0, registry: 1, user: 2 };

export function edgeOrigin(edge: Pick<LineageEdge, 'origin'>): EdgeOrigin {
  return edge.origin ?? 'catalog';
}

/**
 * The origin of a pair that several relations join: the catalog wins, then a
 * registry, then a person (as the backend ranks the origins of a use).
 */
export function strongerOrigin(a: EdgeOrigin, b: EdgeOrigin): EdgeOrigin {
  return RANK[a] <= RANK[b] ? a : b;
}

/** A relation as the edge's label shows it: a declared use reads "uses". */
export function edgeTypeLabel(type: string): string {
  return type === DECLARED_USE_EDGE_TYPE ? 'uses' : type;
}
