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
