import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import type { MlEntitySummary } from '@ml-marketplace/plugin-ml-node';
import { entityRefOf } from '../entityRefs';

/** The catalog as the checks see it: summaries by lower-case ref. */
export class CatalogSnapshot {
  private readonly byRef = new Map<string, MlEntitySummary>();

  add(entity: Entity): void {
    const ref = entityRefOf(entity);
    const spec = entity.spec ?? {};
    this.byRef.set(ref, {
      ref,
      kind: entity.kind,
      ...(entity.metadata.title && { title: entity.metadata.title }),
      ...(typeof spec.lifecycle === 'string' && { lifecycle: spec.lifecycle }),
      ...(typeof spec.classification === 'string' && {
        classification: spec.classification,
      }),
      ...(typeof spec.location === 'string' && { location: spec.location }),
      ...(entity.relations?.some(r => r.type === RELATION_OWNED_BY) && {
        owner: entity.relations.find(r => r.type === RELATION_OWNED_BY)!
          .targetRef,
      }),
    });
  }

  get(ref: string): MlEntitySummary | undefined {
    return this.byRef.get(ref.toLocaleLowerCase('en-US'));
  }

  get size(): number {
    return this.byRef.size;
  }
}
