import { z } from 'zod';
import { entityRefParam, wholeNumberParam } from './queryParams';

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
  /** Per owning team, largest first. */
  teams: TeamKpis[];
  /** How often model lines ship new versions, from the synced registries. */
  delivery: DeliveryKpis;
}

/** One team's assets in numbers. */
export interface TeamKpis {
  /** Owner ref, e.g. `group:default/growth-ml`. */
  owner: string;
  /** The group's title or display name, when it has one. */
  title?: string;
  assets: number;
  /** Its assets that another team's entity reads. */
  reusedByOthers: number;
  /** Share certified at any level. */
  certifiedShare: number;
  /** Share without a failing (error) check. */
  healthyShare: number;
}

/** Model delivery from the registries: versions per month and the pace of each model line. */
export interface DeliveryKpis {
  /** The last 12 months, oldest first, e.g. `{ month: '2026-11', versions: 4 }`. */
  versionsByMonth: Array<{ month: string; versions: number }>;
  /** Median days between consecutive versions of a model line; absent without two versions anywhere. */
  medianDaysBetweenVersions?: number;
  /** Registered models with at least one version. */
  modelLines: number;
}

/** The marketplace's figures on one day, as the daily snapshot stored them. */
export interface KpiSnapshot {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** Seeded for the demo, not measured. */
  demo: boolean;
  assets: number;
  byKind: Record<string, number>;
  certifiedShare: Record<string, number>;
  healthyShare: number;
  reuseRate: number;
  deprecatedStillConsumed: number;
}

/** Query of `GET /kpis/history`. */
export const kpiHistoryQuerySchema = z.object({
  days: wholeNumberParam('days', { max: 730, default: 180 }),
});

/** Answer of `GET /kpis/history`: oldest first. */
export interface KpiHistoryResponse {
  days: KpiSnapshot[];
}
