import { mockServices } from '@backstage/backend-test-utils';
import type { RegistryModel } from '@ml-marketplace/plugin-ml-common';
import {
  IdRegistry,
  MlRegistryConnector,
  MlRegistryError,
  MlRegistryReadResult,
} from '@ml-marketplace/plugin-ml-node';
import type { Knex } from 'knex';
import {
  migratedTestDatabase,
  testDatabaseIds,
} from '../../__testUtils__/databases';
import { RegistryStore } from '../../database/RegistryStore';
import { RegistrySync, SyncInProgressError } from './RegistrySync';

const model = (name: string, versions = ['1']): RegistryModel => ({
  name,
  tags: { owner: 'growth-ml' },
  aliases: { champion: versions[versions.length - 1] },
  versions: versions
    .map(version => ({
      version,
      aliases: [],
      tags: {},
      run: {
        id: `run-${name}-${version}`,
        metrics: { auc: 0.8 },
        params: {},
        datasets: [],
      },
    }))
    .reverse(),
});

/** A registry whose next answer each test decides. */
class ScriptedConnector implements MlRegistryConnector {
  readonly type = 'mlflow';
  next: () => Promise<MlRegistryReadResult> = async () => ({
    models: [],
    skipped: [],
    complete: true,
    warnings: [],
  });
  constructor(readonly id: string) {}
  readAll() {
    return this.next();
  }
}

const answer =
  (models: RegistryModel[], extra: Partial<MlRegistryReadResult> = {}) =>
  async (): Promise<MlRegistryReadResult> => ({
    models,
    skipped: [],
    complete: true,
    warnings: [],
    ...extra,
  });

describe.each(testDatabaseIds())('RegistrySync on %s', databaseId => {
  let db: Knex;
  let store: RegistryStore;
  let connector: ScriptedConnector;
  let sync: RegistrySync;
  let clock: Date;
  const signal = new AbortController().signal;

  const snapshot = async () =>
    db('ml_registry_models').orderBy('name').select();

  beforeEach(async () => {
    db = await migratedTestDatabase(databaseId);
    store = new RegistryStore(db);
    connector = new ScriptedConnector('prod');
    const connectors = new IdRegistry<MlRegistryConnector>('connector');
    connectors.add(connector);
    clock = new Date('2026-11-22T10:00:00Z');
    sync = new RegistrySync({
      store,
      connectors,
      logger: mockServices.logger.mock(),
      replica: 'test',
      now: () => clock,
    });
  });

  it('stores every model, then writes nothing when nothing changed', async () => {
    connector.next = answer([model('churn', ['1', '2']), model('fraud')]);
    const first = await sync.sync('prod', 'scheduled', signal);
    expect(first).toMatchObject({
      status: 'succeeded',
      modelsSeen: 2,
      modelsWritten: 2,
      modelsDeleted: 0,
      trigger: 'scheduled',
    });
    const stored = await store.model('prod', 'churn');
    expect(stored?.model.versions.map(v => v.version)).toEqual(['2', '1']);

    const before = await snapshot();
    clock = new Date('2026-11-22T10:10:00Z');
    const second = await sync.sync('prod', 'manual', signal);
    expect(second).toMatchObject({ status: 'succeeded', modelsWritten: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('writes only the model that changed', async () => {
    connector.next = answer([model('churn'), model('fraud')]);
    await sync.sync('prod', 'scheduled', signal);
    connector.next = answer([model('churn', ['1', '2']), model('fraud')]);
    clock = new Date('2026-11-22T11:00:00Z');
    const run = await sync.sync('prod', 'scheduled', signal);
    expect(run.modelsWritten).toBe(1);
    const rows = await snapshot();
    expect(rows.map((r: any) => [r.name, r.changed_at])).toEqual([
      ['churn', '2026-11-22T11:00:00.000Z'],
      ['fraud', '2026-11-22T10:00:00.000Z'],
    ]);
  });

  it.each([
    [
      'unreachable',
      'MLflow registry "prod" (http://x) is unreachable (ECONNREFUSED)',
    ],
    ['auth', 'MLflow registry "prod" (http://x) answered 401; check the token'],
    ['malformed', 'answered 200 with a body that is not JSON'],
  ] as const)(
    'keeps the last good data when the read fails (%s)',
    async (kind, message) => {
      connector.next = answer([model('churn')]);
      await sync.sync('prod', 'scheduled', signal);
      const before = await snapshot();
      connector.next = async () => {
        throw new MlRegistryError(kind, message);
      };
      const run = await sync.sync('prod', 'scheduled', signal);
      expect(run).toMatchObject({ status: 'failed', error: message });
      expect(await snapshot()).toEqual(before);
      // The next good run recovers.
      connector.next = answer([model('churn', ['1', '2'])]);
      expect(await sync.sync('prod', 'scheduled', signal)).toMatchObject({
        status: 'succeeded',
        modelsWritten: 1,
      });
      const runs = await store.lastRuns('prod');
      expect(runs.lastRun?.status).toBe('succeeded');
    },
  );

  it('refuses an empty listing when models were synced before', async () => {
    connector.next = answer([model('churn'), model('fraud')]);
    await sync.sync('prod', 'scheduled', signal);
    connector.next = answer([]);
    const run = await sync.sync('prod', 'scheduled', signal);
    expect(run.status).toBe('failed');
    expect(run.error).toContain(
      'listed no registered models while 2 were synced before; kept them all',
    );
    expect(await store.activeCount('prod')).toBe(2);
  });

  it('accepts an empty listing for a registry that never had models', async () => {
    const run = await sync.sync('prod', 'scheduled', signal);
    expect(run).toMatchObject({ status: 'succeeded', modelsSeen: 0 });
  });

  it('keeps a skipped model as it was and counts it', async () => {
    connector.next = answer([model('churn'), model('fraud')]);
    await sync.sync('prod', 'scheduled', signal);
    connector.next = answer([model('fraud', ['1', '2'])], {
      skipped: [{ model: 'churn', reason: 'run r1: answered 500' }],
    });
    const run = await sync.sync('prod', 'scheduled', signal);
    expect(run).toMatchObject({
      status: 'partial',
      modelsSkipped: 1,
      modelsWritten: 1,
      modelsDeleted: 0,
      skipped: [{ model: 'churn', reason: 'run r1: answered 500' }],
    });
    expect(run.error).toContain('churn (run r1: answered 500)');
    const churn = await store.model('prod', 'churn');
    expect(churn?.deletedAt).toBeUndefined();
    expect(churn?.model.versions).toHaveLength(1);
  });

  it('marks models a complete listing misses as deleted, never removes them, and revives them', async () => {
    connector.next = answer([model('churn'), model('fraud')]);
    await sync.sync('prod', 'scheduled', signal);
    connector.next = answer([model('fraud')], {
      complete: false,
      warnings: ['repeated a page token'],
    });
    expect(await sync.sync('prod', 'scheduled', signal)).toMatchObject({
      status: 'partial',
      modelsDeleted: 0,
    });
    connector.next = answer([model('fraud')]);
    clock = new Date('2026-11-23T10:00:00Z');
    expect(await sync.sync('prod', 'scheduled', signal)).toMatchObject({
      status: 'succeeded',
      modelsDeleted: 1,
    });
    const churn = await store.model('prod', 'churn');
    expect(churn).toMatchObject({ deletedAt: '2026-11-23T10:00:00.000Z' });
    expect(churn?.model.name).toBe('churn');
    connector.next = answer([model('churn'), model('fraud')]);
    expect(await sync.sync('prod', 'scheduled', signal)).toMatchObject({
      modelsWritten: 1,
    });
    expect((await store.model('prod', 'churn'))?.deletedAt).toBeUndefined();
  });

  it('refuses a second sync of the same registry while one runs', async () => {
    let release!: () => void;
    connector.next = () =>
      new Promise(resolve => {
        release = () =>
          resolve({
            models: [model('a')],
            skipped: [],
            complete: true,
            warnings: [],
          });
      });
    const first = await sync.start('prod', 'manual', signal);
    await expect(sync.start('prod', 'manual', signal)).rejects.toBeInstanceOf(
      SyncInProgressError,
    );
    release();
    await expect(first.done).resolves.toMatchObject({ status: 'succeeded' });
    connector.next = answer([model('a')]);
    await expect(sync.sync('prod', 'manual', signal)).resolves.toMatchObject({
      status: 'succeeded',
    });
  });
});
