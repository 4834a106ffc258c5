import { z } from 'zod';

export const LINEAGE_DEFAULT_DEPTH = 2;
export const LINEAGE_MAX_DEPTH = 5;

/** Query of `GET /api/ml/lineage`. */
export const lineageQuerySchema = z.object({
  entityRef: z
    .string({
      error: 'entityRef is required, e.g. ?entityRef=model:default/churn-model',
    })
    .min(1, { error: 'entityRef must not be empty' }),
  direction: z
    .enum(['upstream', 'downstream', 'both'], {
      error: 'direction must be upstream, downstream or both',
    })
    .default('both'),
  depth: z.coerce
    .number({ error: `depth must be a number from 1 to ${LINEAGE_MAX_DEPTH}` })
    .int({
      error: `depth must be a whole number from 1 to ${LINEAGE_MAX_DEPTH}`,
    })
    .min(1, { error: `depth must be from 1 to ${LINEAGE_MAX_DEPTH}` })
    .max(LINEAGE_MAX_DEPTH, {
      error: `depth must be from 1 to ${LINEAGE_MAX_DEPTH}`,
    })
    .default(LINEAGE_DEFAULT_DEPTH),
});

export type LineageQuery = z.infer<typeof lineageQuerySchema>;

export interface LineageNode {
  ref: string;
  kind: string;
  title?: string;
  owner?: string;
  lifecycle?: string;
  /** Hops from the requested entity. */
  distance: number;
}

export interface LineageEdge {
  /** Upstream end: data flows from source to target. */
  source: string;
  target: string;
  /** The relation as its owner declared it, e.g. trainedOn. */
  type: string;
}

/** Answer of `GET /api/ml/lineage`: the graph around one entity, in one request. */
export interface LineageGraph {
  root: string;
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** True when the node cap stopped the walk before the requested depth. */
  cutoff: boolean;
}
