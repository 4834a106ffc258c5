/*
 * What the benches ask the marketplace, and the catalog call it is measured
 * against: the same in ml-trust and marketplace-scale, so that their figures
 * compare.
 */

const PAGE_SIZE = 24;

/** The catalog's own list call for the three ML kinds, one page: the baseline. */
const CATALOG_LIST =
  '/api/catalog/entities/by-query?filter=kind=model,kind=feature,kind=dataset&limit=24';

/** GET /api/ml/marketplace with `query`, a page of PAGE_SIZE. */
const marketplacePath = query =>
  `/api/ml/marketplace?${new URLSearchParams({
    pageSize: String(PAGE_SIZE),
    ...Object.fromEntries(
      Object.entries(query).map(([k, v]) => [k, String(v)]),
    ),
  })}`;

/** A word of a generated description with one letter changed, and the word. */
function typoQuery(docs) {
  const description = docs.find(
    d => d.kind === 'Model' && d.metadata.description,
  ).metadata.description;
  const word = description
    .split(/\s+/)
    .filter(w => /^[a-z]+$/i.test(w))
    .sort((a, b) => b.length - a.length)[0]
    .toLowerCase();
  const i = Math.floor(word.length / 2);
  const swapped =
    word[i] === 'z' ? 'a' : String.fromCharCode(word.charCodeAt(i) + 1);
  return { typo: word.slice(0, i) + swapped + word.slice(i + 1), word };
}

/**
 * The warm query shapes (b)-(f), given the first answer (for the facets and
 * the last page) and the generated docs (for the typo): an empty query, a
 * text query with a one-letter typo, the most common kind and owner, sort by
 * reuse, the last page.
 */
function warmShapes(first, docs) {
  const top = facet => first.facets[facet][0]?.value;
  const { typo, word } = typoQuery(docs);
  const lastPage = Math.max(1, Math.ceil(first.total / PAGE_SIZE));
  return [
    { label: '(b) empty query, page 1', query: {} },
    {
      label: `(c) text with a typo: q=${typo}`,
      query: { q: typo },
      note: `typo of "${word}"`,
    },
    {
      label: '(d) two facets: kind and owner',
      query: { kind: top('kind'), owner: top('owner') },
    },
    { label: '(e) empty query, sort=reuse', query: { sort: 'reuse' } },
    { label: `(f) last page: page=${lastPage}`, query: { page: lastPage } },
  ];
}

module.exports = {
  PAGE_SIZE,
  CATALOG_LIST,
  marketplacePath,
  typoQuery,
  warmShapes,
};
