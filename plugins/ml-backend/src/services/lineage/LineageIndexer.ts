import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { DeclaredUseStore } from '../../database/DeclaredUseStore';
import type { LineageStore } from '../../database/LineageStore';
import { lineageRowsOf } from './lineageEdges';

const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.etag',
  'metadata.annotations',
  'spec.lifecycle',
  'relations',
];

export interface SyncResult {
  seen: number;
  changed: number;
  removed: number;
}

/**
 * Keeps the lineage index in step with the catalog. Each sync streams the
 * entities' lineage fields once and writes only what changed since the last
 * sync (by etag), so requests never read the catalog and an unchanged catalog
 * costs no writes.
 */
export class LineageIndexer {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      store: LineageStore;
      logger: LoggerService;
      /**
       * Uses people declared: their edges (never declared by an entity, so
       * never replaced by a sync) follow their consumers in and out of the
       * catalog.
       */
      declaredUses?: Pick<DeclaredUseStore, 'reconcileEdges'>;
    },
  ) {}

  private async reconcileDeclaredUses() {
    try {
      await this.options.declaredUses?.reconcileEdges();
    } catch (error) {
      this.options.logger.warn(
        `Could not update the lineage edges of declared uses: ${error}`,
      );
    }
  }

  /**
   * Writes these entities' lineage now, as the catalog serves them (a
   * change heard of between syncs). Removals wait for the next sync.
   */
  async apply(entities: Entity[]): Promise<void> {
    const rows = [];
    for (const entity of entities) {
      try {
        rows.push(lineageRowsOf(entity));
      } catch (error) {
        this.options.logger.warn(
          `Skipped an entity in the lineage index: ${error}`,
        );
      }
    }
    await this.options.store.upsert(rows);
    if (rows.length) await this.reconcileDeclaredUses();
  }

  async sync(signal?: AbortSignal): Promise<SyncResult> {
    const { catalog, auth, store, logger } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const known = await store.etags();
    const seen = new Set<string>();
    let changed = 0;

    for await (const page of catalog.streamEntities(
      { fields: FIELDS },
      { credentials },
    )) {
      if (signal?.aborted) throw new Error('Lineage sync aborted');
      const updates = [];
      for (const entity of page) {
        try {
          const rows = lineageRowsOf(entity);
          seen.add(rows.node.ref);
          if (known.get(rows.node.ref) !== rows.node.etag) updates.push(rows);
        } catch (error) {
          // One odd entity must not stop the index; it is retried next sync.
          logger.warn(`Skipped an entity in the lineage index: ${error}`);
        }
      }
      await store.upsert(updates);
      changed += updates.length;
    }

    const gone = [...known.keys()].filter(ref => !seen.has(ref));
    await store.remove(gone);
    if (changed || gone.length) await this.reconcileDeclaredUses();
    return { seen: seen.size, changed, removed: gone.length };
  }
}
