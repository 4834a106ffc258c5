import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  mlContentHash,
  type MlCatalogChange,
  type MlCatalogChangesService,
} from '@ml-marketplace/plugin-ml-node';
import { entityRefOf } from '../entityRefs';

export interface CatalogChangeFollowerOptions {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** The content hash an index already has for a ref, if any. */
  knownHash(ref: string): string | undefined;
  /**
   * Whether the indexes have been built. Changes heard before are held until
   * then: the first build may have read the catalog before they reached it.
   * Once built, what the build took in costs no read (after a restart the
   * catalog reprocesses everything).
   */
  isBuilt(): boolean;
  /** Takes in entities as the catalog now serves them. */
  apply(entities: Entity[]): Promise<void>;
  /** Changes heard within this long are read together. @default 250 */
  batchMs?: number;
  /** Between reads of an entity the catalog has not served yet. @default 1000 */
  retryMs?: number;
  /** Reads before a change is left to the next periodic rebuild. @default 8 */
  attempts?: number;
}

/**
 * Follows the catalog's processing of ML entities (see
 * mlCatalogChangesServiceRef) so the indexes take a change in seconds: it
 * reads each changed entity from the catalog once the catalog serves the
 * processed content (stitching comes a moment after processing) and hands
 * it to the indexes. Entities the indexes already have as processed cost
 * nothing, so a restart's reprocessing is not a storm of reads.
 */
export class CatalogChangeFollower {
  private readonly pending = new Map<string, { hash: string; tries: number }>();
  private timer?: ReturnType<typeof setTimeout>;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: CatalogChangeFollowerOptions) {}

  /** Starts following; returns the function that stops. */
  follow(changes: MlCatalogChangesService): () => void {
    const unsubscribe = changes.subscribe(list => this.heard(list));
    return () => {
      this.stopped = true;
      unsubscribe();
      if (this.timer) clearTimeout(this.timer);
    };
  }

  /** Resolves when nothing is pending or being read (for tests). */
  async idle(): Promise<void> {
    while (this.running || this.timer) {
      await (this.running ?? new Promise(r => setTimeout(r, 20)));
    }
  }

  heard(changes: MlCatalogChange[]) {
    const built = this.options.isBuilt();
    for (const { entityRef, hash } of changes) {
      if (built && this.options.knownHash(entityRef) === hash) {
        this.pending.delete(entityRef);
        continue;
      }
      this.pending.set(entityRef, { hash, tries: 0 });
    }
    if (this.pending.size) this.schedule(this.options.batchMs ?? 250);
  }

  private schedule(ms: number) {
    if (this.timer || this.running || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.read()
        .catch(error =>
          this.options.logger.warn(
            `Could not take in catalog changes; the next index rebuild will: ${error}`,
          ),
        )
        .finally(() => {
          this.running = undefined;
          if (this.pending.size) this.schedule(this.options.retryMs ?? 1000);
        });
    }, ms);
  }

  private async read() {
    const { catalog, auth, apply, knownHash, isBuilt } = this.options;
    // Held until the first build; then it is asked again after retryMs.
    if (!isBuilt()) return;
    for (const [ref, wanted] of this.pending) {
      // Taken in by a build since it was heard.
      if (knownHash(ref) === wanted.hash) this.pending.delete(ref);
    }
    const batch = [...this.pending.entries()].slice(0, 200);
    if (!batch.length) return;
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: batch.map(([ref]) => ref) },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const ready: Entity[] = [];
    batch.forEach(([ref, wanted], i) => {
      const entity = items[i];
      // A later notice for the same entity replaced this one meanwhile.
      if (this.pending.get(ref) !== wanted) return;
      if (entity && mlContentHash(entity) === wanted.hash) {
        this.pending.delete(ref);
        ready.push(entity);
      } else if (++wanted.tries >= (this.options.attempts ?? 8)) {
        // Not served as processed yet (or gone): the periodic rebuild will see.
        this.pending.delete(ref);
      }
    });
    if (ready.length) {
      await apply(ready);
      this.options.logger.debug(
        `Took in ${ready.length} catalog change(s): ${ready
          .slice(0, 5)
          .map(entityRefOf)
          .join(', ')}`,
      );
    }
  }
}
