import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

const BATCH = 1000;

/**
 * Which entities a caller may read, decided by the catalog's own read
 * permission. When the policy allows or denies reading outright, no catalog
 * request is made; for conditional decisions the catalog is asked once per
 * thousand refs with the caller's credentials, so its rules apply unchanged.
 */
export class ReadableEntities {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      permissions: PermissionsService;
    },
  ) {}

  async filter(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    if (!refs.length) return new Set();
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return new Set(refs);
    if (decision.result === AuthorizeResult.DENY) return new Set();
    const readable = new Set<string>();
    for (let i = 0; i < refs.length; i += BATCH) {
      const batch = refs.slice(i, i + BATCH);
      const { items } = await this.options.catalog.getEntitiesByRefs(
        {
          entityRefs: batch,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      items.forEach((item, index) => {
        if (item) readable.add(batch[index]);
      });
    }
    return readable;
  }

  async canRead(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    return (await this.filter([ref], credentials)).has(ref);
  }
}
