import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, ResponseError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import {
  ML_ASSET_DOCUMENT_TYPE,
  type MlAssetDocument,
  type MlSearchDocumentsPage,
} from '@ml-marketplace/plugin-ml-common';
import { Readable } from 'node:stream';

export const CONFIG_KEY = 'search.collators.mlAssets';
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;

/** Options of {@link MlAssetCollatorFactory}. */
export interface MlAssetCollatorFactoryOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  /** Documents per request to the `ml` backend, 1 to 500. @defaultValue 100 */
  pageSize?: number;
}

/**
 * Every key of a document, always present (the in-memory Lunr engine takes
 * its searchable fields from the first document it indexes), and no other.
 */
function documentOf(doc: MlAssetDocument): MlAssetDocument {
  return {
    title: doc.title,
    text: doc.text,
    description: doc.description,
    location: doc.location,
    kind: doc.kind,
    lifecycle: doc.lifecycle,
    owner: doc.owner,
    ownerTitle: doc.ownerTitle,
    certification: doc.certification,
    health: doc.health,
    tags: doc.tags ?? [],
    task: doc.task,
    consumers: doc.consumers ?? 0,
    authorization: { resourceRef: doc.authorization.resourceRef },
  };
}

/**
 * Collates the `ml-asset` documents of the portal's search: every Model,
 * Feature and Dataset as the `ml` backend's marketplace knows it (kind, owner
 * title, lifecycle, certification, health, tags, task, consumers, and its
 * searchable text), read page by page from `GET /api/ml/search/documents` as
 * this plugin's service. The search backend shows each document only to those
 * who may read its entity (`catalog.entity.read`), as it does for the catalog.
 *
 * @public
 */
export class MlAssetCollatorFactory implements DocumentCollatorFactory {
  readonly type = ML_ASSET_DOCUMENT_TYPE;
  readonly visibilityPermission = catalogEntityReadPermission;
  private readonly pageSize: number;

  /** Reads `search.collators.mlAssets.pageSize`; refuses a bad value by name. */
  static fromConfig(
    config: Config,
    options: Omit<MlAssetCollatorFactoryOptions, 'pageSize'>,
  ): MlAssetCollatorFactory {
    return new MlAssetCollatorFactory({
      ...options,
      pageSize: config.getOptionalNumber(`${CONFIG_KEY}.pageSize`),
    });
  }

  constructor(private readonly options: MlAssetCollatorFactoryOptions) {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (
      !Number.isInteger(pageSize) ||
      pageSize < 1 ||
      pageSize > MAX_PAGE_SIZE
    ) {
      throw new InputError(
        `${CONFIG_KEY}.pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`,
      );
    }
    this.pageSize = pageSize;
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.execute());
  }

  private async *execute(): AsyncGenerator<MlAssetDocument> {
    const { auth, discovery } = this.options;
    const baseUrl = await discovery.getBaseUrl('ml');
    // An asset renamed between two pages could come twice; index it once.
    const seen = new Set<string>();
    let page: number | undefined = 1;
    while (page !== undefined) {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'ml',
      });
      const response = await fetch(
        `${baseUrl}/search/documents?page=${page}&pageSize=${this.pageSize}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!response.ok) throw await ResponseError.fromResponse(response);
      const body = (await response.json()) as MlSearchDocumentsPage;
      for (const doc of body.items) {
        if (seen.has(doc.location)) continue;
        seen.add(doc.location);
        yield documentOf(doc);
      }
      page =
        body.nextPage !== undefined && body.nextPage > page
          ? body.nextPage
          : undefined;
    }
  }
}
