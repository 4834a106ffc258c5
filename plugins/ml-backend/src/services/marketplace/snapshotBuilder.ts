import type { Entity } from '@backstage/catalog-model';
import {
  MARKETPLACE_FACETS,
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
  // Owners, systems, lifecycles, tags, …: one string (and list) per distinct
  // value instead of a copy per asset.
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
  const entityByRef = new Map(entities.map(e => [entityRefOf(e), e]));
  const titleOf = (ref: string | undefined) =>
    ref ? titles.get(ref) ?? ref.split('/').pop() : undefined;
  const search = new MiniSearch<SearchDocument>({
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
  const byRef = new Map(assets.map(a => [a.ref, a]));
  const inputs = new Map<string, string[]>();
  // Direct lineage neighbours, both ways: a search match passes a share of
  // its score to them (see search()).
  const neighbours = new Map<string, string[]>();
  // The assets' own ref strings, not each entity's copy of them.
  const link = (from: string, to: string) => {
    const target = byRef.get(to);
    if (!target) return;
    const list = neighbours.get(from) ?? [];
    list.push(target.ref);
    neighbours.set(from, list);
  };
  for (const entity of entities) {
    let ref = entityRefOf(entity);
    const refs = declaredRefs(entity)
      .filter(r => DATA_INPUT_FIELDS.has(r.specField))
      .map(r => r.ref);
    const own = byRef.get(ref);
    if (refs.length) {
      inputs.set(own?.ref ?? ref, [
        ...new Set(refs.map(r => byRef.get(r)?.ref ?? r)),
      ]);
    }
    if (!own) continue;
    ref = own.ref;
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
      pos: { relevance: 0, name: 0, recency: 0, reuse: 0 },
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
    inputs,
    search,
    signals: rankingSignalsOf(assets, entityByRef, registered),
    vocabulary: Vocabulary.of(assets, entityByRef),
    columns,
    ordered,
    answers: new Map(),
    builtAt: Date.now(),
  };
}
