import { z } from 'zod';
import type { Entity } from '@backstage/catalog-model';
import { entityRefParam } from './queryParams';
import type { RegistryState } from './registry';

/*
 * What a feature store holds, as the ml backend reads it from a feature
 * store's registry (Feast first): feature views with their features, and the
 * feature services that group them for a model.
 */

/** One feature of a view. */
export interface FeatureStoreField {
  name: string;
  /** The store's own type name: `INT64`, `DOUBLE`, `FLOAT`, `STRING`. */
  type: string;
  description?: string;
}

/** A feature view (Feast) or feature group, as last read from the store. */
export interface FeatureStoreView {
  /** The store's project (Feast) the view belongs to. */
  project: string;
  name: string;
  /** `featureView`, `onDemandFeatureView`, `streamFeatureView`. */
  type: string;
  description?: string;
  /** The view's owner as the store records it. */
  owner?: string;
  tags: Record<string, string>;
  /** Entity names (Feast's internal `__dummy` left out). */
  entities: string[];
  /** The entities' join key columns, e.g. `customer_id`. */
  joinKeys: string[];
  features: FeatureStoreField[];
  /** How long a value stays valid, in seconds; absent when unlimited. */
  ttlSeconds?: number;
  /** Served from the online store. */
  online: boolean;
  /** Where its rows come from. */
  source?: { name?: string; type?: string; uri?: string };
  createdAt?: string;
  updatedAt?: string;
  /** The end of the latest materialization: how fresh the online values are. */
  materializedUntil?: string;
}

/** A feature service: the views (or parts) a model reads together. */
export interface FeatureStoreService {
  project: string;
  name: string;
  description?: string;
  owner?: string;
  tags: Record<string, string>;
  /** The views it reads, by name. */
  featureViews: string[];
}

/** A Feature entity's pointer into a feature store: `spec.registry.feast`. */
export interface FeatureStoreDeclaration {
  type: 'feast';
  project: string;
  featureView: string;
  /** Configured registry id; absent means the first Feast registry configured. */
  instance?: string;
}

/** The feature view a Feature entity names, when it names one. */
export function featureStoreDeclarationOf(
  entity: Entity,
): FeatureStoreDeclaration | undefined {
  const feast = (
    entity.spec as
      | { registry?: { feast?: Partial<FeatureStoreDeclaration> } }
      | undefined
  )?.registry?.feast;
  if (
    !feast ||
    typeof feast.project !== 'string' ||
    typeof feast.featureView !== 'string'
  ) {
    return undefined;
  }
  return {
    type: 'feast',
    project: feast.project,
    featureView: feast.featureView,
    ...(typeof feast.instance === 'string' && { instance: feast.instance }),
  };
}

/** Query of `GET /feature-store/view`. */
export const featureStoreViewQuerySchema = z.object({
  entityRef: entityRefParam('feature:default/customer-activity'),
});

/** How fresh the online values of a view are. */
export interface FeatureStoreFreshness {
  /** End of the latest materialization; absent when never materialized. */
  materializedUntil?: string;
  /** The allowed age in seconds: the view's TTL, else the entity's `ttl`. */
  limitSeconds?: number;
  limitFrom?: 'view ttl' | 'entity ttl';
  /** `unknown` when there is no limit or the view is offline only. */
  status: 'fresh' | 'stale' | 'never' | 'unknown';
}

/** One way a Feature entity no longer says what the store holds. */
export interface FeatureStoreDifference {
  /** The feature it concerns; absent for the view as a whole. */
  feature?: string;
  message: string;
}

/** A registered model whose runs read this view, per the registry's Feast tags. */
export interface FeatureStoreConsumer {
  registryId: string;
  model: string;
  version: string;
  /** The Model entity that names the registered model, when one does. */
  entityRef?: string;
  /** The feature service the run or version names, when it does. */
  featureService?: string;
}

/** Answer of `GET /feature-store/view?entityRef=`: what the store holds for a Feature. */
export interface FeatureStoreViewResponse {
  entityRef: string;
  declared?: FeatureStoreDeclaration;
  /** The store's registry and how its syncs went. */
  registry?: RegistryState;
  /** The view as last synced; absent until a sync has seen it. */
  view?: FeatureStoreView;
  syncedAt?: string;
  /** When a complete listing first missed the view. */
  deletedAt?: string;
  /** Feature services that read the view. */
  services: FeatureStoreService[];
  freshness?: FeatureStoreFreshness;
  /** Where the entity and the store disagree; empty when they agree. */
  differences: FeatureStoreDifference[];
  consumers: FeatureStoreConsumer[];
  /** Consumers whose Model entity the caller may not read: counted, never named. */
  hiddenConsumers?: number;
  /** Why the declaration cannot be served, for the owner. */
  problem?: string;
}

const FEAST_TYPES: Record<string, string> = {
  INT64: 'int64',
  INT32: 'int32',
  DOUBLE: 'float64',
  FLOAT: 'float32',
  STRING: 'string',
  BOOL: 'bool',
  UNIX_TIMESTAMP: 'timestamp',
  BYTES: 'bytes',
};

/**
 * Feast's value type as a catalog dtype: `DOUBLE` -> `float64`,
 * `DOUBLE_LIST` -> `list<float64>`; a type not known here is kept, in lower
 * case. Discovery writes these words and the ml backend compares a
 * Feature's declared dtypes with them, so a discovered Feature never differs
 * from its own view.
 */
export function feastDtype(valueType: string): string {
  const list = /^(.+)_LIST$/.exec(valueType);
  if (list) return `list<${feastDtype(list[1])}>`;
  return FEAST_TYPES[valueType] ?? valueType.toLocaleLowerCase('en-US');
}
