import type { Knex } from 'knex';
import {
  EXTERNAL_REF_PREFIX,
  type LineageEdgeRow,
  type LineageNodeRow,
} from '../services/lineage/lineageEdges';
import { chunks } from './chunks';

/** Where the lineage index lives. */
export interface LineageStore {
  /** Etag of every indexed entity, to find what changed since the last sync. */
  etags(): Promise<Map<string, string>>;
  /** Replaces the rows of these entities (their node and the edges they declare). */
  upsert(
    entities: Array<{ node: LineageNodeRow; edges: LineageEdgeRow[] }>,
  ): Promise<void>;
  /** Forgets entities that left the catalog, with the edges they declared. */
  remove(refs: string[]): Promise<void>;
  /** Edges leaving (`downstream`) or entering (`upstream`) any of these entities. */
  edgesOf(
    refs: string[],
    direction: 'upstream' | 'downstream',
  ): Promise<LineageEdgeRow[]>;
  nodes(refs: string[]): Promise<LineageNodeRow[]>;
  /** How many distinct entities read each entity directly, for every entity read at all. */
  consumerCounts(): Promise<Map<string, number>>;
  /** Catalog Datasets by the OpenLineage `namespace/name` they declare. */
  refsForOpenLineageKeys(keys: string[]): Promise<Map<string, string>>;
  /**
   * Replaces every edge one OpenLineage job declared with these, adding the
   * external nodes (the job, unmatched datasets) they need.
   */
  replaceExternal(
    declaredBy: string,
    nodes: LineageNodeRow[],
    edges: LineageEdgeRow[],
  ): Promise<void>;
  /** Adds or updates external nodes without touching any edge (OpenLineage DatasetEvents). */
  upsertExternalNodes(nodes: LineageNodeRow[]): Promise<void>;
  /** Records datasets written by a completed run; an older write never replaces a newer one. */
  recordWrites(writes: DatasetWriteRow[]): Promise<void>;
  /** The latest write of every dataset a completed run has reported. */
  lastWrites(): Promise<Map<string, DatasetWriteRow>>;
  /** Records reported schemas; an older one never replaces a newer one. */
  recordSchemas(schemas: DatasetSchemaRow[]): Promise<void>;
  /** The latest schema reported for every dataset that had one. */
  lastSchemas(): Promise<Map<string, DatasetSchemaRow>>;
  /** The latest schema reported for one dataset. */
  schemaOf(openLineageKey: string): Promise<DatasetSchemaRow | undefined>;
}

/** The latest schema reported for a dataset over OpenLineage. */
export interface DatasetSchemaRow {
  openlineage_key: string;
  /** JSON list of `{ name, type }`. */
  fields: string;
  /** ISO 8601 UTC. */
  observed_at: string;
  /** The job (`namespace/name`) or `DatasetEvent`. */
  source: string;
}

/** The latest completed OpenLineage run that wrote a dataset. */
export interface DatasetWriteRow {
  /** OpenLineage `namespace/name` of the dataset. */
  openlineage_key: string;
  /** ISO 8601 UTC. */
  written_at: string;
  /** OpenLineage `namespace/name` of the job. */
  job: string;
  run_id: string | null;
}

export class DatabaseLineageStore implements LineageStore {
  constructor(private readonly db: Knex) {}

  async recordWrites(writes: DatasetWriteRow[]): Promise<void> {
    await this.keepLatest('ml_dataset_writes', 'written_at', writes);
  }

  async recordSchemas(schemas: DatasetSchemaRow[]): Promise<void> {
    await this.keepLatest('ml_dataset_schemas', 'observed_at', schemas);
  }

  async schemaOf(
    openLineageKey: string,
  ): Promise<DatasetSchemaRow | undefined> {
    return this.db<DatasetSchemaRow>('ml_dataset_schemas')
      .where('openlineage_key', openLineageKey)
      .first();
  }

  async lastSchemas(): Promise<Map<string, DatasetSchemaRow>> {
    const rows = await this.db<DatasetSchemaRow>('ml_dataset_schemas').select();
    return new Map(rows.map(r => [r.openlineage_key, r]));
  }

  /**
   * Upserts one row per dataset key, keeping whichever is newer by `at`:
   * events arrive out of order.
   */
  private async keepLatest<R extends { openlineage_key: string }>(
    table: string,
    at: keyof R & string,
    rows: R[],
  ): Promise<void> {
    if (!rows.length) return;
    const time = (r: R) => String(r[at]);
    await this.db.transaction(async tx => {
      const keys = [...new Set(rows.map(r => r.openlineage_key))];
      const known = new Map<string, string>();
      for (const batch of chunks(keys)) {
        for (const row of await tx(table)
          .whereIn('openlineage_key', batch)
          .select('openlineage_key', at)) {
          known.set(row.openlineage_key, row[at]);
        }
      }
      const latest = new Map<string, R>();
      for (const row of rows) {
        const best = latest.get(row.openlineage_key);
        if (!best || time(row) > time(best))
          latest.set(row.openlineage_key, row);
      }
      const newer = [...latest.values()].filter(
        r =>
          !known.has(r.openlineage_key) ||
          time(r) > known.get(r.openlineage_key)!,
      );
      for (const batch of chunks(newer)) {
        await tx(table).insert(batch).onConflict('openlineage_key').merge();
      }
    });
  }

  async lastWrites(): Promise<Map<string, DatasetWriteRow>> {
    const rows = await this.db<DatasetWriteRow>('ml_dataset_writes').select();
    return new Map(rows.map(r => [r.openlineage_key, r]));
  }

  async etags(): Promise<Map<string, string>> {
    // External nodes come from OpenLineage events; a catalog sync never removes them.
    const rows = await this.db<LineageNodeRow>('lineage_nodes')
      .select('ref', 'etag')
      .whereNot('ref', 'like', `${EXTERNAL_REF_PREFIX}%`);
    return new Map(rows.map(r => [r.ref, r.etag]));
  }

  async refsForOpenLineageKeys(keys: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const batch of chunks(keys)) {
      const rows = await this.db<LineageNodeRow>('lineage_nodes')
        .select('ref', 'openlineage_key')
        .whereIn('openlineage_key', batch);
      for (const row of rows) found.set(row.openlineage_key!, row.ref);
    }
    return found;
  }

  async replaceExternal(
    declaredBy: string,
    nodes: LineageNodeRow[],
    edges: LineageEdgeRow[],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('lineage_edges').where('declared_by', declaredBy).delete();
      for (const batch of chunks(nodes)) {
        await tx('lineage_nodes').insert(batch).onConflict('ref').merge();
      }
      for (const batch of chunks(dedupe(edges))) {
        await tx('lineage_edges').insert(batch);
      }
    });
  }

  async upsertExternalNodes(nodes: LineageNodeRow[]): Promise<void> {
    if (!nodes.length) return;
    await this.db.transaction(async tx => {
      for (const batch of chunks(nodes)) {
        await tx('lineage_nodes').insert(batch).onConflict('ref').merge();
      }
    });
  }

  async upsert(
    entities: Array<{ node: LineageNodeRow; edges: LineageEdgeRow[] }>,
  ): Promise<void> {
    if (!entities.length) return;
    await this.db.transaction(async tx => {
      for (const batch of chunks(entities)) {
        const refs = batch.map(e => e.node.ref);
        await tx('lineage_edges').whereIn('declared_by', refs).delete();
        await tx('lineage_nodes').whereIn('ref', refs).delete();
        await tx('lineage_nodes').insert(batch.map(e => e.node));
        const edges = dedupe(batch.flatMap(e => e.edges));
        for (const edgeBatch of chunks(edges)) {
          await tx('lineage_edges').insert(edgeBatch);
        }
      }
    });
  }

  async remove(refs: string[]): Promise<void> {
    if (!refs.length) return;
    await this.db.transaction(async tx => {
      for (const batch of chunks(refs)) {
        await tx('lineage_edges').whereIn('declared_by', batch).delete();
        await tx('lineage_nodes').whereIn('ref', batch).delete();
      }
    });
  }

  async edgesOf(
    refs: string[],
    direction: 'upstream' | 'downstream',
  ): Promise<LineageEdgeRow[]> {
    const column = direction === 'downstream' ? 'source_ref' : 'target_ref';
    const rows: LineageEdgeRow[] = [];
    for (const batch of chunks(refs)) {
      rows.push(
        ...(await this.db<LineageEdgeRow>('lineage_edges').whereIn(
          column,
          batch,
        )),
      );
    }
    return rows;
  }

  async consumerCounts(): Promise<Map<string, number>> {
    const rows = await this.db('lineage_edges')
      .select('source_ref')
      .countDistinct({ n: 'target_ref' })
      .groupBy('source_ref');
    return new Map(rows.map((r: any) => [r.source_ref, Number(r.n)]));
  }

  async nodes(refs: string[]): Promise<LineageNodeRow[]> {
    const rows: LineageNodeRow[] = [];
    for (const batch of chunks(refs)) {
      rows.push(
        ...(await this.db<LineageNodeRow>('lineage_nodes').whereIn(
          'ref',
          batch,
        )),
      );
    }
    return rows;
  }
}

/** One entity may list the same ref twice (`trainedOn: [a, a]`); the primary key allows each edge once. */
function dedupe(edges: LineageEdgeRow[]): LineageEdgeRow[] {
  const seen = new Set<string>();
  return edges.filter(e => {
    const key = `${e.source_ref}\u0000${e.target_ref}\u0000${e.type}\u0000${e.declared_by}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
