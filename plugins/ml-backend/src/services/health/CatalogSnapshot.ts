import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  ANNOTATION_OPENLINEAGE_DATASET,
  type SchemaField,
} from '@ml-marketplace/plugin-ml-common';
import type { MlEntitySummary } from '@ml-marketplace/plugin-ml-node';
import { entityRefOf } from '../entityRefs';
import { declaredColumns } from './checks/DataContractCheck';

/** A Dataset's data contract: its OpenLineage identity and declared columns. */
export interface DatasetContract {
  identity: string;
  columns: SchemaField[];
}

/** The catalog as the checks see it: summaries by lower-case ref. */
export class CatalogSnapshot {
  private readonly byRef = new Map<string, MlEntitySummary>();
  private readonly contracts = new Map<string, DatasetContract>();

  /** The contract of a Dataset that declares columns and an identity. */
  contractOf(ref: string): DatasetContract | undefined {
    return this.contracts.get(ref.toLocaleLowerCase('en-US'));
  }

  add(entity: Entity): void {
    const ref = entityRefOf(entity);
    const identity =
      entity.metadata.annotations?.[ANNOTATION_OPENLINEAGE_DATASET];
    if (identity && entity.kind.toLocaleLowerCase('en-US') === 'dataset') {
      const columns = declaredColumns(entity);
      if (columns.length) this.contracts.set(ref, { identity, columns });
    }
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
