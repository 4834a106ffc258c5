import {
  Entity,
  RELATION_CONSUMES_API,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import {
  ANNOTATION_OPENLINEAGE_DATASET,
  RELATION_CONSUMES_FEATURE,
  RELATION_DERIVED_FROM,
  RELATION_TRAINED_ON,
} from '@ml-marketplace/plugin-ml-common';
import { entityRefOf } from '../entityRefs';

export interface LineageNodeRow {
  ref: string;
  kind: string;
  title: string | null;
  owner: string | null;
  lifecycle: string | null;
  etag: string;
  /** OpenLineage `namespace/name` a Dataset declares, for matching run events. */
  openlineage_key?: string | null;
}

/**
 * `declared_by` of edges a registry's records imply (a model version whose
 * run read a Feast feature view), not an entity's own declaration.
 */
export const REGISTRY_EDGE_PREFIX = 'registry:';

/** Refs of nodes that come from OpenLineage events, not from the catalog. */
export const EXTERNAL_REF_PREFIX = 'openlineage:';

/**
 * `declared_by` of edges a person declared ("I use this"), followed by the
 * consumer's ref: `user-declared:component:default/checkout`. Never an entity
 * ref, so the lineage indexer's rebuilds leave these edges alone.
 */
export const USER_EDGE_PREFIX = 'user-declared:';

/** Where an edge of the index comes from, by who declared it. */
export function edgeOrigin(
  declaredBy: string,
): 'catalog' | 'registry' | 'user' | 'openlineage' {
  if (declaredBy.startsWith(REGISTRY_EDGE_PREFIX)) return 'registry';
  if (declaredBy.startsWith(USER_EDGE_PREFIX)) return 'user';
  if (declaredBy.startsWith(EXTERNAL_REF_PREFIX)) return 'openlineage';
  return 'catalog';
}

/** Which origin wins when several say the same entity uses another: lower first. */
export const ORIGIN_RANK = {
  catalog: 0,
  registry: 1,
  openlineage: 2,
  user: 3,
} as const;

export interface LineageEdgeRow {
  source_ref: string;
  target_ref: string;
  type: string;
  declared_by: string;
}

/**
 * Relations an entity declares that carry data or service lineage, and which
 * way the data flows: `upstream` means the related entity feeds this one.
 * Each pair is read from one side only, so no edge is stored twice.
 */
const LINEAGE_RELATIONS: Record<string, 'upstream' | 'downstream'> = {
  [RELATION_TRAINED_ON]: 'upstream',
  [RELATION_CONSUMES_FEATURE]: 'upstream',
  [RELATION_DERIVED_FROM]: 'upstream',
  [RELATION_DEPENDS_ON]: 'upstream',
  [RELATION_CONSUMES_API]: 'upstream',
  [RELATION_PROVIDES_API]: 'downstream',
};

/** The index rows of one catalog entity: its node and the edges it declares. */
export function lineageRowsOf(entity: Entity): {
  node: LineageNodeRow;
  edges: LineageEdgeRow[];
} {
  const ref = entityRefOf(entity);
  const relations = entity.relations ?? [];
  const node: LineageNodeRow = {
    ref,
    kind: entity.kind,
    title: entity.metadata.title ?? null,
    owner: relations.find(r => r.type === RELATION_OWNED_BY)?.targetRef ?? null,
    lifecycle:
      typeof entity.spec?.lifecycle === 'string' ? entity.spec.lifecycle : null,
    etag: entity.metadata.etag ?? '',
    openlineage_key:
      entity.metadata.annotations?.[ANNOTATION_OPENLINEAGE_DATASET] ?? null,
  };
  const edges: LineageEdgeRow[] = [];
  for (const { type, targetRef } of relations) {
    const direction = LINEAGE_RELATIONS[type];
    if (!direction) continue;
    const other = targetRef.toLocaleLowerCase('en-US');
    edges.push(
      direction === 'upstream'
        ? { source_ref: other, target_ref: ref, type, declared_by: ref }
        : { source_ref: ref, target_ref: other, type, declared_by: ref },
    );
  }
  return { node, edges };
}
