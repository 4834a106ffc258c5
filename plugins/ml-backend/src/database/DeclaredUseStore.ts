import { DECLARED_USE_EDGE_TYPE } from '@ml-marketplace/plugin-ml-common';
import type { Knex } from 'knex';
import {
  USER_EDGE_PREFIX,
  type LineageEdgeRow,
} from '../services/lineage/lineageEdges';
import { chunks } from './chunks';

/** One use of an asset that a person declared. */
export interface DeclaredUseRow {
  asset_ref: string;
  consumer_ref: string;
  /** The declaring user's ref. */
  declared_by: string;
  /** ISO 8601 UTC. */
  declared_at: string;
  note: string | null;
}

/** `declared_by` of the lineage edge of a use declared for `consumer`. */
export const userEdgeDeclarer = (consumer: string) =>
  `${USER_EDGE_PREFIX}${consumer}`;

/** The lineage edge a declared use stands for: data flows from the asset to its consumer. */
export function edgeOfDeclaredUse(
  use: Pick<DeclaredUseRow, 'asset_ref' | 'consumer_ref'>,
): LineageEdgeRow {
  return {
    source_ref: use.asset_ref,
    target_ref: use.consumer_ref,
    type: DECLARED_USE_EDGE_TYPE,
    declared_by: userEdgeDeclarer(use.consumer_ref),
  };
}

const edgeKey = (e: LineageEdgeRow) =>
  `${e.source_ref}\u0000${e.target_ref}\u0000${e.type}\u0000${e.declared_by}`;

/**
 * Uses people declared ("I use this"), and the lineage edges they stand for.
 * A declaration and its edge are written and removed in one transaction, so
 * the lineage graph, reuse counts, KPIs and the sweep's notices see a
 * declared use as soon as it is made. Refs are stored lower case.
 */
export class DeclaredUseStore {
  constructor(private readonly db: Knex) {}

  /**
   * Records a use unless it is already declared; either way answers the
   * stored declaration and whether this call made it.
   */
  async declare(
    use: DeclaredUseRow,
  ): Promise<{ use: DeclaredUseRow; created: boolean }> {
    return this.db.transaction(async tx => {
      const existing = await tx<DeclaredUseRow>('ml_declared_uses')
        .where({ asset_ref: use.asset_ref, consumer_ref: use.consumer_ref })
        .first();
      if (existing) return { use: existing, created: false };
      // Two people declaring the same use at once: the first one stands.
      await tx('ml_declared_uses')
        .insert(use)
        .onConflict(['asset_ref', 'consumer_ref'])
        .ignore();
      await tx('lineage_edges')
        .insert(edgeOfDeclaredUse(use))
        .onConflict(['source_ref', 'target_ref', 'type', 'declared_by'])
        .ignore();
      const stored = (await tx<DeclaredUseRow>('ml_declared_uses')
        .where({ asset_ref: use.asset_ref, consumer_ref: use.consumer_ref })
        .first())!;
      return {
        use: stored,
        created:
          stored.declared_by === use.declared_by &&
          stored.declared_at === use.declared_at,
      };
    });
  }

  /** Withdraws a declared use and its edge; false when there was none. */
  async withdraw(asset: string, consumer: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const deleted = await tx('ml_declared_uses')
        .where({ asset_ref: asset, consumer_ref: consumer })
        .delete();
      await tx('lineage_edges')
        .where(edgeOfDeclaredUse({ asset_ref: asset, consumer_ref: consumer }))
        .delete();
      return deleted > 0;
    });
  }

  async get(
    asset: string,
    consumer: string,
  ): Promise<DeclaredUseRow | undefined> {
    return this.db<DeclaredUseRow>('ml_declared_uses')
      .where({ asset_ref: asset, consumer_ref: consumer })
      .first();
  }

  /** Every declared use of one asset, oldest first. */
  async usesOf(asset: string): Promise<DeclaredUseRow[]> {
    return this.db<DeclaredUseRow>('ml_declared_uses')
      .where('asset_ref', asset)
      .orderBy([
        { column: 'declared_at', order: 'asc' },
        { column: 'consumer_ref', order: 'asc' },
      ]);
  }

  /**
   * Brings the declared-use edges of the lineage index in line with the
   * declarations: an edge for every declared use whose consumer the index
   * holds, none for a consumer that left the catalog (it comes back with the
   * entity). Writes only the differences; answers how many edges it added
   * and removed.
   */
  async reconcileEdges(): Promise<{ added: number; removed: number }> {
    return this.db.transaction(async tx => {
      const declared = await tx<DeclaredUseRow>('ml_declared_uses')
        .join(
          'lineage_nodes',
          'lineage_nodes.ref',
          'ml_declared_uses.consumer_ref',
        )
        .select('ml_declared_uses.asset_ref', 'ml_declared_uses.consumer_ref');
      const wanted = new Map(
        declared.map(d => {
          const edge = edgeOfDeclaredUse(d);
          return [edgeKey(edge), edge];
        }),
      );
      const existing = await tx<LineageEdgeRow>('lineage_edges')
        .where('declared_by', 'like', `${USER_EDGE_PREFIX}%`)
        .select();
      const have = new Set(existing.map(edgeKey));
      const stale = existing.filter(e => !wanted.has(edgeKey(e)));
      for (const edge of stale) {
        await tx('lineage_edges').where(edge).delete();
      }
      const missing = [...wanted.values()].filter(e => !have.has(edgeKey(e)));
      for (const batch of chunks(missing)) {
        await tx('lineage_edges').insert(batch);
      }
      return { added: missing.length, removed: stale.length };
    });
  }
}
