import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  formatPath,
  mlRefFields,
  refsAt,
} from '@ml-marketplace/plugin-ml-common';

/** A ref an ML entity writes in its spec, resolved as the catalog processor resolves it. */
export interface DeclaredRef {
  /** Where it is written, e.g. `spec.trainedOn[1]`. */
  field: string;
  /** The top-level spec field, e.g. `trainedOn`. */
  specField: string;
  /** Lower-case full ref. */
  ref: string;
}

// Several checks ask for the same entity's refs in one sweep; entities are
// fresh objects per sweep, so the cache goes with them.
const cache = new WeakMap<Entity, DeclaredRef[]>();

/** Every ref the entity's spec declares, through the shared ref-field table. */
export function declaredRefs(entity: Entity): DeclaredRef[] {
  const cached = cache.get(entity);
  if (cached) return cached;
  const out: DeclaredRef[] = [];
  for (const field of mlRefFields(entity.kind)) {
    for (const [path, value] of refsAt(entity, field.path)) {
      try {
        const ref = stringifyEntityRef(
          parseEntityRef(value, {
            defaultKind: field.defaultKind,
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ).toLocaleLowerCase('en-US');
        out.push({ field: formatPath(path), specField: field.path[1], ref });
      } catch {
        // The processor rejects malformed refs; nothing to resolve here.
      }
    }
  }
  cache.set(entity, out);
  return out;
}

/** Spec fields through which data flows into the entity. */
export const DATA_INPUT_FIELDS = new Set([
  'trainedOn',
  'consumesFeatures',
  'sources',
  'derivedFrom',
]);
