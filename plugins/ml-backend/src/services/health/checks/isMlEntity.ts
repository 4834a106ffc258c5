import type { Entity } from '@backstage/catalog-model';
import { isMlKind } from '@ml-marketplace/plugin-ml-common';

/** Built-in checks look at the three ML kinds only. */
export function isMlEntity(entity: Entity): boolean {
  return isMlKind(entity.kind);
}

export function kindIs(entity: Entity, ...kinds: string[]): boolean {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  return kinds.some(k => k.toLocaleLowerCase('en-US') === kind);
}

/** `Model default/churn-model`, the way owners read their entity's name. */
export function displayRef(entity: Entity): string {
  return `${entity.kind} ${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`;
}
