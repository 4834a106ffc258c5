import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AssetFeedback,
  AssetKpis,
  AssetUsage,
  AttentionResponse,
  AuditEntry,
  Certification,
  DeclareUseInput,
  EntityHealth,
  DatasetSchemaResponse,
  EntityReferences,
  FeatureStoreViewResponse,
  HealthSummary,
  ImpactAnalysis,
  ImprovementRequestInput,
  ImprovementStatusInput,
  LineageGraph,
  MarketplaceFacet,
  KpiHistoryResponse,
  MarketplaceKpis,
  MarketplaceResults,
  NameCheckResponse,
  RegistryMetricHistoryResponse,
  RegistryModelResponse,
  RegistryStatusResponse,
  RelatedAssets,
  ReviewInput,
  ReviewReplyInput,
  TeamCreditDetail,
} from '@ml-marketplace/plugin-ml-common';

/** A marketplace search as the page's URL holds it. */
export interface MarketplaceSearch {
  q?: string;
  filters?: Partial<Record<MarketplaceFacet, string[]>>;
  sort?: 'relevance' | 'name' | 'recency' | 'reuse' | 'rating';
  page?: number;
  pageSize?: number;
}

export interface LineageRequest {
  entityRef: string;
  direction?: 'upstream' | 'downstream' | 'both';
  /** 1 to 5; the backend defaults to 2. */
  depth?: number;
}

/** One metric of one registry model version, for {@link MlApi.getMetricHistory}. */
export interface MetricHistoryRequest {
  entityRef: string;
  /** The version number, e.g. `3`. */
  version: string;
  /** The metric key, e.g. `loss`. */
  metric: string;
}

/** The `ml` backend's API, as the cards and pages use it. */
export interface MlApi {
  getLineage(request: LineageRequest): Promise<LineageGraph>;
  getImpact(entityRef: string): Promise<ImpactAnalysis>;
  getHealth(entityRef: string): Promise<EntityHealth>;
  /**
   * The refs the entity's spec declares, each visible, hidden from the user
   * (without its ref) or missing from the catalog.
   */
  getReferences(entityRef: string): Promise<EntityReferences>;
  /** A Dataset's last reported schema against its declared columns. */
  getDatasetSchema(entityRef: string): Promise<DatasetSchemaResponse>;
  /** Re-runs the entity's checks now (needs `ml.healthcheck.run`). */
  runHealthChecks(entityRef: string): Promise<EntityHealth>;
  getHealthSummary(): Promise<HealthSummary>;
  getCertification(entityRef: string): Promise<Certification>;
  /** Needs `ml.certification.approve`; the reason goes to the audit log. */
  approveCertification(
    entityRef: string,
    reason: string,
  ): Promise<Certification>;
  revokeCertification(
    entityRef: string,
    reason: string,
  ): Promise<Certification>;
  getAudit(options?: {
    entityRef?: string;
    limit?: number;
  }): Promise<AuditEntry[]>;
  searchMarketplace(search: MarketplaceSearch): Promise<MarketplaceResults>;
  /** Similar assets and assets often used together, for an asset page. */
  getRelated(entityRef: string): Promise<RelatedAssets>;
  getKpis(): Promise<MarketplaceKpis>;
  /** What needs the signed-in user's teams' attention (everyone's when they own nothing). */
  getAttention(): Promise<AttentionResponse>;
  /** The daily KPI snapshots of the last `days` days, oldest first. */
  getKpiHistory(days?: number): Promise<KpiHistoryResponse>;
  getAssetKpis(entityRef: string): Promise<AssetKpis>;
  /** The registered model a Model entity names, as last synced, with its registry's sync state. */
  getRegistryModel(entityRef: string): Promise<RegistryModelResponse>;
  /**
   * Every value the run of a model version logged for a metric, by step.
   * Read from the registry on demand: rejects with a 404 `ResponseError` when
   * the version has no synced run, a 503 when the registry is unreachable.
   */
  getMetricHistory(
    request: MetricHistoryRequest,
  ): Promise<RegistryMetricHistoryResponse>;
  /**
   * The feature view a Feature entity names (`spec.registry.feast`), as last
   * synced from its feature store: features, freshness, feature services,
   * the registered models that read it, and where the entity and the store
   * disagree; with the store's sync state.
   */
  getFeatureStoreView(entityRef: string): Promise<FeatureStoreViewResponse>;
  /** Every configured registry with its last run and last good run. */
  getRegistryStatus(): Promise<RegistryStatusResponse>;
  /**
   * Starts a sync of one registry now (needs `ml.registry.sync`); resolves
   * with the run to follow on {@link MlApi.getRegistryStatus}. Rejects with
   * a 409 `ResponseError` while a sync of that registry runs.
   */
  syncRegistry(registryId: string): Promise<RegistrySyncStarted>;
  /**
   * Whether a new asset's name is free in the catalog (`namespace`, default
   * `default`) and, with `registry`, in every configured registry.
   */
  checkName(request: {
    name: string;
    namespace?: string;
    registry?: boolean;
  }): Promise<NameCheckResponse>;
  /**
   * Ratings, reviews and improvement requests of an asset, with what the
   * caller may do (`canGiveFeedback`, `canRespond`).
   */
  getFeedback(entityRef: string): Promise<AssetFeedback>;
  /** Creates or replaces the caller's own rating and review; resolves with the asset's feedback. */
  saveReview(entityRef: string, review: ReviewInput): Promise<AssetFeedback>;
  /** Deletes the caller's own review; resolves with the asset's feedback. */
  deleteReview(entityRef: string): Promise<AssetFeedback>;
  /** An owner's reply to one review (needs `ml.feedback.respond`); replaces an earlier reply. */
  replyToReview(
    entityRef: string,
    reply: ReviewReplyInput,
  ): Promise<AssetFeedback>;
  /** Files an improvement request on an asset (needs `ml.feedback.create`). */
  fileImprovementRequest(
    entityRef: string,
    request: ImprovementRequestInput,
  ): Promise<AssetFeedback>;
  /**
   * Moves an improvement request on (needs `ml.feedback.respond`); a decline
   * needs a note. Resolves with the feedback of the request's asset.
   */
  setImprovementStatus(
    requestId: string,
    change: ImprovementStatusInput,
  ): Promise<AssetFeedback>;
  /**
   * Who uses an asset directly, by team, with where each use is known from
   * and whether the caller may declare one (`canDeclare`).
   */
  getUsage(entityRef: string): Promise<AssetUsage>;
  /**
   * Declares that `consumer`, one of the caller's teams' entities, uses the
   * asset ("I use this"; `ml.usage.declare` on the consumer). Resolves with
   * the asset's usage; rejects with the backend's message for people.
   */
  declareUse(entityRef: string, use: DeclareUseInput): Promise<AssetUsage>;
  /** Withdraws a declared use; resolves with the asset's usage. */
  withdrawUse(entityRef: string, consumer: string): Promise<AssetUsage>;
  /** The reuse of one team's assets by other teams, e.g. `group:default/growth-ml`. */
  getTeamCredit(group: string): Promise<TeamCreditDetail>;
}

/** Answer of `POST /registry/sync`: the run just started. */
export interface RegistrySyncStarted {
  id: number;
  registryId: string;
  status: 'running';
}

export const mlApiRef = createApiRef<MlApi>({ id: 'plugin.ml.api' });
