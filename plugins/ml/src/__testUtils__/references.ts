import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  formatPath,
  mlRefFields,
  refsAt,
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
  const references: EntityReferences['references'] = [];
  for (const field of mlRefFields(entity.kind)) {
    for (const [path, value] of refsAt(entity, field.path)) {
      const ref = stringifyEntityRef(
        parseEntityRef(value, {
          defaultKind: field.defaultKind,
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ).toLocaleLowerCase('en-US');
      const where = formatPath(path);
      if (options.hidden?.includes(ref)) {
        references.push({ field: where, status: 'hidden' });
      } else {
        const status = options.missing?.includes(ref) ? 'missing' : 'visible';
        references.push({ field: where, status, ref });
      }
    }
  }
  return {
    entityRef: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    references,
  };
}
