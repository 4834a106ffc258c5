import { createHash } from 'node:crypto';
import type { Entity } from '@backstage/catalog-model';

/** Stable JSON: keys sorted, so equal content hashes equally. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(k => `${JSON.stringify(k)}:${stable((value as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(stable(value)).digest('hex');
}

/**
 * What an owner changed: the spec and the descriptive metadata. The catalog's
 * own bookkeeping (uid, etag, generation, relations, status) is left out, so a
 * reprocessed but unchanged entity does not count as an update.
 */
export function contentHash(entity: Entity): string {
  const { name, namespace, title, description, tags, labels, annotations } =
    entity.metadata;
  return hashOf({
    kind: entity.kind,
    metadata: {
      name,
      namespace,
      title,
      description,
      tags,
      labels,
      annotations,
    },
    spec: entity.spec ?? {},
  });
}
