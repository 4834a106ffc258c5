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
  /**
   * Credit: the teams whose assets other teams use most. Always sent by the
   * backend; optional for clients built before it.
   */
  credit?: CreditKpis;
}

/** The most reused asset of a team, as `CreditKpis` lists it. */
export interface CreditedAsset {
  ref: string;
  title?: string;
  kind: string;
  /** Other teams whose entities use it directly. */
  consumerTeams: number;
  /** Other teams' entities that use it directly. */
  crossTeamConsumers: number;
}

/** One team's credit for the reuse of its assets by other teams. */
export interface TeamCredit {
  /** Owner ref, e.g. `group:default/growth-ml`. */
  team: string;
  title?: string;
  /** 1 for the team whose assets most other teams use; equal figures share a rank. */
  rank: number;
  /** Distinct other teams whose entities use any of its assets. */
  consumerTeams: number;
  /** Distinct entities of other teams that use any of its assets. */
  crossTeamConsumers: number;
  /** Its assets that another team uses. */
  reusedAssets: number;
  /** Its most reused assets, at most 3, most other teams first. */
  topAssets: CreditedAsset[];
}

/**
 * The top contributors: teams ranked by the number of other teams using
 * their assets, then by their other-team consumers. Uses declared by people
 * count like the catalog's. Only assets and consumers the caller may read.
 */
export interface CreditKpis {
  /** At most 10, best first; teams no other team uses are left out. */
  contributors: TeamCredit[];
  /** How many teams have assets another team uses (the length of the full ranking). */
  ranked: number;
}

/** Query of `GET /kpis/team`. */
export const teamKpisQuerySchema = z.object({
  group: z
    .string({
      error: 'group is required, e.g. ?group=group:default/growth-ml',
    })
    .min(1, {
      error: 'group must not be empty, e.g. ?group=group:default/growth-ml',
    }),
});

/** One other team's use of one asset. */
export interface TeamUseOfAsset {
  /** The using team's ref. */
  team: string;
  title?: string;
  /** Its entities that use the asset directly. */
  consumers: number;
  /** Of those, the uses only a person declared. */
  declared: number;
}

/** Answer of `GET /kpis/team?group=`: the reuse of one team's assets by other teams. */
export interface TeamCreditDetail {
  team: string;
  title?: string;
  /** Its rank among the contributors; absent when no other team uses its assets. */
  rank?: number;
  /** How many teams are ranked. */
  ranked: number;
  totals: {
    /** Its assets the caller may read. */
    assets: number;
    /** Of those, the ones another team uses. */
    reusedAssets: number;
    /** Distinct other teams using any of its assets. */
    consumerTeams: number;
    /** Distinct entities of other teams using any of its assets. */
    crossTeamConsumers: number;
  };
  /** Each of its assets, most other teams first, then by title. */
  assets: Array<{
    ref: string;
    title?: string;
    kind: string;
    /** Every entity that uses it directly, its own team's included. */
    consumers: number;
    /** Other teams using it, most consumers first; empty when none. */
    teams: TeamUseOfAsset[];
  }>;
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
