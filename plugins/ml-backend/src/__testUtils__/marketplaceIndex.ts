import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { marketplaceQuerySchema } from '@ml-marketplace/plugin-ml-common';
import { CertificationStore } from '../database/CertificationStore';
import { HealthStore } from '../database/HealthStore';
import { DatabaseLineageStore } from '../database/LineageStore';
import { DEFAULT_LEVELS } from '../services/certification/policy';
import { LineageIndexer } from '../services/lineage/LineageIndexer';
import { MarketplaceIndex } from '../services/marketplace/MarketplaceIndex';
import { migratedTestDatabase } from './databases';
import { readableThroughCatalog } from './readable';

/** A catalog that streams and resolves `entities`, hiding `hidden` refs from lookups. */
export function fakeCatalog(entities: Entity[], hidden: string[] = []) {
  const key = (e: Entity) =>
    `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase();
  return {
    streamEntities: async function* stream(request: any) {
      const kinds: string[] = request?.filter?.kind ?? [];
      yield entities.filter(
        e => !kinds.length || kinds.includes(e.kind.toLowerCase()),
      );
    },
    getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => ({
      items: entityRefs.map(r =>
        hidden.includes(r) ? undefined : entities.find(e => key(e) === r),
      ),
    }),
  } as any;
}

/** A marketplace index over `entities` on a migrated test database, and ways to ask it. */
export async function marketplaceIndexFor(
  databaseId: Parameters<typeof migratedTestDatabase>[0],
  entities: Entity[],
  options: {
    hidden?: string[];
    synonyms?: ReadonlyArray<ReadonlyArray<string>>;
    registries?: ConstructorParameters<
      typeof MarketplaceIndex
    >[0]['registries'];
  } = {},
) {
  const db = await migratedTestDatabase(databaseId);
  const catalog = fakeCatalog(entities, options.hidden);
  const lineage = new DatabaseLineageStore(db);
  await new LineageIndexer({
    catalog: {
      ...catalog,
      streamEntities: async function* s() {
        yield entities;
      },
    },
    auth: mockServices.auth(),
    store: lineage,
    logger: mockServices.logger.mock(),
  }).sync();
  const index = new MarketplaceIndex({
    catalog,
    auth: mockServices.auth(),
    health: new HealthStore(db),
    certificates: new CertificationStore(db),
    lineage,
    registries: options.registries,
    readable: readableThroughCatalog(catalog),
    policy: {
      levels: DEFAULT_LEVELS,
      validityDays: 90,
      approvalValidityDays: 365,
      reviewers: [],
    },
    logger: mockServices.logger.mock(),
    refreshMs: 60_000,
    synonyms: options.synonyms,
  });
  const search = (query: Record<string, unknown>) =>
    index.search(marketplaceQuerySchema.parse(query), mockCredentials.user());
  const related = (ref: string) => index.related(ref, mockCredentials.user());
  /** The refs a text query ranks, best first. */
  const ranked = async (q: string) =>
    (await search({ q, pageSize: 100 })).items.map(i => i.ref);
  return { search, related, ranked, db, index };
}
