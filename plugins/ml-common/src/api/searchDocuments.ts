import { z } from 'zod';
import { wholeNumberParam } from './queryParams';

/** The portal's global search document type of ML assets (`types[0]=ml-asset`). */
export const ML_ASSET_DOCUMENT_TYPE = 'ml-asset';

/**
 * One Model, Feature or Dataset in the portal's global search (document type
 * `ml-asset`): what `@ml-marketplace/plugin-search-backend-module-ml` indexes
 * and the `ml` frontend plugin's result list item shows. Shaped as
 * `@backstage/plugin-search-common`'s `IndexableDocument`.
 */
export interface MlAssetDocument {
  /** The asset's title, or its name when it has none. */
  title: string;
  /** Everything searchable about the asset, its description first. */
  text: string;
  /** The asset's own description, which a result shows; none when it has none. */
  description?: string;
  /** The entity page: `/catalog/<namespace>/<kind>/<name>`, lower case. */
  location: string;
  /** `Model`, `Feature` or `Dataset`. */
  kind: string;
  lifecycle?: string;
  /** The owner's entity ref, lower case. */
  owner?: string;
  /** The owner's title (a group's display name), else its name. */
  ownerTitle?: string;
  /** The certification level (e.g. `silver`); none when uncertified. */
  certification?: string;
  /** The worst health-check status; none before the first sweep. */
  health?: 'pass' | 'warn' | 'fail';
  tags: string[];
  task?: string;
  /** Entities that read the asset directly. */
  consumers: number;
  /** The search backend shows the document only to readers of this entity. */
  authorization: { resourceRef: string };
}

/** Query of `GET /api/ml/search/documents` (service callers only). */
export const mlSearchDocumentsQuerySchema = z.object({
  page: wholeNumberParam('page', { default: 1 }),
  pageSize: wholeNumberParam('pageSize', { max: 500, default: 100 }),
});

export type MlSearchDocumentsQuery = z.infer<
  typeof mlSearchDocumentsQuerySchema
>;

/** Answer of `GET /api/ml/search/documents`: one page of documents, by name. */
export interface MlSearchDocumentsPage {
  items: MlAssetDocument[];
  /** Assets in the marketplace; a page may hold fewer items than its size. */
  total: number;
  page: number;
  pageSize: number;
  /** The next page to ask for; absent on the last page. */
  nextPage?: number;
}
