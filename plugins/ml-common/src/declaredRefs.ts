import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { mlRefFields, refsAt } from './refFields';
import { formatPath } from './validate';

/** A ref an ML entity writes in its spec, resolved as the catalog processor resolves it. */
export interface DeclaredRef {
  /** Where it is written, e.g. `spec.trainedOn[1]`. */
  field: string;
  /** The top-level spec field, e.g. `trainedOn`. */
  specField: string;
  /** Lower-case full ref. */
  ref: string;
}

/**
 * Every ref the entity's spec declares, through the shared ref-field table,
 * with the kind and namespace defaults the catalog processor applies.
 * Malformed refs are left out: the processor rejects them.
 */
export function declaredRefs(entity: Entity): DeclaredRef[] {
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
        // not a ref the catalog could resolve either
      }
    }
  }
  return out;
}
