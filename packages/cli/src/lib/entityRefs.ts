import { parseEntityRef } from '@backstage/catalog-model';
import {
  formatPath,
  mlRefFields,
  refsAt,
} from '@ml-marketplace/plugin-ml-common';
import { identityOf, isObject, type EntityIdentity } from './catalogDocuments';

/** One ref as written in an entity, resolved the way the catalog resolves it. */
export interface EntityRefUse {
  segments: Array<string | number>;
  field: string;
  written: string;
  /** Undefined when the ref names no kind and the field has no default. */
  target?: EntityIdentity;
}

/**
 * Every ref an ML entity makes, resolved with the field's default kind and the
 * entity's namespace. Values that are not well-formed refs are skipped: schema
 * validation already reports them.
 */
export function refsOf(entity: Record<string, any>): EntityRefUse[] {
  const namespace =
    isObject(entity.metadata) && typeof entity.metadata.namespace === 'string'
      ? entity.metadata.namespace
      : 'default';
  const uses: EntityRefUse[] = [];
  // The same table the catalog processor emits relations from.
  for (const { path, defaultKind } of mlRefFields(String(entity.kind))) {
    for (const [at, ref] of refsAt(entity, path)) {
      const use: EntityRefUse = {
        segments: at,
        field: formatPath(at),
        written: ref,
      };
      try {
        const parsed = parseEntityRef(ref, {
          defaultKind,
          defaultNamespace: namespace,
        });
        use.target = identityOf(parsed.kind, parsed.namespace, parsed.name);
      } catch {
        if (defaultKind || ref.includes(':')) continue;
      }
      uses.push(use);
    }
  }
  return uses;
}
