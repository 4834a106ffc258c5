import { z } from 'zod';
import { entityRefParam, wholeNumberParam } from './queryParams';

export const LINEAGE_DEFAULT_DEPTH = 2;
export const LINEAGE_MAX_DEPTH = 5;

/** Query of `GET /api/ml/lineage`. */
export const lineageQuerySchema = z.object({
  entityRef: entityRefParam('model:default/churn-model'),
  direction: z
    .enum(['upstream', 'downstream', 'both'], {
      error: 'direction must be upstream, downstream or both',
    })
    .default('both'),
  depth: wholeNumberParam('depth', {
    max: LINEAGE_MAX_DEPTH,
    default: LINEAGE_DEFAULT_DEPTH,
  }),
});

export type LineageQuery = z.infer<typeof lineageQuerySchema>;

export interface LineageNode {
  ref: string;
  kind: string;
  title?: string;
  owner?: string;
  lifecycle?: string;
  /** Certification level id, when the asset holds one. */
  certification?: string;
  /** Worst health-check status, once the sweep has checked the asset. */
  health?: 'pass' | 'warn' | 'fail';
  /** Hops from the requested entity. */
  distance: number;
}

export interface LineageEdge {
  /** Upstream end: data flows from source to target. */
  source: string;
  target: string;
  /** The relation as its owner declared it, e.g. trainedOn. */
  type: string;
  /**
   * `registry` when only a registry's records say so (a model version's run
   * read the feature view, per Feast's MLflow tags); `user` when only a
   * person declared it ("I use this", type `declaredUse`); absent when the
   * catalog (or an OpenLineage run) says so.
   */
  origin?: 'registry' | 'user';
}

/** Answer of `GET /api/ml/lineage`: the graph around one entity, in one request. */
export interface LineageGraph {
  root: string;
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** True when the node cap stopped the walk before the requested depth. */
  cutoff: boolean;
  /**
   * Assets the walk passed that the caller may not read, left out with their
   * edges: counted, never named. Absent when there are none.
   */
  hidden?: { upstream: number; downstream: number };
}

/** Query of `GET /api/ml/impact`. */
export const impactQuerySchema = z.object({
  entityRef: entityRefParam('dataset:default/customers'),
});

/** Downstream consumers of one owner, nearest first. */
export interface ImpactGroup {
  /** Owning group ref, or undefined for assets without an owner. */
  owner?: string;
  assets: LineageNode[];
}

/** Answer of `GET /api/ml/impact`: who breaks if this entity changes. */
export interface ImpactAnalysis {
  root: string;
  /** Every downstream asset and service, grouped by owner, owners with most assets first. */
  groups: ImpactGroup[];
  total: number;
  cutoff: boolean;
  /** Downstream assets the caller may not read, left out of `groups` and `total`; absent when none. */
  hidden?: number;
}
