import { z } from 'zod';
import { entityRefParam } from './queryParams';

/** Query of `GET /kpis/asset`. */
export const assetKpisQuerySchema = z.object({
  entityRef: entityRefParam('model:default/churn-model'),
});

/** One metric of one version. */
export interface VersionMetric {
  metric: string;
  value: number;
  slice?: string;
  threshold?: number;
  higherIsBetter?: boolean;
}

/** Answer of `GET /kpis/asset?entityRef=`. */
export interface AssetKpis {
  entityRef: string;
  /** Metrics per version: `declared` is what the entity's YAML holds; registry versions follow. */
  versions: Array<{
    version: string;
    source: 'catalog' | 'registry';
    /** Registry aliases of the version, e.g. champion. */
    aliases?: string[];
    createdAt?: string;
    metrics: VersionMetric[];
  }>;
  /** Entities that read this one directly. */
  consumers: number;
  /** When the marketplace first saw the asset and when its spec last changed. */
  firstSeenAt?: string;
  lastUpdatedAt?: string;
}

/** Answer of `GET /kpis`: the marketplace over the assets the caller may read. */
export interface MarketplaceKpis {
  assets: number;
  byKind: Record<string, number>;
  /** Share (0 to 1) of assets certified at each level or above, by level id. */
  certifiedShare: Record<string, number>;
  /** Share of assets with no failing check. */
  healthyShare: number;
  /** Share of assets that two or more entities consume. */
  reuseRate: number;
  /** Share of assets the staleness check does not pass. */
  staleShare: number;
  /** Deprecated assets that non-deprecated entities still consume. */
  deprecatedStillConsumed: Array<{ entityRef: string; consumers: string[] }>;
}
