import type { Entity } from '@backstage/catalog-model';
import {
  MARKETPLACE_FACETS,
  type MarketplaceAsset,
  type MarketplaceQuery,
  type RegistryModel,
} from '@ml-marketplace/plugin-ml-common';
import MiniSearch from 'minisearch';
import type { CertificationPolicy } from '../certification/policy';
import { DATA_INPUT_FIELDS, declaredRefs } from '../health/checks/declaredRefs';
import { entityRefOf } from '../entityRefs';
import { assetsFromCatalog, type TrustFacts } from './assetsFromCatalog';
import { rankingSignalsOf } from './rankingSignals';
import {
  STATIC_SORTERS,
  indexTerm,
  interner,
  queryTerm,
  valuesOf,
  type AssetFacts,
  type FacetColumn,
  type Hit,
  type Snapshot,
} from './snapshot';
import { Vocabulary } from './vocabulary';
import {
  SEARCH_FIELDS,
  SEARCH_FIELD_WEIGHTS,
  searchDocumentOf,
  type SearchDocument,
} from './searchDocuments';

/**
 * One edit for words of five letters or more ("anomoly", "gradiant"); a
 * shorter word is taken as written, so "hate" does not find "rate". At module
 * level: a function made inside snapshotOf() would keep that scope's catalog
 * copies alive as long as the index (350 MB at 100,000 assets).
 */
const typoTolerance = (term: string) => (term.length >= 5 ? 0.2 : false);

/** What a marketplace index is built from, read by MarketplaceIndex. */
export interface SnapshotInput {
  /** Models, Features, Datasets and the Systems they belong to. */
  entities: Entity[];
  /** Titles of owners, systems and domains by ref. */
  titles: Map<string, string>;
  /** Synced registry models by asset ref. */
  registered: Map<string, RegistryModel>;
  policy: CertificationPolicy;
  /** Reuse, certification and health of an asset. */
  trustOf: (ref: string) => TrustFacts;
}

/** Owners, systems, lifecycles, tags, …: one string (and list) per distinct value. */
function internStrings(assets: MarketplaceAsset[]) {
  const strings = new Map<string, string>();
  const shared = interner();
  const one = (v: unknown) => {
    if (typeof v !== 'string') return v;
    const known = strings.get(v);
    if (known !== undefined) return known;
    strings.set(v, v);
    return v;
  };
  for (const asset of assets as any[]) {
    for (const k of [
      'kind',
      'namespace',
      'owner',
      'system',
      'domain',
      'lifecycle',
      'classification',
      'license',
      'task',
      'health',
      'certification',
      'updatedAt',
    ]) {
      if (k in asset) asset[k] = one(asset[k]);
    }
    for (const k of ['tags', 'dataSources']) {
      if (Array.isArray(asset[k])) asset[k] = shared(asset[k].map(one));
    }
  }
}

/** The data inputs (datasets, features) an entity declares, as refs. */
function declaredInputs(entity: Entity): string[] {
  return declaredRefs(entity)
    .filter(r => DATA_INPUT_FIELDS.has(r.specField))
    .map(r => r.ref);
}

function newSearchIndex() {
  return new MiniSearch<SearchDocument>({
    idField: 'ref',
    fields: SEARCH_FIELDS,
    // Stems without stop words; queries arrive as terms already (see search()).
    processTerm: indexTerm,
    searchOptions: {
      prefix: true,
      fuzzy: typoTolerance,
      maxFuzzy: 1,
      // A typo's match counts less than a word's (MiniSearch: 0.45), so a
      // query for "rouge" ranks ROUGE scores above routes.
      weights: { fuzzy: 0.2, prefix: 0.375 },
      // Every word helps and none is required: assets matching more of the
      // query, in weightier fields, rank higher (BM25+ in MiniSearch).
      combineWith: 'OR',
      boost: SEARCH_FIELD_WEIGHTS,
      processTerm: queryTerm,
    },
  });
}

/**
 * Everything a search filters and sorts by, as numbers over the assets:
 * facet columns, each sort's order, lineage neighbours. Linear in the
 * assets (and a sort), with no text work, so a patch can afford it.
 */
function layoutOf(
  assets: MarketplaceAsset[],
  inputs: Map<string, string[]>,
  policy: CertificationPolicy,
) {
  const byRef = new Map(assets.map(a => [a.ref, a]));
  // Direct lineage neighbours, both ways: a search match passes a share of
  // its score to them (see search()). The assets' own ref strings.
  const neighbours = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    const target = byRef.get(to);
    if (!target) return;
    const list = neighbours.get(from) ?? [];
    list.push(target.ref);
    neighbours.set(from, list);
  };
  for (const [ref, refs] of inputs) {
    if (!byRef.has(ref)) continue;
    for (const input of new Set(refs)) {
      link(ref, input);
      link(input, ref);
    }
  }
  const facts = new Map<string, AssetFacts>();
  const facetIds = MARKETPLACE_FACETS.map(() => new Map<string, number>());
  const columns: FacetColumn[] = MARKETPLACE_FACETS.map(() => ({
    offsets: new Int32Array(assets.length + 1),
    ids: new Int32Array(0),
    values: [],
    keys: [],
    all: new Int32Array(0),
  }));
  const idLists: number[][] = MARKETPLACE_FACETS.map(() => []);
  assets.forEach((asset, index) => {
    MARKETPLACE_FACETS.forEach((facet, f) => {
      const own = [...new Set(valuesOf(asset, facet))];
      const column = columns[f];
      for (const v of own) {
        let id = facetIds[f].get(v);
        if (id === undefined) {
          id = column.values.push(v) - 1;
          column.keys.push(v.toLocaleLowerCase('en-US'));
          facetIds[f].set(v, id);
        }
        idLists[f].push(id);
      }
      column.offsets[index + 1] = idLists[f].length;
    });
    facts.set(asset.ref, {
      index,
      label: (asset.title ?? asset.name).toLocaleLowerCase('en-US'),
      rank: asset.certification
        ? policy.levels.findIndex(l => l.id === asset.certification)
        : -1,
      pos: { relevance: 0, name: 0, recency: 0, reuse: 0, rating: 0 },
    });
  });
  columns.forEach((column, f) => {
    column.ids = Int32Array.from(idLists[f]);
    column.all = new Int32Array(column.values.length);
    for (const id of column.ids) column.all[id]++;
  });
  // Each sort's order over all assets, score aside (the comparators of
  // search(), stable over the assets' order as before).
  const zero: Hit[] = assets.map(asset => ({
    asset,
    facts: facts.get(asset.ref)!,
    score: 0,
  }));
  const ordered = {} as Snapshot['ordered'];
  for (const sort of Object.keys(STATIC_SORTERS) as Array<
    MarketplaceQuery['sort']
  >) {
    ordered[sort] = [...zero].sort(STATIC_SORTERS[sort]);
    ordered[sort].forEach((h, i) => {
      h.facts.pos[sort] = i;
    });
  }
  const numberOf = new Map(assets.map((a, i) => [a.ref, i]));
  const nearAt = new Int32Array(assets.length + 1);
  const nearList: number[] = [];
  assets.forEach((a, i) => {
    for (const other of neighbours.get(a.ref) ?? []) {
      nearList.push(numberOf.get(other)!);
    }
    nearAt[i + 1] = nearList.length;
  });
  return {
    numberOf,
    nearAt,
    near: Int32Array.from(nearList),
    kindOf: assets.map(a => a.kind.toLocaleLowerCase('en-US')),
    facts,
    factsAt: assets.map(a => facts.get(a.ref)!),
    assets,
    byRef,
    columns,
    ordered,
  };
}

/**
 * The marketplace's index over a catalog: the assets, their full-text index,
 * lineage neighbours, ranking signals and spelling vocabulary, and each
 * facet as numbered columns with every sort's order worked out, so a search
 * is a filter over numbers.
 */
export function snapshotOf({
  entities,
  titles,
  registered,
  policy,
  trustOf,
}: SnapshotInput): Snapshot {
  const assets = assetsFromCatalog(entities, trustOf);
  internStrings(assets);
  const entityByRef = new Map(entities.map(e => [entityRefOf(e), e]));
  const titleOf = (ref: string | undefined) =>
    ref ? titles.get(ref) ?? ref.split('/').pop() : undefined;
  const byRef = new Map(assets.map(a => [a.ref, a]));
  const inputs = new Map<string, string[]>();
  for (const entity of entities) {
    const refs = declaredInputs(entity);
    if (!refs.length) continue;
    const ref = entityRefOf(entity);
    inputs.set(byRef.get(ref)?.ref ?? ref, [
      ...new Set(refs.map(r => byRef.get(r)?.ref ?? r)),
    ]);
  }
  const search = newSearchIndex();
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
  return {
    ...layoutOf(assets, inputs, policy),
    inputs,
    search,
    signals: rankingSignalsOf(assets, entityByRef, registered),
    vocabulary: Vocabulary.of(assets, entityByRef),
    answers: new Map(),
    builtAt: Date.now(),
    patchedRefs: [],
  };
}

/** A catalog change the index learns between builds. */
export interface SnapshotChange {
  entity: Entity;
  registered?: RegistryModel;
}

/**
 * The index with these Models, Features and Datasets added or replaced,
 * without a rebuild: their documents are replaced in the full-text index,
 * their words taught to the spelling vocabulary and their signals swapped;
 * only the numeric layout (facets, sort orders, neighbours) is laid out
 * again. Until the next build, trust facts (health, certification, reuse)
 * stay as last built, and a changed dataset's storage does not yet flow
 * to the assets downstream of it. `prev` must not be searched afterwards: the
 * full-text index and the vocabulary are shared with the result.
 */
export function patchSnapshot(
  prev: Snapshot,
  changes: SnapshotChange[],
  { titles, policy }: Pick<SnapshotInput, 'titles' | 'policy'>,
): Snapshot {
  const titleOf = (ref: string | undefined) =>
    ref ? titles.get(ref) ?? ref.split('/').pop() : undefined;
  const assets = prev.assets.slice();
  const inputs = new Map(prev.inputs);
  const domains = new Map<string, string>();
  for (const a of prev.assets) {
    if (a.system && a.domain) domains.set(a.system, a.domain);
  }
  const known = {
    sourcesOf: (ref: string) => prev.byRef.get(ref)?.dataSources.slice(),
    domainOf: (system: string) => domains.get(system),
  };
  const changed: Array<{
    asset: MarketplaceAsset;
    entity: Entity;
    registered?: RegistryModel;
  }> = [];
  for (const { entity, registered } of changes) {
    const ref = entityRefOf(entity);
    const before = prev.byRef.get(ref);
    // What the index knew of its trust: kept until the next build.
    const [asset] = assetsFromCatalog(
      [entity],
      () => ({
        consumers: before?.consumers ?? 0,
        ...(before?.certification && { certification: before.certification }),
        ...(before?.health && { health: before.health }),
        ...(before?.updatedAt && { updatedAt: before.updatedAt }),
        ...(before?.rating && { rating: before.rating }),
      }),
      known,
    );
    if (!asset) continue;
    const at = prev.numberOf.get(ref);
    if (at === undefined) assets.push(asset);
    else assets[at] = asset;
    const refs = declaredInputs(entity);
    if (refs.length) inputs.set(ref, [...new Set(refs)]);
    else inputs.delete(ref);
    const document = searchDocumentOf(entity, asset, titleOf, registered);
    if (prev.search.has(ref)) prev.search.replace(document);
    else prev.search.add(document);
    changed.push({ asset, entity, registered });
  }
  internStrings(changed.map(c => c.asset));
  prev.vocabulary.learn(changed);
  return {
    ...layoutOf(assets, inputs, policy),
    inputs,
    search: prev.search,
    signals: prev.signals.with(changed),
    vocabulary: prev.vocabulary,
    answers: new Map(),
    builtAt: prev.builtAt,
    patchedRefs: [...prev.patchedRefs, ...changed.map(c => c.asset.ref)],
  };
}

/**
 * The index with these assets' ratings replaced (undefined: no ratings any
 * more), as soon as a review is written: only the numeric layout is laid out
 * again. Assets the index does not hold are left out.
 */
export function withRatings(
  prev: Snapshot,
  ratings: Map<string, MarketplaceAsset['rating']>,
  policy: CertificationPolicy,
): Snapshot {
  let assets: MarketplaceAsset[] | undefined;
  for (const [ref, rating] of ratings) {
    const at = prev.numberOf.get(ref);
    if (at === undefined) continue;
    assets ??= prev.assets.slice();
    const { rating: _before, ...asset } = assets[at];
    assets[at] = rating ? { ...asset, rating } : asset;
  }
  if (!assets) return prev;
  return {
    ...prev,
    ...layoutOf(assets, prev.inputs, policy),
    answers: new Map(),
  };
}
