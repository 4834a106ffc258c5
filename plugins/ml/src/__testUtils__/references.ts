import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  declaredRefs,
  type EntityReferences,
} from '@ml-marketplace/plugin-ml-common';

/**
 * What `GET /references` answers for `entity`: every ref its spec declares,
 * resolved as the backend resolves it, visible unless listed as hidden from
 * the user or missing from the catalog.
 */
export function referencesOf(
  entity: Entity,
  options: { hidden?: string[]; missing?: string[] } = {},
): EntityReferences {
  const references: EntityReferences['references'] = declaredRefs(entity).map(
    ({ field, ref }) => {
      if (options.hidden?.includes(ref)) return { field, status: 'hidden' };
      const status = options.missing?.includes(ref) ? 'missing' : 'visible';
      return { field, status, ref };
    },
  );
  return {
    entityRef: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    references,
  };
}
