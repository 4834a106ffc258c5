import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import type {
  LineageRequest,
  MarketplaceSearch,
  MetricHistoryRequest,
  MlApi,
  RegistrySyncStarted,
} from './MlApi';

/** Talks to the `ml` backend plugin through the app's fetch API (which adds the user's token). */
export class MlClient implements MlApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** Sends a request; rejects with a `ResponseError` unless the answer is 2xx. */
  private async send(
    path: string,
    init?: { method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown },
  ): Promise<Response> {
    const base = await this.options.discoveryApi.getBaseUrl('ml');
    const response = await this.options.fetchApi.fetch(`${base}${path}`, {
      method: init?.method ?? 'GET',
      ...(init?.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(init.body),
      }),
    });
    if (!response.ok) {
      // Carries the backend's message, e.g. which permission was denied.
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  private async request<T>(
    path: string,
    init?: { method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown },
  ): Promise<T> {
    return (await (await this.send(path, init)).json()) as T;
  }

  getLineage({ entityRef, direction, depth }: LineageRequest) {
    const query = new URLSearchParams({ entityRef });
    if (direction) query.set('direction', direction);
    if (depth) query.set('depth', String(depth));
    return this.request<LineageGraph>(`/lineage?${query}`);
  }

  getImpact(entityRef: string) {
    return this.request<ImpactAnalysis>(
      `/impact?${new URLSearchParams({ entityRef })}`,
    );
  }

  getHealth(entityRef: string) {
    return this.request<EntityHealth>(
      `/health-checks?${new URLSearchParams({ entityRef })}`,
    );
  }

  getReferences(entityRef: string) {
    return this.request<EntityReferences>(
      `/references?${new URLSearchParams({ entityRef })}`,
    );
  }

  getDatasetSchema(entityRef: string) {
    return this.request<DatasetSchemaResponse>(
      `/datasets/schema?${new URLSearchParams({ entityRef })}`,
    );
  }

  runHealthChecks(entityRef: string) {
    return this.request<EntityHealth>(
      `/health-checks/run?${new URLSearchParams({ entityRef })}`,
      { method: 'POST' },
    );
  }

  getHealthSummary() {
    return this.request<HealthSummary>('/health-checks/summary');
  }

  getCertification(entityRef: string) {
    return this.request<Certification>(
      `/certifications/${encodeURIComponent(entityRef)}`,
    );
  }

  approveCertification(entityRef: string, reason: string) {
    return this.request<Certification>(
      `/certifications/${encodeURIComponent(entityRef)}/approve`,
      { method: 'POST', body: { reason } },
    );
  }

  revokeCertification(entityRef: string, reason: string) {
    return this.request<Certification>(
      `/certifications/${encodeURIComponent(entityRef)}/revoke`,
      { method: 'POST', body: { reason } },
    );
  }

  async getAudit(options: { entityRef?: string; limit?: number } = {}) {
    const query = new URLSearchParams();
    if (options.entityRef) query.set('entityRef', options.entityRef);
    if (options.limit) query.set('limit', String(options.limit));
    return (await this.request<{ items: AuditEntry[] }>(`/audit?${query}`))
      .items;
  }

  searchMarketplace(search: MarketplaceSearch) {
    const query = new URLSearchParams();
    if (search.q) query.set('q', search.q);
    for (const [facet, values] of Object.entries(search.filters ?? {})) {
      for (const value of values ?? []) query.append(facet, value);
    }
    if (search.sort) query.set('sort', search.sort);
    if (search.page) query.set('page', String(search.page));
    if (search.pageSize) query.set('pageSize', String(search.pageSize));
    return this.request<MarketplaceResults>(`/marketplace?${query}`);
  }

  getRelated(entityRef: string) {
    return this.request<RelatedAssets>(
      `/marketplace/related?${new URLSearchParams({ entityRef })}`,
    );
  }

  getKpis() {
    return this.request<MarketplaceKpis>('/kpis');
  }

  getAttention() {
    return this.request<AttentionResponse>('/attention');
  }

  getKpiHistory(days?: number) {
    const query = days ? `?${new URLSearchParams({ days: String(days) })}` : '';
    return this.request<KpiHistoryResponse>(`/kpis/history${query}`);
  }

  getAssetKpis(entityRef: string) {
    return this.request<AssetKpis>(
      `/kpis/asset?${new URLSearchParams({ entityRef })}`,
    );
  }

  getRegistryModel(entityRef: string) {
    return this.request<RegistryModelResponse>(
      `/registry/model?${new URLSearchParams({ entityRef })}`,
    );
  }

  getMetricHistory({ entityRef, version, metric }: MetricHistoryRequest) {
    return this.request<RegistryMetricHistoryResponse>(
      `/registry/metric-history?${new URLSearchParams({
        entityRef,
        version,
        metric,
      })}`,
    );
  }

  getFeatureStoreView(entityRef: string) {
    return this.request<FeatureStoreViewResponse>(
      `/feature-store/view?${new URLSearchParams({ entityRef })}`,
    );
  }

  checkName(request: { name: string; namespace?: string; registry?: boolean }) {
    const query = new URLSearchParams({ name: request.name });
    if (request.namespace) query.set('namespace', request.namespace);
    if (request.registry) query.set('registry', 'true');
    return this.request<NameCheckResponse>(`/names/check?${query}`);
  }

  getRegistryStatus() {
    return this.request<RegistryStatusResponse>('/registry/status');
  }

  getFeedback(entityRef: string) {
    return this.request<AssetFeedback>(
      `/feedback?${new URLSearchParams({ entityRef })}`,
    );
  }

  saveReview(entityRef: string, review: ReviewInput) {
    return this.request<AssetFeedback>(
      `/feedback/reviews?${new URLSearchParams({ entityRef })}`,
      { method: 'PUT', body: review },
    );
  }

  async deleteReview(entityRef: string) {
    const response = await this.send(
      `/feedback/reviews?${new URLSearchParams({ entityRef })}`,
      { method: 'DELETE' },
    );
    // A 204 carries no feedback to show: read it again.
    if (response.status === 204) return this.getFeedback(entityRef);
    return (await response.json()) as AssetFeedback;
  }

  replyToReview(entityRef: string, reply: ReviewReplyInput) {
    return this.request<AssetFeedback>(
      `/feedback/reviews/reply?${new URLSearchParams({ entityRef })}`,
      { method: 'POST', body: reply },
    );
  }

  fileImprovementRequest(entityRef: string, request: ImprovementRequestInput) {
    return this.request<AssetFeedback>(
      `/feedback/requests?${new URLSearchParams({ entityRef })}`,
      { method: 'POST', body: request },
    );
  }

  setImprovementStatus(requestId: string, change: ImprovementStatusInput) {
    return this.request<AssetFeedback>(
      `/feedback/requests/${encodeURIComponent(requestId)}`,
      { method: 'PATCH', body: change },
    );
  }

  getUsage(entityRef: string) {
    return this.request<AssetUsage>(
      `/usage?${new URLSearchParams({ entityRef })}`,
    );
  }

  declareUse(entityRef: string, use: DeclareUseInput) {
    return this.request<AssetUsage>(
      `/usage?${new URLSearchParams({ entityRef })}`,
      { method: 'POST', body: use },
    );
  }

  async withdrawUse(entityRef: string, consumer: string) {
    const response = await this.send(
      `/usage?${new URLSearchParams({ entityRef, consumer })}`,
      { method: 'DELETE' },
    );
    // A 204 carries no usage to show: read it again.
    if (response.status === 204) return this.getUsage(entityRef);
    return (await response.json()) as AssetUsage;
  }

  getTeamCredit(group: string) {
    return this.request<TeamCreditDetail>(
      `/kpis/team?${new URLSearchParams({ group })}`,
    );
  }

  syncRegistry(registryId: string) {
    return this.request<RegistrySyncStarted>(
      `/registry/sync?${new URLSearchParams({ registryId })}`,
      { method: 'POST' },
    );
  }
}
