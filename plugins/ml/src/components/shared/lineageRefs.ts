/**
 * Helpers of the lineage and impact entity cards: what a lineage node's ref
 * names, whether it is a catalog entity or an external OpenLineage node, and
 * how far it is from the card's entity.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import type { LineageNode } from '@ml-marketplace/plugin-ml-common';

/** Refs of nodes that come from OpenLineage events, not from the catalog. */
export const OPENLINEAGE_REF_PREFIX = 'openlineage:';

/** The kinds the lineage card colours; every other kind is `other`. */
export type LineageKindKey = 'dataset' | 'feature' | 'model' | 'other';

/** True for nodes that come from OpenLineage events and have no entity page. */
export function isExternalLineageRef(ref: string): boolean {
  return ref.startsWith(OPENLINEAGE_REF_PREFIX);
}

/** `dataset`, `feature`, `model` or `other`, ignoring the kind's case. */
export function lineageKindKey(kind: string | undefined): LineageKindKey {
  const k = (kind ?? '').toLocaleLowerCase('en-US');
  return k === 'dataset' || k === 'feature' || k === 'model' ? k : 'other';
}

/** The kind as people read it: `Dataset`, `OpenLineageJob`, … */
export function lineageKindLabel(kind: string | undefined): string {
  if (!kind) return 'Unknown';
  return kind.charAt(0).toLocaleUpperCase('en-US') + kind.slice(1);
}

/** The kind of a node as people read it; `External job` for OpenLineage nodes. */
export function lineageNodeKindLabel(node: Pick<LineageNode, 'ref' | 'kind'>) {
  if (!isExternalLineageRef(node.ref)) return lineageKindLabel(node.kind);
  const rest = node.ref.slice(OPENLINEAGE_REF_PREFIX.length);
  const slash = rest.indexOf('/');
  return `External ${slash > 0 ? rest.slice(0, slash) : 'node'}`;
}

/**
 * The short name of a ref: the entity name, or for an OpenLineage ref such as
 * `openlineage:job/airflow-prod%2Fbuild` the decoded OpenLineage name.
 */
export function lineageRefName(ref: string): string {
  if (isExternalLineageRef(ref)) {
    const rest = ref.slice(OPENLINEAGE_REF_PREFIX.length);
    const slash = rest.indexOf('/');
    const encoded = slash >= 0 ? rest.slice(slash + 1) : rest;
    try {
      return decodeURIComponent(encoded);
    } catch {
      return encoded;
    }
  }
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/** What a node is called on screen: its title, else its name. */
export function lineageNodeName(node: Pick<LineageNode, 'ref' | 'title'>) {
  return node.title || lineageRefName(node.ref);
}

/** `1 hop`, `2 hops`. */
export function hopsLabel(distance: number): string {
  return `${distance} ${distance === 1 ? 'hop' : 'hops'}`;
}
