import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MARKETPLACE_FACETS,
  isMlKind,
  type MarketplaceAsset,
  type MarketplaceQuery,
  type MarketplaceResults,
  type RegistryModel,
  type RelatedAssets,
} from '@ml-marketplace/plugin-ml-common';
import type { CertificationStore } from '../../database/CertificationStore';
import type { HealthStore } from '../../database/HealthStore';
import type { LineageStore } from '../../database/LineageStore';
import type { ReadableEntities } from '../access/ReadableEntities';
import type { CertificationPolicy } from '../certification/policy';
import type { RegistryQueries } from '../registry/RegistryQueries';
import { NotFoundError } from '@backstage/errors';
import { entityRefOf } from '../entityRefs';
import { intentOf } from './queryIntent';
import { rankByText, scoreByText } from './textRanking';
import { relatedAssetsOf } from './relatedAssets';
import {
  patchSnapshot,
  snapshotOf,
  withRatings,
  type SnapshotChange,
} from './snapshotBuilder';
import type { FeedbackStore } from '../../database/FeedbackStore';
import { mlContentHash } from '@ml-marketplace/plugin-ml-node';
import {
  ANSWER_CACHE,
  NARROWER,
  NEAREST_LIMIT,
  SORTERS,
  facetKey,
  facetValueOrder,
  type Answer,
  type Hit,
  type Snapshot,
} from './snapshot';
import { editDistance } from './vocabulary';
import {
  BUILT_IN_SYNONYMS,
  synonymPhrasesOf,
  synonymTable,
  stemOf,
  type SynonymTable,
  wordsOf,
} from './searchTerms';

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
  /** From the last build, for patches: owners', systems' and domains' titles. */
  private titles = new Map<string, string>();
  /** Content hash (mlContentHash) of each asset as the index has it. */
  private hashes = new Map<string, string>();
  /** Changes applied while a build ran, applied again on its result. */
  private appliedDuringBuild: SnapshotChange[] = [];
  /** Ratings changed while a build ran, applied again on its result. */
  private ratedDuringBuild = new Map<string, MarketplaceAsset['rating']>();
  private readonly readableCache = new Map<
    string,
    { at: number; refs: Set<string>; builtAt: number; patched: number }
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
      /** Users' ratings of the assets (sort and facet `rating`); none when absent. */
      ratings?: Pick<FeedbackStore, 'ratingOverviews'>;
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
      this.appliedDuringBuild = [];
      this.ratedDuringBuild = new Map();
      this.building = this.build()
        .then(built => {
          // A change applied while the catalog was being read may be missing
          // from what was read; it is applied again.
          const missed = this.appliedDuringBuild;
          const rated = this.ratedDuringBuild;
          this.appliedDuringBuild = [];
          this.ratedDuringBuild = new Map();
          const patched = missed.length ? this.patched(built, missed) : built;
          return rated.size
            ? withRatings(patched, rated, this.options.policy)
            : patched;
        })
        .finally(() => {
          this.building = undefined;
        });
    }
    this.snapshot = await this.building;
    return this.snapshot;
  }

  /**
   * Titles of the owners, systems and domains among the facet values and the
   * items, so the page shows "Growth ML" rather than group:default/growth-ml.
   */
  private labelsOf(
    facets: MarketplaceResults['facets'],
    items: MarketplaceAsset[],
  ): Record<string, string> {
    const labels: Record<string, string> = {};
    const add = (ref: string | undefined) => {
      const title = ref && this.titles.get(ref);
      if (title) labels[ref!] = title;
    };
    for (const facet of ['owner', 'system', 'domain'] as const) {
      facets[facet]?.forEach(v => add(v.value));
    }
    for (const item of items) {
      add(item.owner);
      add(item.system);
      add(item.domain);
    }
    return labels;
  }

  /** Whether the index has been built at least once. */
  isBuilt(): boolean {
    return this.snapshot !== undefined;
  }

  /** The content hash of an asset as the index has it; undefined when it has none. */
  knownHash(ref: string): string | undefined {
    return this.hashes.get(ref);
  }

  /**
   * Takes in changed or new Models, Features and Datasets as the catalog now
   * serves them, without a rebuild (see patchSnapshot). Before the first
   * build there is nothing to patch: that build reads them.
   */
  async apply(entities: Entity[]): Promise<void> {
    const assets = entities.filter(e => isMlKind(e.kind));
    if (!assets.length) return;
    const registered = await this.registeredModels(assets);
    const changes = assets.map(entity => ({
      entity,
      registered: registered.get(entityRefOf(entity)),
    }));
    if (this.building) this.appliedDuringBuild.push(...changes);
    if (this.snapshot) this.snapshot = this.patched(this.snapshot, changes);
  }

  /**
   * Takes in an asset's new rating (undefined: nobody rates it any more) as
   * soon as a review is written or removed, so the marketplace sorts and
   * filters by it at once; other replicas read it at their next build.
   */
  applyRating(ref: string, rating: MarketplaceAsset['rating']): void {
    if (this.building) this.ratedDuringBuild.set(ref, rating);
    if (this.snapshot) {
      this.snapshot = withRatings(
        this.snapshot,
        new Map([[ref, rating]]),
        this.options.policy,
      );
    }
  }

  private patched(snapshot: Snapshot, changes: SnapshotChange[]): Snapshot {
    for (const { entity } of changes) {
      this.hashes.set(entityRefOf(entity), mlContentHash(entity));
    }
    return patchSnapshot(snapshot, changes, {
      titles: this.titles,
      policy: this.options.policy,
    });
  }

  /**
   * Waits for a rebuild only when the index is older than `refreshMs`: for
   * callers that must not get a stale one (the search collator), without a
   * rebuild per call.
   */
  async ensureFresh(): Promise<void> {
    const snapshot = this.snapshot;
    if (!snapshot || Date.now() - snapshot.builtAt > this.options.refreshMs) {
      await this.refresh();
    }
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
    const [assetRows, certRows, consumers, registered, ratings] =
      await Promise.all([
        health.assets(),
        certificates.certificates(),
        lineage.consumerCounts(),
        this.registeredModels(entities),
        this.options.ratings?.ratingOverviews() ?? new Map(),
      ]);
    this.titles = titles;
    this.hashes = new Map(
      entities
        .filter(e => isMlKind(e.kind))
        .map(e => [entityRefOf(e), mlContentHash(e)]),
    );
    return snapshotOf({
      entities,
      titles,
      registered,
      policy: this.options.policy,
      trustOf: ref => {
        const row = assetRows.get(ref);
        const level = certRows.get(ref)?.level;
        const rating = ratings.get(ref);
        return {
          consumers: consumers.get(ref) ?? 0,
          ...(level && { certification: level }),
          ...(row?.status && { health: row.status }),
          ...(row?.updated_at && { updatedAt: row.updated_at }),
          ...(rating && { rating }),
        };
      },
    });
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

  /** Every asset the caller may read, as the index has it. */
  async readableAssets(
    credentials: BackstageCredentials,
  ): Promise<MarketplaceAsset[]> {
    const snapshot = await this.current();
    const readable = await this.readableRefs(snapshot, credentials);
    return snapshot.assets.filter(a => readable.has(a.ref));
  }

  /** An owner's, system's or domain's title, when it has one. */
  titleOf(ref: string): string | undefined {
    return this.titles.get(ref);
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
    const patched = snapshot.patchedRefs.length;
    if (
      cached &&
      cached.builtAt === snapshot.builtAt &&
      Date.now() - cached.at < READABLE_TTL_MS
    ) {
      if (cached.patched === patched) return cached.refs;
      // Assets added or changed since: only they are asked about.
      const recheck = [...new Set(snapshot.patchedRefs.slice(cached.patched))];
      const allowed = await this.options.readable.filter(recheck, credentials);
      const refs = new Set(cached.refs);
      for (const ref of recheck) {
        if (allowed.has(ref)) refs.add(ref);
        else refs.delete(ref);
      }
      this.readableCache.set(key, { ...cached, refs, patched });
      return refs;
    }
    const refs = await this.options.readable.filter(
      [...snapshot.byRef.keys()],
      credentials,
    );
    if (this.readableCache.size > 500) this.readableCache.clear();
    this.readableCache.set(key, {
      at: Date.now(),
      refs,
      builtAt: snapshot.builtAt,
      patched,
    });
    return refs;
  }

  async search(
    query: MarketplaceQuery,
    credentials: BackstageCredentials,
  ): Promise<MarketplaceResults> {
    const snapshot = await this.current();
    const readable = await this.readableRefs(snapshot, credentials);
    const text = query.q?.trim();
    const selectedKey = MARKETPLACE_FACETS.map(f =>
      (query[f] ?? []).map(v => v.toLocaleLowerCase('en-US')).join('\u0001'),
    ).join('\u0002');
    const key = `${this.callerKey(credentials)}\u0003${text ?? ''}\u0003${
      query.sort
    }\u0003${selectedKey}`;
    let answer: Answer | undefined;
    const cached = ANSWER_CACHE ? snapshot.answers.get(key) : undefined;
    if (cached && cached.readable === readable) {
      answer = cached.answer;
      // Most recently used last.
      snapshot.answers.delete(key);
      snapshot.answers.set(key, cached);
    } else {
      answer = this.answer(snapshot, readable, query, text);
      if (ANSWER_CACHE) {
        snapshot.answers.set(key, { readable, answer });
        if (snapshot.answers.size > ANSWER_CACHE) {
          snapshot.answers.delete(snapshot.answers.keys().next().value!);
        }
      }
    }
    const { filtered, facets, didYouMean, nearest } = answer;
    // A page beyond the last (a shared link, fewer results since) shows the last.
    const page = Math.min(
      query.page,
      Math.max(1, Math.ceil(filtered.length / query.pageSize)),
    );
    const start = (page - 1) * query.pageSize;
    const items = filtered
      .slice(start, start + query.pageSize)
      .map(h => h.asset);
    return {
      items,
      total: filtered.length,
      page,
      pageSize: query.pageSize,
      facets,
      labels: this.labelsOf(facets, [...items, ...(nearest?.items ?? [])]),
      ...(didYouMean && { didYouMean }),
      ...(nearest && { nearest }),
    };
  }

  private callerKey(credentials: BackstageCredentials): string {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
      subject?: string;
    };
    return `${principal.type}:${
      principal.userEntityRef ?? principal.subject ?? ''
    }`;
  }

  private answer(
    snapshot: Snapshot,
    readable: Set<string>,
    query: MarketplaceQuery,
    text: string | undefined,
  ): Answer {
    const hit = (asset: MarketplaceAsset, score: number): Hit => ({
      asset,
      facts: snapshot.facts.get(asset.ref)!,
      score,
    });
    let hits: Hit[];
    // Without words every asset has score 0: hits come in the sort's order.
    let sorted = false;
    const correction =
      text &&
      snapshot.vocabulary.correct(
        text,
        stem =>
          snapshot.search.search(stem, { prefix: false, fuzzy: false }).length >
          0,
      );
    const intentOfCorrection = correction ? intentOf(correction) : undefined;
    const intent = text ? intentOf(text) : undefined;
    if (intent && correction) {
      // A word one edit from a known one is read as that word: searched in
      // full, with its synonyms and the kind it names ("anomoly", "modles
      // for churn"). Further corrections are offered, not applied.
      const typed = wordsOf(text);
      const misspelt: string[] = [];
      const near = wordsOf(correction).filter((word, at) => {
        if (word === typed[at] || editDistance(word, typed[at]) > 1) {
          return false;
        }
        misspelt.push(stemOf(typed[at]) ?? typed[at]);
        return true;
      });
      const read = intentOf(near.join(' '));
      if (read.topical) {
        intent.misspelt = misspelt;
        intent.corrected = read.terms.filter(t => !intent.terms.includes(t));
      }
      read.kinds.forEach(k => intent.kinds.add(k));
      read.lifecycles.forEach(l => intent.lifecycles.add(l));
    }
    if (intent?.terms.length) {
      const { order, scores } = scoreByText(
        snapshot,
        intent,
        this.synonyms,
        readable,
      );
      hits = order.map(i => ({
        asset: snapshot.assets[i],
        facts: snapshot.factsAt[i],
        score: scores[i],
      }));
    } else {
      const all = snapshot.ordered[query.sort];
      hits =
        readable.size >= all.length && all.every(h => readable.has(h.asset.ref))
          ? all
          : all.filter(h => readable.has(h.asset.ref));
      sorted = true;
    }

    // Picked values as a mask over each facet's value ids.
    const selected: Array<[number, Uint8Array]> = [];
    MARKETPLACE_FACETS.forEach((facet, f) => {
      const values = query[facet];
      if (values?.length) {
        const wanted = new Set(values.map(v => facetKey(facet, v)));
        const { keys } = snapshot.columns[f];
        const mask = new Uint8Array(keys.length);
        keys.forEach((k, id) => {
          if (wanted.has(k)) mask[id] = 1;
        });
        selected.push([f, mask]);
      }
    });
    const columns = snapshot.columns;
    const matches = (index: number, except?: number) => {
      for (const [f, mask] of selected) {
        if (f === except) continue;
        const { offsets, ids } = columns[f];
        let any = false;
        for (let k = offsets[index]; k < offsets[index + 1]; k++) {
          if (mask[ids[k]]) {
            any = true;
            break;
          }
        }
        if (!any) return false;
      }
      return true;
    };

    const everything = hits === snapshot.ordered[query.sort];
    const facets = {} as MarketplaceResults['facets'];
    MARKETPLACE_FACETS.forEach((facet, f) => {
      const { offsets, ids, values: names, all } = columns[f];
      let counts: Int32Array;
      const seen = new Uint8Array(names.length);
      if (everything && !selected.length) {
        counts = all;
      } else {
        counts = new Int32Array(names.length);
        for (const { facts } of hits) {
          const i = facts.index;
          if (selected.length && !matches(i, f)) continue;
          for (let k = offsets[i]; k < offsets[i + 1]; k++) counts[ids[k]]++;
        }
      }
      for (let id = 0; id < names.length; id++) if (counts[id]) seen[id] = 1;
      if (!hits.length) {
        // Nothing matches the words: the filters stay, at zero.
        for (const asset of snapshot.assets) {
          if (!readable.has(asset.ref)) continue;
          const i = snapshot.facts.get(asset.ref)!.index;
          for (let k = offsets[i]; k < offsets[i + 1]; k++) seen[ids[k]] = 1;
        }
      }
      const list: Array<{ value: string; count: number }> = [];
      for (let id = 0; id < names.length; id++) {
        if (seen[id]) list.push({ value: names[id], count: counts[id] });
      }
      facets[facet] = list.sort(facetValueOrder(facet));
    });

    let filtered: Hit[];
    if (selected.length) filtered = hits.filter(h => matches(h.facts.index));
    else filtered = sorted ? hits : [...hits];
    if (!sorted) filtered.sort(SORTERS[query.sort]);

    // Never a dead end: a spelling that finds something, and when nothing
    // matches, the nearest assets.
    let didYouMean: string | undefined;
    let corrected: Hit[] = [];
    if (correction && intentOfCorrection) {
      if (intentOfCorrection.terms.length) {
        if (filtered.length) {
          // Only whether it finds something readable matters here.
          didYouMean = findsReadable(
            snapshot,
            intentOfCorrection,
            this.synonyms,
            readable,
          )
            ? correction
            : undefined;
        } else {
          corrected = [
            ...rankByText(
              snapshot,
              intentOfCorrection,
              this.synonyms,
              readable,
            ),
          ].map(([ref, score]) => hit(snapshot.byRef.get(ref)!, score));
          if (corrected.length) didYouMean = correction;
        }
      }
    }
    let nearest: MarketplaceResults['nearest'];
    if (!filtered.length) {
      const top = (list: Hit[]) =>
        [...list]
          .sort(SORTERS.relevance)
          .slice(0, NEAREST_LIMIT)
          .map(h => h.asset);
      if (hits.length && selected.length) {
        nearest = { reason: 'withoutFilters', items: top(hits) };
      } else if (corrected.length) {
        nearest = { reason: 'didYouMean', items: top(corrected) };
      } else {
        nearest = {
          reason: 'popular',
          items: snapshot.ordered.relevance
            .filter(h => readable.has(h.asset.ref))
            .slice(0, NEAREST_LIMIT)
            .map(h => h.asset),
        };
      }
    }
    return { filtered, facets, didYouMean, nearest };
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
    return relatedAssetsOf(snapshot, ref, readable, this.options.lineage);
  }
}

/**
 * Whether a text query finds an asset the caller may read: what rankByText
 * would return something for (its lineage shares only flow from such a
 * match), without scoring every match.
 */
function findsReadable(
  snapshot: Snapshot,
  intent: ReturnType<typeof intentOf>,
  synonyms: SynonymTable,
  readable: Set<string>,
): boolean {
  const phrases = synonymPhrasesOf(intent.terms, synonyms, NARROWER);
  for (const result of snapshot.search.search({
    combineWith: 'OR',
    queries: [
      intent.terms.join(' '),
      ...phrases.map(phrase => ({
        combineWith: 'AND' as const,
        queries: [phrase.join(' ')],
      })),
    ],
  })) {
    if (readable.has(result.id)) return true;
  }
  return false;
}
