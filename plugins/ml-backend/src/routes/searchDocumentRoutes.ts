import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  mlSearchDocumentsQuerySchema,
  type MarketplaceAsset,
  type MlAssetDocument,
  type MlSearchDocumentsPage,
} from '@ml-marketplace/plugin-ml-common';
import type express from 'express';
import type { RouteContext } from '../router';
import { entityRefOf } from '../services/entityRefs';
import {
  SEARCH_FIELDS,
  searchDocumentOf,
} from '../services/marketplace/searchDocuments';

/** The fields a title of an owner, system or domain needs. */
const TITLE_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'spec.profile.displayName',
];

/**
 * The marketplace's searchable fields as one text: the description first (a
 * result shows the start of the text), the title left out (it has a field of
 * its own).
 */
const TEXT_FIELDS = [
  'description' as const,
  ...SEARCH_FIELDS.filter(f => f !== 'title' && f !== 'description'),
];

/** Titles of the owners, systems and domains of `assets`, by lower-case ref. */
async function titlesOf(
  assets: MarketplaceAsset[],
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Map<string, string>> {
  const refs = [
    ...new Set(
      assets
        .flatMap(a => [a.owner, a.system, a.domain])
        .filter((r): r is string => !!r),
    ),
  ];
  const titles = new Map<string, string>();
  if (!refs.length) return titles;
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: refs, fields: TITLE_FIELDS },
    { credentials },
  );
  items.forEach((entity, i) => {
    const title =
      entity?.metadata.title ??
      (entity?.spec?.profile as { displayName?: string } | undefined)
        ?.displayName;
    if (title) titles.set(refs[i], title);
  });
  return titles;
}

/** An asset as a global search document: the marketplace's text, joined. */
function documentOf(
  entity: Entity,
  asset: MarketplaceAsset,
  titleOf: (ref: string | undefined) => string | undefined,
): MlAssetDocument {
  const fields = searchDocumentOf(entity, asset, titleOf);
  const path = [asset.namespace, asset.kind, asset.name]
    .map(encodeURIComponent)
    .join('/');
  return {
    title: asset.title ?? asset.name,
    text: TEXT_FIELDS.map(field => fields[field])
      .filter(Boolean)
      .join(' \n '),
    description: asset.description,
    // As the catalog collator writes locations: lower case.
    location: `/catalog/${path}`.toLocaleLowerCase('en-US'),
    kind: asset.kind,
    lifecycle: asset.lifecycle,
    owner: asset.owner,
    ownerTitle: titleOf(asset.owner),
    certification: asset.certification,
    health: asset.health,
    tags: asset.tags,
    task: asset.task,
    consumers: asset.consumers,
    authorization: { resourceRef: asset.ref },
  };
}

/**
 * Every ML asset as a document of the portal's global search, for the search
 * module's collator: service callers only, a page at a time, by name.
 */
export function addSearchDocumentRoutes(
  router: express.Router,
  { httpAuth, parse, marketplace, catalog }: RouteContext,
) {
  router.get('/search/documents', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const { page, pageSize } = parse(mlSearchDocumentsQuerySchema, req.query);
    // A collator pass starts at page 1: index what holds now, not an index
    // nobody searched for a while (it rebuilds only when asked), yet without
    // a full rebuild per pass when it is fresh.
    if (page === 1) await marketplace.ensureFresh();
    const assets = await marketplace.search(
      { sort: 'name', page, pageSize },
      credentials,
    );
    const [{ items: entities }, titles] = await Promise.all([
      catalog.getEntitiesByRefs(
        { entityRefs: assets.items.map(a => a.ref) },
        { credentials },
      ),
      titlesOf(assets.items, catalog, credentials),
    ]);
    const byRef = new Map(
      entities.filter((e): e is Entity => !!e).map(e => [entityRefOf(e), e]),
    );
    const titleOf = (ref: string | undefined) =>
      ref ? titles.get(ref) ?? ref.split('/').pop() : undefined;
    const body: MlSearchDocumentsPage = {
      // An asset removed from the catalog since the index was built is left out.
      items: assets.items.flatMap(asset => {
        const entity = byRef.get(asset.ref);
        return entity ? [documentOf(entity, asset, titleOf)] : [];
      }),
      total: assets.total,
      page,
      pageSize,
      ...(page * pageSize < assets.total && { nextPage: page + 1 }),
    };
    res.json(body);
  });
}
