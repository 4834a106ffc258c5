import { createHash } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import type { FeatureStoreView } from '@ml-marketplace/plugin-ml-common';
import {
  FeatureStoreReadOptions,
  FeatureStoreReadResult,
  IdRegistry,
  MlFeatureStoreConnector,
  MlRegistryConnector,
  MlRegistryError,
} from '@ml-marketplace/plugin-ml-node';
import type { Knex } from 'knex';
import {
  migratedTestDatabase,
  testDatabaseIds,
} from '../../__testUtils__/databases';
import { FeatureStoreStore } from '../../database/FeatureStoreStore';
import { RegistryStore } from '../../database/RegistryStore';
import { RegistrySync } from '../registry/RegistrySync';

const view = (
  name: string,
  extra: Partial<FeatureStoreView> = {},
): FeatureStoreView => ({
  project: 'shop',
  name,
  type: 'featureView',
  tags: {},
  entities: ['customer'],
  joinKeys: ['customer_id'],
  features: [{ name: `${name}_count`, type: 'INT64' }],
  ttlSeconds: 86400,
  online: true,
  materializedUntil: '2026-12-06T08:00:00.000Z',
  ...extra,
});

const answer = (
  views: FeatureStoreView[],
  extra: Partial<FeatureStoreReadResult> = {},
): FeatureStoreReadResult => ({
  views,
  services: [
    {
      project: 'shop',
      name: 'churn_features',
      tags: {},
      featureViews: views.map(v => v.name),
    },
  ],
  skipped: [],
  complete: true,
  warnings: [],
  ...extra,
});

/** A digest as long as the real connector's (sha256 hex: the column's size). */
const fingerprintOf = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** A feature store whose next answer each test decides. */
class ScriptedStore implements MlFeatureStoreConnector {
  readonly type = 'feast';
  next: () => Promise<FeatureStoreReadResult> = async () => answer([]);
  /** Like Feast's connector: fingerprints views and skips the known ones. */
  fingerprints = false;
  constructor(readonly id: string) {}
  async readAll(options: FeatureStoreReadOptions) {
    const result = await this.next();
    if (!this.fingerprints || !options.known) return result;
    const unchanged: string[] = [];
    const fingerprints: Record<string, string> = {};
    const views = result.views.filter(v => {
      const fingerprint = fingerprintOf(v);
      if (options.known!(v, fingerprint)) {
        unchanged.push(`${v.project}/${v.name}`);
        return false;
      }
      fingerprints[`${v.project}/${v.name}`] = fingerprint;
      return true;
    });
    return { ...result, views, unchanged, fingerprints };
  }
}

describe.each(testDatabaseIds())('feature store sync on %s', databaseId => {
  let db: Knex;
  let features: FeatureStoreStore;
  let feast: ScriptedStore;
  let other: ScriptedStore;
  let sync: RegistrySync;
  let changes: string[];
  const signal = new AbortController().signal;

  beforeEach(async () => {
    db = await migratedTestDatabase(databaseId);
    features = new FeatureStoreStore(db);
    feast = new ScriptedStore('feast');
    other = new ScriptedStore('other');
    const stores = new IdRegistry<MlFeatureStoreConnector>('store');
    stores.add(feast, other);
    changes = [];
    sync = new RegistrySync({
      store: new RegistryStore(db),
      connectors: new IdRegistry<MlRegistryConnector>('connector'),
      featureStores: { connectors: stores, store: features },
      onChange: id => changes.push(id),
      logger: mockServices.logger.mock(),
      replica: 'test',
    });
  });

  it('stores views and services, then an unchanged re-sync writes nothing', async () => {
    feast.next = async () => answer([view('activity'), view('velocity')]);
    const first = await sync.sync('feast', 'scheduled', signal);
    expect(first).toMatchObject({
      status: 'succeeded',
      modelsSeen: 2,
      modelsWritten: 2,
    });
    expect((await features.view('feast', 'shop', 'activity'))?.value).toEqual(
      view('activity'),
    );
    expect(await features.services('feast', 'shop')).toEqual([
      expect.objectContaining({
        name: 'churn_features',
        featureViews: ['activity', 'velocity'],
      }),
    ]);
    const before = await db('ml_feature_store_objects').select();
    const second = await sync.sync('feast', 'scheduled', signal);
    expect(second).toMatchObject({ status: 'succeeded', modelsWritten: 0 });
    expect(await db('ml_feature_store_objects').select()).toEqual(before);
    expect(changes).toEqual(['feast']);
  });

  it('writes a changed view and marks a view a complete listing misses as deleted', async () => {
    feast.next = async () => answer([view('activity'), view('velocity')]);
    await sync.sync('feast', 'scheduled', signal);
    feast.next = async () =>
      answer([view('activity', { features: [{ name: 'x', type: 'DOUBLE' }] })]);
    const run = await sync.sync('feast', 'scheduled', signal);
    expect(run).toMatchObject({ modelsWritten: 1, modelsDeleted: 1 });
    expect(
      (await features.view('feast', 'shop', 'activity'))?.value.features,
    ).toEqual([{ name: 'x', type: 'DOUBLE' }]);
    const gone = await features.view('feast', 'shop', 'velocity');
    expect(gone?.deletedAt).toBeDefined();
    expect(gone?.value.name).toBe('velocity');
    expect(await features.activeCount('feast')).toBe(1);
  });

  it('deletes nothing on an incomplete listing and keeps a skipped view as it was', async () => {
    feast.next = async () => answer([view('activity'), view('velocity')]);
    await sync.sync('feast', 'scheduled', signal);
    feast.next = async () =>
      answer([view('activity', { online: false })], {
        skipped: [{ view: 'shop/velocity', reason: 'odd shape' }],
      });
    const partial = await sync.sync('feast', 'scheduled', signal);
    expect(partial.status).toBe('partial');
    expect(partial.error).toContain('shop/velocity (odd shape)');
    expect(
      (await features.view('feast', 'shop', 'velocity'))?.deletedAt,
    ).toBeUndefined();

    feast.next = async () => answer([], { complete: false });
    await sync.sync('feast', 'scheduled', signal);
    expect(await features.activeCount('feast')).toBe(2);
  });

  it('refuses an empty listing after views were synced, and keeps them', async () => {
    feast.next = async () => answer([view('activity')]);
    await sync.sync('feast', 'scheduled', signal);
    feast.next = async () => ({ ...answer([]), services: [] });
    const run = await sync.sync('feast', 'scheduled', signal);
    expect(run.status).toBe('failed');
    expect(run.error).toContain('listed no feature views');
    expect(await features.activeCount('feast')).toBe(1);
  });

  it('keeps the last good copy when the store fails, and another store is untouched', async () => {
    feast.next = async () => answer([view('activity')]);
    other.next = async () => answer([view('risk')]);
    await sync.sync('feast', 'scheduled', signal);
    await sync.sync('other', 'scheduled', signal);
    feast.next = async () => {
      throw new MlRegistryError(
        'unreachable',
        'Feast registry "feast" (http://127.0.0.1:9) cannot be reached',
      );
    };
    const failed = await sync.sync('feast', 'scheduled', signal);
    expect(failed).toMatchObject({
      status: 'failed',
      error: 'Feast registry "feast" (http://127.0.0.1:9) cannot be reached',
    });
    expect(await features.activeCount('feast')).toBe(1);
    expect((await sync.sync('other', 'scheduled', signal)).status).toBe(
      'succeeded',
    );
    expect(await features.activeCount('other')).toBe(1);
  });

  it('skips views the store sends as stored, without deleting or writing them', async () => {
    feast.fingerprints = true;
    feast.next = async () => answer([view('activity'), view('velocity')]);
    const first = await sync.sync('feast', 'scheduled', signal);
    expect(first.modelsWritten).toBe(2);
    const before = await db('ml_feature_store_objects').orderBy('name');
    expect(
      before
        .filter((r: any) => r.object_type === 'view')
        .map((r: any) => r.fingerprint),
    ).toEqual([
      fingerprintOf(view('activity')),
      fingerprintOf(view('velocity')),
    ]);

    // A complete listing of which every view is unchanged.
    const quiet = await sync.sync('feast', 'scheduled', signal);
    expect(quiet).toMatchObject({
      status: 'succeeded',
      modelsSeen: 2,
      modelsWritten: 0,
      modelsDeleted: 0,
    });
    expect(await db('ml_feature_store_objects').orderBy('name')).toEqual(
      before,
    );

    // One view changes: read again and written, the other still skipped.
    feast.next = async () =>
      answer([view('activity', { online: false }), view('velocity')]);
    const changed = await sync.sync('feast', 'scheduled', signal);
    expect(changed).toMatchObject({ modelsSeen: 2, modelsWritten: 1 });
    expect(
      (await features.view('feast', 'shop', 'activity'))?.value.online,
    ).toBe(false);
  });

  it('stores the fingerprint of a view synced before fingerprints, writing nothing else', async () => {
    feast.next = async () => answer([view('activity')]);
    await sync.sync('feast', 'scheduled', signal);
    const [row] = await db('ml_feature_store_objects').where({
      object_type: 'view',
    });
    expect(row.fingerprint).toBeNull();

    feast.fingerprints = true;
    const run = await sync.sync('feast', 'scheduled', signal);
    expect(run.modelsWritten).toBe(0);
    const [after] = await db('ml_feature_store_objects').where({
      object_type: 'view',
    });
    expect(after).toEqual({
      ...row,
      fingerprint: fingerprintOf(view('activity')),
    });
  });

  it('reads a deleted view again when it comes back, whatever its fingerprint', async () => {
    feast.fingerprints = true;
    feast.next = async () => answer([view('activity'), view('velocity')]);
    await sync.sync('feast', 'scheduled', signal);
    feast.next = async () => answer([view('activity')]);
    expect((await sync.sync('feast', 'scheduled', signal)).modelsDeleted).toBe(
      1,
    );
    feast.next = async () => answer([view('activity'), view('velocity')]);
    const back = await sync.sync('feast', 'scheduled', signal);
    expect(back.modelsWritten).toBe(1);
    expect(
      (await features.view('feast', 'shop', 'velocity'))?.deletedAt,
    ).toBeUndefined();
  });
});
