import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type {
  AssetKpis,
  KpiHistoryResponse,
  KpiSnapshot,
  MarketplaceKpis,
  ModelEvaluation,
  TeamCreditDetail,
} from '@ml-marketplace/plugin-ml-common';
import type { KpiStore } from '../../database/KpiStore';
import { deliveryOf, teamsOf } from './teamsAndDelivery';
import { creditOf, teamCreditOf, type CreditInput } from './credit';
import type { CertificationStore } from '../../database/CertificationStore';
import type { AssetRow, HealthStore } from '../../database/HealthStore';
import { EXTERNAL_REF_PREFIX } from '../lineage/lineageEdges';
import type { LineageStore } from '../../database/LineageStore';
import type { ReadableEntities } from '../access/ReadableEntities';
import type { RegistryQueries } from '../registry/RegistryQueries';
import type { CertificationPolicy } from '../certification/policy';
import { entityRefOf } from '../entityRefs';

/**
 * Marketplace and per-asset KPIs, computed from the backend's own tables
 * (health results, certificates, the lineage index) over what the caller may
 * read. No catalog read per asset.
 */
export class KpiService {
  constructor(
    private readonly options: {
      health: HealthStore;
      certificates: CertificationStore;
      lineage: LineageStore;
      readable: ReadableEntities;
      policy: CertificationPolicy;
      /** Versions and their metrics as the registry sync last saw them. */
      registry?: RegistryQueries;
      /** The daily snapshots; without it there is no history. */
      store?: KpiStore;
      now?: () => Date;
    },
  ) {}

  /**
   * Today's figures across every asset (the daily snapshot's), with the
   * plugin's own credentials: the stored trend is the organisation's.
   */
  async snapshot(credentials: BackstageCredentials): Promise<KpiSnapshot> {
    const k = await this.marketplace(credentials);
    return {
      day: this.today(),
      demo: false,
      assets: k.assets,
      byKind: k.byKind,
      certifiedShare: k.certifiedShare,
      healthyShare: k.healthyShare,
      reuseRate: k.reuseRate,
      deprecatedStillConsumed: k.deprecatedStillConsumed.length,
    };
  }

  /** Takes and stores today's snapshot (the daily task). */
  async takeSnapshot(credentials: BackstageCredentials): Promise<KpiSnapshot> {
    const snapshot = await this.snapshot(credentials);
    await this.options.store?.save(snapshot, this.now().toISOString());
    return snapshot;
  }

  /** Stored days; 0 without a store. */
  async historyCount(): Promise<number> {
    return (await this.options.store?.count()) ?? 0;
  }

  /** Stores given days as they are (the demo's seeded history). */
  async store(days: KpiSnapshot[]): Promise<void> {
    const takenAt = this.now().toISOString();
    for (const day of days) await this.options.store?.save(day, takenAt);
  }

  /** The stored snapshots of the last `days` days, oldest first. */
  async history(days: number): Promise<KpiHistoryResponse> {
    if (!this.options.store) return { days: [] };
    const since = new Date(this.now().getTime() - (days - 1) * 86_400_000);
    return { days: await this.options.store.since(dayOf(since)) };
  }

  private now() {
    return this.options.now?.() ?? new Date();
  }

  private today() {
    return dayOf(this.now());
  }

  async marketplace(
    credentials: BackstageCredentials,
  ): Promise<MarketplaceKpis> {
    const { health, certificates, lineage, readable, policy } = this.options;
    const all = await health.assets();
    const visible = await readable.filter([...all.keys()], credentials);
    const assets = [...all.values()].filter(a => visible.has(a.ref));
    const n = assets.length;
    const share = (count: number) => (n ? count / n : 0);

    const byKind: Record<string, number> = {};
    for (const a of assets) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;

    const certs = await certificates.certificates();
    const rank = (level: string | null | undefined) =>
      level ? policy.levels.findIndex(l => l.id === level) : -1;
    const certifiedShare: Record<string, number> = {};
    policy.levels.forEach((level, index) => {
      certifiedShare[level.id] = share(
        assets.filter(a => rank(certs.get(a.ref)?.level) >= index).length,
      );
    });

    const results = await health.results();
    const stale = assets.filter(a =>
      (results.get(a.ref) ?? []).some(
        r => r.check_id === 'staleness' && r.status !== 'pass',
      ),
    ).length;

    const consumers = await lineage.consumerCounts();
    const reused = assets.filter(a => (consumers.get(a.ref) ?? 0) >= 2).length;

    const deprecated = assets.filter(
      a => a.lifecycle === 'deprecated' && consumers.get(a.ref),
    );
    const edges = await lineage.edgesOf(
      deprecated.map(a => a.ref),
      'downstream',
    );
    const consumerRefs = [...new Set(edges.map(e => e.target_ref))];
    const consumerNodes = new Map(
      (await lineage.nodes(consumerRefs)).map(node => [node.ref, node]),
    );
    const visibleConsumers = await readable.filter(
      consumerRefs.filter(
        r => consumerNodes.get(r)?.lifecycle !== 'deprecated',
      ),
      credentials,
    );
    const deprecatedStillConsumed = deprecated
      .map(a => ({
        entityRef: a.ref,
        consumers: [
          ...new Set(
            edges
              .filter(
                e =>
                  e.source_ref === a.ref && visibleConsumers.has(e.target_ref),
              )
              .map(e => e.target_ref),
          ),
        ].sort(),
      }))
      .filter(d => d.consumers.length);

    const reuse = await this.reuseOf(assets, credentials);
    return {
      assets: n,
      byKind,
      certifiedShare,
      healthyShare: share(assets.filter(a => a.status !== 'fail').length),
      reuseRate: share(reused),
      staleShare: share(stale),
      deprecatedStillConsumed,
      teams: teamsOf({
        assets: assets.map(a => ({
          ref: a.ref,
          owner: reuse.ownerOf(a.ref),
          certified: rank(certs.get(a.ref)?.level) >= 0,
          healthy: a.status !== 'fail',
        })),
        edges: reuse.edges,
        ownerOf: reuse.ownerOf,
        titleOf: reuse.titleOf,
      }),
      credit: creditOf(reuse),
      delivery: deliveryOf(
        (await this.options.registry?.activeModels()) ?? [],
        this.now(),
      ),
    };
  }

  /**
   * Credit for one team (`GET /kpis/team`): each of its assets the caller
   * may read, the other teams using it, and the team's rank among
   * contributors. 404 for a team the index does not hold or the caller may
   * not read.
   */
  async team(
    teamRef: string,
    credentials: BackstageCredentials,
  ): Promise<TeamCreditDetail> {
    const { health, lineage, readable } = this.options;
    const [node] = await lineage.nodes([teamRef]);
    if (!node || !(await readable.canRead(teamRef, credentials))) {
      throw new NotFoundError(
        `No team ${teamRef} in the catalog, or you may not read it`,
      );
    }
    const all = await health.assets();
    const visible = await readable.filter([...all.keys()], credentials);
    const assets = [...all.values()].filter(a => visible.has(a.ref));
    return teamCreditOf(teamRef, await this.reuseOf(assets, credentials));
  }

  /**
   * What the team figures and credit are computed from: the direct uses of
   * the assets by consumers the caller may read (declared uses included),
   * and owners and titles from the lineage index.
   */
  private async reuseOf(
    assets: AssetRow[],
    credentials: BackstageCredentials,
  ): Promise<CreditInput> {
    const { lineage, readable } = this.options;
    const downstream = await lineage.edgesOf(
      assets.map(a => a.ref),
      'downstream',
    );
    const targets = [...new Set(downstream.map(e => e.target_ref))];
    const nodes = new Map(
      (
        await lineage.nodes([
          ...new Set([...assets.map(a => a.ref), ...targets]),
        ])
      ).map(node => [node.ref, node]),
    );
    // Uses by what the caller may not read are not theirs to count.
    const visible = await readable.filter(
      targets.filter(ref => !ref.startsWith(EXTERNAL_REF_PREFIX)),
      credentials,
    );
    const edges = downstream.filter(
      e =>
        visible.has(e.target_ref) ||
        e.target_ref.startsWith(EXTERNAL_REF_PREFIX),
    );
    const ownerOf = (ref: string) => nodes.get(ref)?.owner ?? undefined;
    const ownerRefs = [
      ...new Set([...nodes.values()].flatMap(n => n.owner ?? [])),
    ];
    const titles = new Map(
      (await lineage.nodes(ownerRefs)).map(node => [
        node.ref,
        node.title ?? undefined,
      ]),
    );
    return {
      assets: assets.map(a => {
        const node = nodes.get(a.ref);
        return {
          ref: a.ref,
          kind: node?.kind ?? a.kind,
          ...(node?.owner && { owner: node.owner }),
          ...(node?.title && { title: node.title }),
        };
      }),
      edges,
      ownerOf,
      titleOf: ref => titles.get(ref),
    };
  }

  /** KPIs of one asset the caller has already been allowed to read. */
  async asset(entity: Entity): Promise<AssetKpis> {
    const ref = entityRefOf(entity);
    const evaluation =
      (entity.spec?.evaluation as ModelEvaluation[] | undefined) ?? [];
    const row = (await this.options.health.assets([ref])).get(ref);
    const consumers = new Set(
      (await this.options.lineage.edgesOf([ref], 'downstream')).map(
        e => e.target_ref,
      ),
    );
    const declared = new Map(
      evaluation.filter(e => !e.slice).map(e => [e.metric, e]),
    );
    const stored = this.options.registry
      ? (await this.options.registry.modelsFor([entity])).get(entity)
      : undefined;
    // Oldest first, so the trend reads left to right.
    const registryVersions: AssetKpis['versions'] = [
      ...(stored?.model.versions ?? []),
    ]
      .reverse()
      .filter(v => v.run && Object.keys(v.run.metrics).length)
      .map(v => ({
        version: v.version,
        source: 'registry' as const,
        ...(v.aliases.length && { aliases: v.aliases }),
        ...(v.createdAt && { createdAt: v.createdAt }),
        metrics: Object.entries(v.run!.metrics)
          .filter((e): e is [string, number] => e[1] !== null)
          .map(([metric, value]) => {
            const d = declared.get(metric);
            return {
              metric,
              value,
              ...(d?.threshold !== undefined && { threshold: d.threshold }),
              ...(d?.higherIsBetter !== undefined && {
                higherIsBetter: d.higherIsBetter,
              }),
            };
          }),
      }));
    return {
      entityRef: ref,
      versions: [
        ...(evaluation.length
          ? [
              {
                version: 'declared',
                source: 'catalog' as const,
                metrics: evaluation.map(e => ({
                  metric: e.metric,
                  value: e.value,
                  ...(e.slice && { slice: e.slice }),
                  ...(e.threshold !== undefined && { threshold: e.threshold }),
                  ...(e.higherIsBetter !== undefined && {
                    higherIsBetter: e.higherIsBetter,
                  }),
                })),
              },
            ]
          : []),
        ...registryVersions,
      ],
      consumers: consumers.size,
      ...(row && {
        firstSeenAt: row.first_seen_at,
        lastUpdatedAt: row.updated_at,
      }),
    };
  }
}

/** `YYYY-MM-DD` in UTC. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
