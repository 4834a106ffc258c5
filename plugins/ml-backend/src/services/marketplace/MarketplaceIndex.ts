import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MARKETPLACE_FACETS,
  type MarketplaceAsset,
  type MarketplaceFacet,
  type MarketplaceQuery,
  type MarketplaceResults,
  type RegistryModel,
  type RelatedAssets,
} from '@ml-marketplace/plugin-ml-common';
import MiniSearch from 'minisearch';
import type { CertificationStore } from '../../database/CertificationStore';
import type { HealthStore } from '../../database/HealthStore';
import type { LineageStore } from '../../database/LineageStore';
import type { ReadableEntities } from '../access/ReadableEntities';
import type { CertificationPolicy } from '../certification/policy';
import type { RegistryQueries } from '../registry/RegistryQueries';
import { NotFoundError } from '@backstage/errors';
import { DATA_INPUT_FIELDS, declaredRefs } from '../health/checks/declaredRefs';
import { entityRefOf } from '../entityRefs';
import { assetsFromCatalog } from './assetsFromCatalog';
import { rankingSignalsOf, type RankingSignals } from './rankingSignals';
import { intentOf } from './queryIntent';
import { rankByText } from './textRanking';
import { Vocabulary } from './vocabulary';
import {
  SEARCH_FIELDS,
  SEARCH_FIELD_WEIGHTS,
  searchDocumentOf,
  type SearchDocument,
} from './searchDocuments';
import {
  BUILT_IN_SYNONYMS,
  stemOf,
  synonymTable,
  type SynonymTable,
} from './searchTerms';

const RELATED_LIMIT = 5;

/** What a search compares, worked out once per index build rather than per request. */
interface AssetFacts {
  /** Lower-case title or name, for sorting by name. */
  label: string;
  /** Certification level's rank in the policy; -1 when uncertified. */
  rank: number;
  /** Each facet's values (unique), and the same lower-cased for matching. */
  values: Record<MarketplaceFacet, string[]>;
  keys: Record<MarketplaceFacet, string[]>;
}

interface Snapshot {
  facts: Map<string, AssetFacts>;
  assets: MarketplaceAsset[];
  byRef: Map<string, MarketplaceAsset>;
  /** Datasets and features each asset reads, for "similar" recommendations. */
  inputs: Map<string, Set<string>>;
  /** Assets directly up- and downstream of each asset, in declared lineage. */
  neighbours: Map<string, string[]>;
  search: MiniSearch<SearchDocument>;
  signals: RankingSignals;
  vocabulary: Vocabulary;
  builtAt: number;
}

/** The values an asset has for one facet (an asset may have several tags or sources). */
function valuesOf(asset: MarketplaceAsset, facet: MarketplaceFacet): string[] {
  switch (facet) {
    case 'tag':
      return asset.tags;
    case 'dataSource':
      return asset.dataSources;
    case 'kind':
      return [asset.kind.toLocaleLowerCase('en-US')];
    default: {
      const value = asset[facet];
      return typeof value === 'string' ? [value] : [];
    }
  }
}

/** How many nearest assets an empty result offers. */
const NEAREST_LIMIT = 6;

/** How long a caller's readable set is reused: permission changes show within it. */
const READABLE_TTL_MS = 30_000;

/**
 * The marketplace's search index: every Model, Feature and Dataset with its
 * facets and trust facts, held in memory per replica and rebuilt from the
 * catalog and the plugin's tables when older than `refreshMs` (a stale index
 * keeps answering while the next one builds). Full-text search tolerates
 * partial words and typos (MiniSearch prefix and fuzzy matching); facets are
 * counted disjunctively, so picking an owner still shows the other owners'
 * counts.
 */
export class MarketplaceIndex {
  private snapshot?: Snapshot;
  private building?: Promise<Snapshot>;
  private readonly readableCache = new Map<
    string,
    { at: number; refs: Set<string> }
  >();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      health: HealthStore;
      certificates: CertificationStore;
      lineage: LineageStore;
      /** Synced registry models: their descriptions and metric names are searched too. */
      registries?: Pick<RegistryQueries, 'modelsFor'>;
      readable: ReadableEntities;
      policy: CertificationPolicy;
      logger: LoggerService;
      refreshMs: number;
      /** Adopters' synonym groups (`ml.marketplace.synonyms`), added to the built-in ones. */
      synonyms?: ReadonlyArray<ReadonlyArray<string>>;
    },
  ) {
    this.synonyms = synonymTable([
      ...BUILT_IN_SYNONYMS,
      ...(options.synonyms ?? []),
    ]);
  }

  private readonly synonyms: SynonymTable;

  /** Builds a fresh index now; concurrent callers share one build. */
  async refresh(): Promise<Snapshot> {
    if (!this.building) {
      this.building = this.build().finally(() => {
        this.building = undefined;
      });
    }
    this.snapshot = await this.building;
    return this.snapshot;
  }

  private async current(): Promise<Snapshot> {
    const snapshot = this.snapshot;
    if (!snapshot) return this.refresh();
    if (Date.now() - snapshot.builtAt > this.options.refreshMs) {
      this.refresh().catch(error =>
        this.options.logger.warn(`Marketplace index refresh failed: ${error}`),
      );
    }
    return snapshot;
  }

  private async build(): Promise<Snapshot> {
    const { catalog, auth, health, certificates, lineage } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    // Owners', systems' and domains' titles are searched with the assets.
    const titles = new Map<string, string>();
    for await (const page of catalog.streamEntities(
      {
        filter: {
          kind: ['model', 'feature', 'dataset', 'system', 'domain', 'group'],
        },
      },
      { credentials },
    )) {
      for (const entity of page) {
        const kind = entity.kind.toLocaleLowerCase('en-US');
        const title =
          entity.metadata.title ??
          (entity.spec?.profile as { displayName?: string } | undefined)
            ?.displayName;
        if (title) titles.set(entityRefOf(entity), title);
        if (kind !== 'group' && kind !== 'domain') entities.push(entity);
      }
    }
    const [assetRows, certRows, consumers, registered] = await Promise.all([
      health.assets(),
      certificates.certificates(),
      lineage.consumerCounts(),
      this.registeredModels(entities),
    ]);
    const assets = assetsFromCatalog(entities, ref => {
      const row = assetRows.get(ref);
      const level = certRows.get(ref)?.level;
      return {
        consumers: consumers.get(ref) ?? 0,
        ...(level && { certification: level }),
        ...(row?.status && { health: row.status }),
        ...(row?.updated_at && { updatedAt: row.updated_at }),
      };
    });
    const entityByRef = new Map(entities.map(e => [entityRefOf(e), e]));
    const titleOf = (ref: string | undefined) =>
      ref ? titles.get(ref) ?? ref.split('/').pop() : undefined;
    const search = new MiniSearch<SearchDocument>({
      idField: 'ref',
      fields: SEARCH_FIELDS,
      // Stems without stop words; queries arrive as terms already (see search()).
      processTerm: term => stemOf(term.toLocaleLowerCase('en-US')) ?? null,
      searchOptions: {
        prefix: true,
        fuzzy: 0.2,
        // A typo's match counts less than a word's (MiniSearch: 0.45), so a
        // query for "rouge" ranks ROUGE scores above routes.
        weights: { fuzzy: 0.2, prefix: 0.375 },
        // Every word helps and none is required: assets matching more of the
        // query, in weightier fields, rank higher (BM25+ in MiniSearch).
        combineWith: 'OR',
        boost: SEARCH_FIELD_WEIGHTS,
        processTerm: term => term,
      },
    });
    const byRef = new Map(assets.map(a => [a.ref, a]));
    const inputs = new Map<string, Set<string>>();
    // Direct lineage neighbours, both ways: a search match passes a share of
    // its score to them (see search()).
    const neighbours = new Map<string, string[]>();
    const link = (from: string, to: string) => {
      if (!byRef.has(to)) return;
      const list = neighbours.get(from) ?? [];
      list.push(to);
      neighbours.set(from, list);
    };
    for (const entity of entities) {
      const ref = entityRefOf(entity);
      const refs = declaredRefs(entity)
        .filter(r => DATA_INPUT_FIELDS.has(r.specField))
        .map(r => r.ref);
      if (refs.length) inputs.set(ref, new Set(refs));
      if (!byRef.has(ref)) continue;
      for (const input of new Set(refs)) {
        link(ref, input);
        link(input, ref);
      }
    }
    search.addAll(
      assets.map(asset =>
        searchDocumentOf(
          entityByRef.get(asset.ref)!,
          asset,
          titleOf,
          registered.get(asset.ref),
        ),
      ),
    );
    const facts = new Map<string, AssetFacts>();
    for (const asset of assets) {
      const values = {} as AssetFacts['values'];
      const keys = {} as AssetFacts['keys'];
      for (const facet of MARKETPLACE_FACETS) {
        values[facet] = [...new Set(valuesOf(asset, facet))];
        keys[facet] = values[facet].map(v => v.toLocaleLowerCase('en-US'));
      }
      facts.set(asset.ref, {
        label: (asset.title ?? asset.name).toLocaleLowerCase('en-US'),
        rank: asset.certification
          ? this.options.policy.levels.findIndex(
              l => l.id === asset.certification,
            )
          : -1,
        values,
        keys,
      });
    }
    return {
      facts,
      assets,
      byRef,
      inputs,
      neighbours,
      search,
      signals: rankingSignalsOf(assets, entityByRef, registered),
      vocabulary: Vocabulary.of(assets, entityByRef),
      builtAt: Date.now(),
    };
  }

  /** Synced registry models by asset ref; none when the registries cannot be read. */
  private async registeredModels(
    entities: Entity[],
  ): Promise<Map<string, RegistryModel>> {
    const out = new Map<string, RegistryModel>();
    if (!this.options.registries) return out;
    try {
      const models = await this.options.registries.modelsFor(
        entities.filter(e => e.kind.toLocaleLowerCase('en-US') === 'model'),
      );
      for (const [entity, stored] of models) {
        if (stored && !stored.deletedAt) {
          out.set(entityRefOf(entity), stored.model);
        }
      }
    } catch (error) {
      // Search still works from the catalog alone.
      this.options.logger.warn(
        `Marketplace index: could not read synced registry models: ${error}`,
      );
    }
    return out;
  }

  private async readableRefs(
    snapshot: Snapshot,
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
      subject?: string;
    };
    const key = `${principal.type}:${
      principal.userEntityRef ?? principal.subject ?? ''
    }`;
    const cached = this.readableCache.get(key);
    if (cached && Date.now() - cached.at < READABLE_TTL_MS) return cached.refs;
    const refs = await this.options.readable.filter(
      [...snapshot.byRef.keys()],
      credentials,
    );
    if (this.readableCache.size > 500) this.readableCache.clear();
    this.readableCache.set(key, { at: Date.now(), refs });
    return refs;
  }

  async search(
    query: MarketplaceQuery,
    credentials: BackstageCredentials,
  ): Promise<MarketplaceResults> {
    const snapshot = await this.current();
    const readable = await this.readableRefs(snapshot, credentials);
    const text = query.q?.trim();

    // Hits of the text query, with scores; every readable asset without one.
    type Hit = { asset: MarketplaceAsset; facts: AssetFacts; score: number };
    const hit = (asset: MarketplaceAsset, score: number): Hit => ({
      asset,
      facts: snapshot.facts.get(asset.ref)!,
      score,
    });
    let hits: Hit[];
    const intent = text ? intentOf(text) : undefined;
    if (intent?.terms.length) {
      const scores = rankByText(snapshot, intent, this.synonyms, readable);
      hits = [...scores].map(([ref, score]) =>
        hit(snapshot.byRef.get(ref)!, score),
      );
    } else {
      hits = snapshot.assets
        .filter(a => readable.has(a.ref))
        .map(asset => hit(asset, 0));
    }

    const selected: Array<[MarketplaceFacet, Set<string>]> = [];
    for (const facet of MARKETPLACE_FACETS) {
      const values = query[facet];
      if (values?.length) {
        selected.push([
          facet,
          new Set(values.map(v => v.toLocaleLowerCase('en-US'))),
        ]);
      }
    }
    const matches = (facts: AssetFacts, except?: MarketplaceFacet) => {
      for (const [facet, values] of selected) {
        if (facet === except) continue;
        if (!facts.keys[facet].some(v => values.has(v))) return false;
      }
      return true;
    };

    const facets = {} as MarketplaceResults['facets'];
    for (const facet of MARKETPLACE_FACETS) {
      const counts = new Map<string, number>();
      for (const { facts } of hits) {
        if (selected.length && !matches(facts, facet)) continue;
        for (const value of facts.values[facet]) {
          counts.set(value, (counts.get(value) ?? 0) + 1);
        }
      }
      if (!hits.length) {
        // Nothing matches the words: the filters stay, at zero.
        for (const asset of snapshot.assets) {
          if (!readable.has(asset.ref)) continue;
          for (const value of snapshot.facts.get(asset.ref)!.values[facet]) {
            if (!counts.has(value)) counts.set(value, 0);
          }
        }
      }
      facets[facet] = [...counts.entries()]
        .map(([value, count]) => ({ value, count }))
        .sort(
          (a, b) =>
            b.count - a.count ||
            (a.value < b.value ? -1 : Number(a.value > b.value)),
        );
    }

    const filtered = selected.length
      ? hits.filter(h => matches(h.facts))
      : hits;
    const byName = (a: Hit, b: Hit) =>
      a.facts.label < b.facts.label
        ? -1
        : Number(a.facts.label > b.facts.label);
    const newer = (a: Hit, b: Hit) => {
      const x = a.asset.updatedAt ?? '';
      const y = b.asset.updatedAt ?? '';
      return x > y ? -1 : Number(x < y);
    };
    const sorters: Record<
      MarketplaceQuery['sort'],
      (a: Hit, b: Hit) => number
    > = {
      // Without a query, the most trusted and most reused come first.
      relevance: (a, b) =>
        b.score - a.score ||
        b.facts.rank - a.facts.rank ||
        b.asset.consumers - a.asset.consumers ||
        byName(a, b),
      name: byName,
      recency: (a, b) => newer(a, b) || byName(a, b),
      reuse: (a, b) => b.asset.consumers - a.asset.consumers || byName(a, b),
    };
    filtered.sort(sorters[query.sort]);
    // A page beyond the last (a shared link, fewer results since) shows the last.
    const page = Math.min(
      query.page,
      Math.max(1, Math.ceil(filtered.length / query.pageSize)),
    );
    const start = (page - 1) * query.pageSize;

    // Never a dead end: a spelling that finds something, and when nothing
    // matches, the nearest assets.
    let didYouMean: string | undefined;
    let corrected: Hit[] = [];
    const correction = text && snapshot.vocabulary.correct(text);
    if (correction) {
      const intentOfCorrection = intentOf(correction);
      if (intentOfCorrection.terms.length) {
        corrected = [
          ...rankByText(snapshot, intentOfCorrection, this.synonyms, readable),
        ].map(([ref, score]) => hit(snapshot.byRef.get(ref)!, score));
      }
      if (corrected.length) didYouMean = correction;
    }
    let nearest: MarketplaceResults['nearest'];
    if (!filtered.length) {
      const top = (list: Hit[]) =>
        list
          .sort(sorters.relevance)
          .slice(0, NEAREST_LIMIT)
          .map(h => h.asset);
      if (hits.length && selected.length) {
        nearest = { reason: 'withoutFilters', items: top(hits) };
      } else if (corrected.length) {
        nearest = { reason: 'didYouMean', items: top(corrected) };
      } else {
        nearest = {
          reason: 'popular',
          items: top(
            snapshot.assets
              .filter(a => readable.has(a.ref))
              .map(asset => hit(asset, 0)),
          ),
        };
      }
    }
    return {
      items: filtered.slice(start, start + query.pageSize).map(h => h.asset),
      total: filtered.length,
      page,
      pageSize: query.pageSize,
      facets,
      ...(didYouMean && { didYouMean }),
      ...(nearest && { nearest }),
    };
  }

  /**
   * Recommendations for one asset page: similar assets (same kind, sharing
   * task, domain, inputs or tags) and assets often used together with it
   * (read by the same consumers, from the lineage index).
   */
  async related(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<RelatedAssets> {
    const snapshot = await this.current();
    const readable = await this.readableRefs(snapshot, credentials);
    const self = snapshot.byRef.get(ref);
    if (!self || !readable.has(ref)) {
      throw new NotFoundError(
        `No ML asset ${ref} in the marketplace, or you may not read it`,
      );
    }
    const ownInputs = snapshot.inputs.get(ref) ?? new Set<string>();
    const similar = snapshot.assets
      .filter(a => a.ref !== ref && a.kind === self.kind && readable.has(a.ref))
      .map(asset => {
        const reasons: string[] = [];
        let score = 0;
        if (self.task && asset.task === self.task) {
          score += 3;
          reasons.push(`same task: ${self.task}`);
        }
        if (self.domain && asset.domain === self.domain) {
          score += 2;
          reasons.push('same domain');
        }
        const shared = [...(snapshot.inputs.get(asset.ref) ?? [])].filter(i =>
          ownInputs.has(i),
        );
        if (shared.length) {
          score += 2 * shared.length;
          reasons.push(
            `${shared.length} shared input${shared.length > 1 ? 's' : ''}`,
          );
        }
        const tags = asset.tags.filter(t => self.tags.includes(t));
        if (tags.length) {
          score += tags.length;
          reasons.push(`tags: ${tags.join(', ')}`);
        }
        return { asset, reasons, score };
      })
      .filter(s => s.score > 0)
      .sort(
        (a, b) => b.score - a.score || b.asset.consumers - a.asset.consumers,
      )
      .slice(0, RELATED_LIMIT)
      .map(({ asset, reasons }) => ({ asset, reasons }));

    const consumers = [
      ...new Set(
        (await this.options.lineage.edgesOf([ref], 'downstream')).map(
          e => e.target_ref,
        ),
      ),
    ];
    const together = new Map<string, Set<string>>();
    for (const edge of await this.options.lineage.edgesOf(
      consumers,
      'upstream',
    )) {
      if (edge.source_ref === ref) continue;
      const set = together.get(edge.source_ref) ?? new Set<string>();
      set.add(edge.target_ref);
      together.set(edge.source_ref, set);
    }
    const usedTogether = [...together.entries()]
      .filter(([other]) => snapshot.byRef.has(other) && readable.has(other))
      .map(([other, shared]) => ({
        asset: snapshot.byRef.get(other)!,
        sharedConsumers: [...shared].filter(
          c => readable.has(c) || !snapshot.byRef.has(c),
        ).length,
      }))
      .filter(t => t.sharedConsumers > 0)
      .sort(
        (a, b) =>
          b.sharedConsumers - a.sharedConsumers ||
          a.asset.ref.localeCompare(b.asset.ref),
      )
      .slice(0, RELATED_LIMIT);
    return { similar, usedTogether };
  }
}
