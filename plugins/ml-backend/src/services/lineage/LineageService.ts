import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type {
  ImpactAnalysis,
  ImpactGroup,
  LineageEdge,
  LineageGraph,
  LineageNode,
  LineageQuery,
} from '@ml-marketplace/plugin-ml-common';

/**
 * How far an impact analysis follows consumers. Deeper than a drawn graph may
 * go: who breaks is worth knowing even six hops away; the node cap still holds.
 */
const IMPACT_DEPTH = 20;
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { LineageStore } from '../../database/LineageStore';
import type { ReadableEntities } from '../access/ReadableEntities';
import { EXTERNAL_REF_PREFIX, edgeOrigin } from './lineageEdges';
import { requestedEntityRef } from '../entityRefs';

export interface LineageServiceOptions {
  store: LineageStore;
  /** Decides what the caller may read: no catalog request when the policy allows reading outright. */
  readable: ReadableEntities;
  catalog: CatalogService;
  /** Most nodes one answer holds; the walk stops there and sets `cutoff`. */
  nodeCap: number;
  /** Certification level and health of the nodes, from the backend's own tables. */
  trust?: (refs: string[]) => Promise<Map<string, NodeTrust>>;
}

export interface NodeTrust {
  certification?: string;
  health?: 'pass' | 'warn' | 'fail';
}

/**
 * Answers lineage questions from the index: a breadth-first walk, one query per
 * level, bounded by depth and a node cap, terminating on cycles. What the
 * caller may not read is removed, with every edge that touches it, by asking
 * the catalog once with the caller's own credentials.
 */
export class LineageService {
  constructor(private readonly options: LineageServiceOptions) {}

  /**
   * Every downstream asset and service of one entity, grouped by owner with the
   * length of the shortest path: "who breaks if this dataset or feature changes".
   */
  async impact(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ImpactAnalysis> {
    const graph = await this.walk(
      { entityRef, direction: 'downstream', depth: IMPACT_DEPTH },
      credentials,
    );
    const byOwner = new Map<string | undefined, LineageNode[]>();
    for (const node of graph.nodes) {
      if (node.ref === graph.root) continue;
      const list = byOwner.get(node.owner) ?? [];
      list.push(node);
      byOwner.set(node.owner, list);
    }
    const groups: ImpactGroup[] = [...byOwner.entries()]
      .map(([owner, assets]) => ({ ...(owner && { owner }), assets }))
      .sort(
        (a, b) =>
          b.assets.length - a.assets.length ||
          (a.owner ?? '~').localeCompare(b.owner ?? '~'),
      );
    return {
      root: graph.root,
      groups,
      total: graph.nodes.length - 1,
      cutoff: graph.cutoff,
      ...(graph.hidden?.downstream && { hidden: graph.hidden.downstream }),
    };
  }

  async lineage(
    query: LineageQuery,
    credentials: BackstageCredentials,
  ): Promise<LineageGraph> {
    return this.walk(query, credentials);
  }

  private async walk(
    query: LineageQuery,
    credentials: BackstageCredentials,
  ): Promise<LineageGraph> {
    const root = normalizeRef(query.entityRef);
    const directions: Array<'upstream' | 'downstream'> =
      query.direction === 'both'
        ? ['upstream', 'downstream']
        : [query.direction];

    const distance = new Map<string, number>([[root, 0]]);
    // Which way each node was reached, to count hidden ones per side.
    const side = new Map<string, 'upstream' | 'downstream'>();
    const edges = new Map<string, LineageEdge>();
    let cutoff = false;

    for (const direction of directions) {
      let frontier = [root];
      for (
        let level = 1;
        level <= query.depth && frontier.length && !cutoff;
        level++
      ) {
        const next: string[] = [];
        for (const row of await this.options.store.edgesOf(
          frontier,
          direction,
        )) {
          const other =
            direction === 'downstream' ? row.target_ref : row.source_ref;
          if (!distance.has(other)) {
            if (distance.size >= this.options.nodeCap) {
              cutoff = true;
              continue;
            }
            distance.set(other, level);
            side.set(other, direction);
            next.push(other);
          }
          const key = `${row.source_ref}|${row.target_ref}|${row.type}`;
          const origin = edgeOrigin(row.declared_by);
          const weak = origin === 'registry' || origin === 'user';
          // An edge both declared and seen in the registry is declared.
          if (!weak || !edges.has(key)) {
            edges.set(key, {
              source: row.source_ref,
              target: row.target_ref,
              type: row.type,
              ...(weak && { origin }),
            });
          }
        }
        frontier = next;
      }
    }

    const readable = await this.readableRefs([...distance.keys()], credentials);
    // Rows of unreadable refs too: the index holding one is what tells an
    // asset hidden from the caller from a ref to nothing.
    const rows = new Map(
      (await this.options.store.nodes([...distance.keys()])).map(row => [
        row.ref,
        row,
      ]),
    );
    const hidden = { upstream: 0, downstream: 0 };
    for (const [ref, way] of side) {
      if (!readable.has(ref) && rows.has(ref)) hidden[way]++;
    }
    // A root the index does not hold may be new since the last sync: only
    // then is the catalog asked whether it exists at all.
    const rootKnown =
      readable.has(root) &&
      (rows.has(root) ||
        root.startsWith(EXTERNAL_REF_PREFIX) ||
        !!(await this.options.catalog.getEntityByRef(root, { credentials })));
    if (!rootKnown) {
      throw new NotFoundError(
        `No entity ${query.entityRef} in the catalog, or you may not read it`,
      );
    }
    const trust =
      (await this.options.trust?.([...readable])) ??
      new Map<string, NodeTrust>();
    const nodes: LineageNode[] = [...readable].map(ref => {
      const row = rows.get(ref);
      return {
        ...trust.get(ref),
        ref,
        kind: row?.kind ?? parseEntityRef(ref).kind,
        ...(row?.title && { title: row.title }),
        ...(row?.owner && { owner: row.owner }),
        ...(row?.lifecycle && { lifecycle: row.lifecycle }),
        distance: distance.get(ref)!,
      };
    });
    return {
      root,
      nodes: nodes.sort(
        (a, b) => a.distance - b.distance || a.ref.localeCompare(b.ref),
      ),
      edges: withoutRedundantDeclarations([...edges.values()]).filter(
        e => readable.has(e.source) && readable.has(e.target),
      ),
      cutoff,
      ...((hidden.upstream || hidden.downstream) && { hidden }),
    };
  }

  /** The refs the caller may read; external OpenLineage nodes are not catalog entities and any caller sees them. */
  private async readableRefs(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const external = refs.filter(ref => ref.startsWith(EXTERNAL_REF_PREFIX));
    const readable = await this.options.readable.filter(
      refs.filter(ref => !ref.startsWith(EXTERNAL_REF_PREFIX)),
      credentials,
    );
    return new Set([...external, ...readable]);
  }
}

/**
 * A use a person declared is drawn only while nothing else connects the two:
 * once the catalog (or a registry, or a run) says so too, its edge is shown.
 */
function withoutRedundantDeclarations(edges: LineageEdge[]): LineageEdge[] {
  const pair = (e: LineageEdge) => `${e.source}|${e.target}`;
  const known = new Set(edges.filter(e => e.origin !== 'user').map(pair));
  return edges.filter(e => e.origin !== 'user' || !known.has(pair(e)));
}

function normalizeRef(ref: string): string {
  return ref.startsWith(EXTERNAL_REF_PREFIX) ? ref : requestedEntityRef(ref);
}
