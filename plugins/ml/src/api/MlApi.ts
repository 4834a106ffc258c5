import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AssetKpis,
  AuditEntry,
  Certification,
  EntityHealth,
  HealthSummary,
  ImpactAnalysis,
  LineageGraph,
  MarketplaceFacet,
  MarketplaceKpis,
  MarketplaceResults,
  RelatedAssets,
} from '@ml-marketplace/plugin-ml-common';

/** A marketplace search as the page's URL holds it. */
export interface MarketplaceSearch {
  q?: string;
  filters?: Partial<Record<MarketplaceFacet, string[]>>;
  sort?: 'relevance' | 'name' | 'recency' | 'reuse';
  page?: number;
  pageSize?: number;
}

export interface LineageRequest {
  entityRef: string;
  direction?: 'upstream' | 'downstream' | 'both';
  /** 1 to 5; the backend defaults to 2. */
  depth?: number;
}

/** The `ml` backend's API, as the cards and pages use it. */
export interface MlApi {
  getLineage(request: LineageRequest): Promise<LineageGraph>;
  getImpact(entityRef: string): Promise<ImpactAnalysis>;
  getHealth(entityRef: string): Promise<EntityHealth>;
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
  getAssetKpis(entityRef: string): Promise<AssetKpis>;
}

export const mlApiRef = createApiRef<MlApi>({ id: 'plugin.ml.api' });
