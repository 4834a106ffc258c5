import type { Knex } from 'knex';
import type {
  FeatureStoreService,
  FeatureStoreView,
} from '@ml-marketplace/plugin-ml-common';
import { chunks } from './chunks';

export type FeatureStoreObjectType = 'view' | 'service';

interface ObjectRow {
  registry_id: string;
  object_type: FeatureStoreObjectType;
  project: string;
  name: string;
  snapshot: string;
  hash: string;
  fingerprint: string | null;
  first_seen_at: string;
  changed_at: string;
  deleted_at: string | null;
}

/** A view or service as stored, with when the sync saw it. */
export interface StoredFeatureStoreObject<T> {
  registryId: string;
  value: T;
  firstSeenAt: string;
  changedAt: string;
  deletedAt?: string;
}

/** One object of a read, keyed as {@link featureStoreKey} makes it. */
export interface FeatureStoreObject {
  type: FeatureStoreObjectType;
  project: string;
  name: string;
  value: FeatureStoreView | FeatureStoreService;
  /** The connector's digest of the view as sent, when it gives one. */
  fingerprint?: string;
}

/** Key of an object within one store. */
export const featureStoreKey = (
  type: FeatureStoreObjectType,
  project: string,
  name: string,
) => `${type}\u0000${project}\u0000${name}`;

const splitKey = (key: string) => {
  const [type, project, name] = key.split('\u0000');
  return { object_type: type, project, name };
};

const toStored = <T>(row: ObjectRow): StoredFeatureStoreObject<T> => ({
  registryId: row.registry_id,
  value: JSON.parse(row.snapshot),
  firstSeenAt: row.first_seen_at,
  changedAt: row.changed_at,
  ...(row.deleted_at && { deletedAt: row.deleted_at }),
});

/** The last good copy of each feature store. Runs live in the registry run log. */
export class FeatureStoreStore {
  constructor(private readonly db: Knex) {}

  /** Hash, fingerprint and deletion mark of every stored object of a store, by key. */
  async hashes(
    registryId: string,
  ): Promise<
    Map<string, { hash: string; deleted: boolean; fingerprint?: string }>
  > {
    const rows: ObjectRow[] = await this.db('ml_feature_store_objects')
      .where({ registry_id: registryId })
      .select(
        'object_type',
        'project',
        'name',
        'hash',
        'fingerprint',
        'deleted_at',
      );
    return new Map(
      rows.map(r => [
        featureStoreKey(r.object_type, r.project, r.name),
        {
          hash: r.hash,
          deleted: Boolean(r.deleted_at),
          ...(r.fingerprint && { fingerprint: r.fingerprint }),
        },
      ]),
    );
  }

  /** Writes changed objects and marks `gone` keys deleted; unchanged rows are not touched. */
  async apply(
    registryId: string,
    changed: Array<{
      object: FeatureStoreObject;
      hash: string;
      isNew: boolean;
    }>,
    gone: string[],
    now: string,
    /** Unchanged objects whose fingerprint alone is new. */
    refingerprinted: FeatureStoreObject[] = [],
  ): Promise<{ written: number; deleted: number }> {
    await this.db.transaction(async tx => {
      for (const object of refingerprinted) {
        await tx('ml_feature_store_objects')
          .where({
            registry_id: registryId,
            object_type: object.type,
            project: object.project,
            name: object.name,
          })
          .update({ fingerprint: object.fingerprint ?? null });
      }
      const inserts = changed.filter(c => c.isNew);
      for (const batch of chunks(inserts, 100)) {
        await tx('ml_feature_store_objects').insert(
          batch.map(({ object, hash }) => ({
            registry_id: registryId,
            object_type: object.type,
            project: object.project,
            name: object.name,
            snapshot: JSON.stringify(object.value),
            hash,
            fingerprint: object.fingerprint ?? null,
            first_seen_at: now,
            changed_at: now,
            deleted_at: null,
          })),
        );
      }
      for (const { object, hash } of changed.filter(c => !c.isNew)) {
        await tx('ml_feature_store_objects')
          .where({
            registry_id: registryId,
            object_type: object.type,
            project: object.project,
            name: object.name,
          })
          .update({
            snapshot: JSON.stringify(object.value),
            hash,
            fingerprint: object.fingerprint ?? null,
            changed_at: now,
            deleted_at: null,
          });
      }
      for (const key of gone) {
        await tx('ml_feature_store_objects')
          .where({ registry_id: registryId, ...splitKey(key) })
          .whereNull('deleted_at')
          .update({ deleted_at: now });
      }
    });
    return {
      written: changed.filter(c => c.object.type === 'view').length,
      deleted: gone.filter(k => k.startsWith('view\u0000')).length,
    };
  }

  async view(
    registryId: string,
    project: string,
    name: string,
  ): Promise<StoredFeatureStoreObject<FeatureStoreView> | undefined> {
    const row: ObjectRow | undefined = await this.db('ml_feature_store_objects')
      .where({ registry_id: registryId, object_type: 'view', project, name })
      .first();
    return row ? toStored(row) : undefined;
  }

  /** Every live view and service of every store (small: one row per view). */
  async active(): Promise<{
    views: StoredFeatureStoreObject<FeatureStoreView>[];
    services: StoredFeatureStoreObject<FeatureStoreService>[];
  }> {
    const rows: ObjectRow[] = await this.db(
      'ml_feature_store_objects',
    ).whereNull('deleted_at');
    return {
      views: rows.filter(r => r.object_type === 'view').map(r => toStored(r)),
      services: rows
        .filter(r => r.object_type === 'service')
        .map(r => toStored(r)),
    };
  }

  async services(
    registryId: string,
    project: string,
  ): Promise<FeatureStoreService[]> {
    const rows: ObjectRow[] = await this.db('ml_feature_store_objects')
      .where({ registry_id: registryId, object_type: 'service', project })
      .whereNull('deleted_at')
      .orderBy('name');
    return rows.map(r => JSON.parse(r.snapshot));
  }

  async activeCount(registryId: string): Promise<number> {
    const row = await this.db('ml_feature_store_objects')
      .where({ registry_id: registryId, object_type: 'view' })
      .whereNull('deleted_at')
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  }
}
