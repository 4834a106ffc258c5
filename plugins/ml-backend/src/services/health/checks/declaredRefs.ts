import type { Entity } from '@backstage/catalog-model';
import {
  declaredRefs as specRefs,
  type DeclaredRef,
} from '@ml-marketplace/plugin-ml-common';

export type { DeclaredRef };

// Several checks ask for the same entity's refs in one sweep; entities are
// fresh objects per sweep, so the cache goes with them.
const cache = new WeakMap<Entity, DeclaredRef[]>();

/** Every ref the entity's spec declares (see ml-common), once per sweep. */
export function declaredRefs(entity: Entity): DeclaredRef[] {
  let refs = cache.get(entity);
  if (!refs) {
    refs = specRefs(entity);
    cache.set(entity, refs);
  }
  return refs;
}

/** Spec fields through which data flows into the entity. */
export const DATA_INPUT_FIELDS = new Set([
  'trainedOn',
  'consumesFeatures',
  'sources',
  'derivedFrom',
]);
