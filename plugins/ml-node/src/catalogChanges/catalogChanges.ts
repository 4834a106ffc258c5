import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { createHash } from 'node:crypto';

/** One Model, Feature or Dataset whose content the catalog just processed. */
export interface MlCatalogChange {
  /** Lower-case entity ref. */
  entityRef: string;
  /** {@link mlContentHash} of what was processed. */
  hash: string;
}

export type MlCatalogChangeListener = (changes: MlCatalogChange[]) => void;

/**
 * In-process notice board between the catalog module, which sees every ML
 * entity as the catalog processes it, and the `ml` backend, whose indexes
 * would otherwise learn of a change on their next periodic rebuild. Another
 * replica's processing is not heard here; the periodic rebuild covers it.
 */
export interface MlCatalogChangesService {
  notify(changes: MlCatalogChange[]): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: MlCatalogChangeListener): () => void;
}

class InProcessCatalogChanges implements MlCatalogChangesService {
  private readonly listeners = new Set<MlCatalogChangeListener>();

  notify(changes: MlCatalogChange[]) {
    if (!changes.length) return;
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch {
        // A listener's failure is its own; processing goes on.
      }
    }
  }

  subscribe(listener: MlCatalogChangeListener) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/**
 * Root-scoped so the catalog module and the `ml` backend share one board in
 * a backend; it has a default factory, so nothing needs installing.
 */
export const mlCatalogChangesServiceRef =
  createServiceRef<MlCatalogChangesService>({
    id: 'ml.catalog-changes',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => new InProcessCatalogChanges(),
      }),
  });

/** JSON with object keys sorted, so equal content hashes equally. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map(
        k =>
          `${JSON.stringify(k)}:${stable(
            (value as Record<string, unknown>)[k],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A hash of what an entity's author wrote (its spec and descriptive
 * metadata), equal for the entity as processed and as later served by the
 * catalog, so a reader can tell whether the catalog serves the new content yet.
 */
export function mlContentHash(entity: Entity): string {
  const { name, namespace, title, description, tags, labels } = entity.metadata;
  return createHash('sha256')
    .update(
      stable({
        kind: entity.kind.toLocaleLowerCase('en-US'),
        name,
        namespace: namespace ?? 'default',
        title,
        description,
        tags,
        labels,
        spec: entity.spec,
      }),
    )
    .digest('base64url')
    .slice(0, 22);
}
