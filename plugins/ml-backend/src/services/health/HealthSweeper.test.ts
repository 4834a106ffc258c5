import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { IdRegistry, MlHealthCheck } from '@ml-marketplace/plugin-ml-node';
import type { Knex } from 'knex';
import { CertificationStore } from '../../database/CertificationStore';
import { HealthStore } from '../../database/HealthStore';
import {
  migratedTestDatabase,
  testDatabaseIds,
} from '../../__testUtils__/databases';
import {
  group,
  mlEntity,
  wellDocumentedModel,
} from '../../__testUtils__/mlEntities';
import { CertificationService } from '../certification/CertificationService';
import { readCertificationPolicy } from '../certification/policy';
import { builtInHealthChecks } from './checks';
import { HealthQueries } from './HealthQueries';
import { HealthSweeper } from './HealthSweeper';

const DAY = 24 * 60 * 60 * 1000;

/** A catalog whose content the test changes between sweeps. */
function fakeCatalog(initial: Entity[]) {
  const state = { entities: initial };
  const key = (e: Entity) =>
    `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase();
  return {
    state,
    catalog: {
      streamEntities: async function* stream() {
        // Two pages, as the real catalog pages.
        const half = Math.ceil(state.entities.length / 2);
        yield state.entities.slice(0, half);
        yield state.entities.slice(half);
      },
      getEntityByRef: async (ref: string) =>
        state.entities.find(e => key(e) === ref.toLowerCase()),
      getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => ({
        items: entityRefs.map(r =>
          state.entities.find(e => key(e) === r.toLowerCase()),
        ),
      }),
    } as any,
  };
}

const CATALOG = () => [
  group('team'),
  mlEntity('Dataset', 'customers', {
    type: 'table',
    classification: 'internal',
  }),
  wellDocumentedModel('churn'),
  // Not documented, no licence: fails checks, never certified.
  mlEntity('Model', 'scratch', { license: undefined, trainedOn: ['ghost'] }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', namespace: 'default' },
    spec: {},
  },
];

async function counts(db: Knex) {
  const n = async (table: string) =>
    Number((await db(table).count({ n: '*' }))[0].n);
  return {
    assets: await n('ml_assets'),
    results: await n('ml_health_results'),
    history: await n('ml_health_history'),
    certificates: await n('ml_certificates'),
    audit: await n('ml_audit_log'),
  };
}

async function tables(db: Knex) {
  return {
    assets: await db('ml_assets').orderBy('ref'),
    results: await db('ml_health_results').orderBy(['entity_ref', 'check_id']),
    certificates: await db('ml_certificates').orderBy('entity_ref'),
  };
}

describe.each(testDatabaseIds())('health sweep on %s', databaseId => {
  async function setup(
    options: {
      extraChecks?: MlHealthCheck[];
      severities?: Record<string, 'error' | 'warning' | 'advice'>;
      afterChecks?: jest.Mock;
    } = {},
  ) {
    const db = await migratedTestDatabase(databaseId);
    const clock = { now: new Date('2026-11-01T09:00:00Z') };
    const config = new ConfigReader({
      ml: { healthChecks: { licence: { allowed: ['apache-2.0'] } } },
    });
    const checks = new IdRegistry<MlHealthCheck>('health check');
    checks.add(...builtInHealthChecks(config), ...(options.extraChecks ?? []));
    const health = new HealthStore(db);
    const certification = new CertificationService({
      store: new CertificationStore(db),
      health,
      policy: readCertificationPolicy(config),
      clock: () => clock.now,
    });
    const fake = fakeCatalog(CATALOG());
    const sweeper = new HealthSweeper({
      catalog: fake.catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      checks,
      store: health,
      certification,
      instance: 'test',
      clock: () => clock.now,
      severities: options.severities,
      afterChecks: options.afterChecks,
    });
    const sweep = () => sweeper.sweep(new AbortController().signal);
    return { db, clock, fake, sweeper, sweep, certification, health, checks };
  }

  it('checks every ML entity, records results and history, and certifies what earns it', async () => {
    const { db, sweep, certification, fake } = await setup();
    const stats = await sweep();
    expect(stats).toMatchObject({ assets: 3, written: 3, errors: 0 });

    const scratch = await db('ml_health_results')
      .where('entity_ref', 'model:default/scratch')
      .orderBy('check_id');
    expect(
      Object.fromEntries(scratch.map(r => [r.check_id, r.status])),
    ).toEqual({
      'card-completeness': 'fail',
      'deprecated-dependencies': 'pass',
      licence: 'fail',
      'owner-exists': 'pass',
      'refs-resolve': 'fail',
      'restricted-data': 'pass',
      staleness: 'pass',
    });
    expect(scratch.find(r => r.check_id === 'refs-resolve').message).toContain(
      'dataset:default/ghost (spec.trainedOn[0])',
    );
    expect(await db('ml_assets').pluck('ref')).toEqual(
      expect.arrayContaining([
        'model:default/churn',
        'dataset:default/customers',
      ]),
    );
    expect(await db('ml_assets').where('ref', 'component:default/svc')).toEqual(
      [],
    );

    const churn = await certification.get(fake.state.entities[2]);
    expect(churn.level).toBe('silver');
    expect(churn.expiresAt).toBe('2027-01-30T09:00:00.000Z');
    expect(churn.evidence.filter(e => !e.met).map(e => e.requirement)).toEqual([
      'approval',
    ]);
    const audit = await db('ml_audit_log').orderBy('id');
    expect(
      audit.map(a => [a.entity_ref, a.action, a.to_level, a.actor]),
    ).toEqual(
      expect.arrayContaining([
        ['model:default/churn', 'certified', 'silver', 'system'],
      ]),
    );
    expect(
      audit.find(a => a.entity_ref === 'model:default/scratch'),
    ).toBeUndefined();
  });

  it('stores each finding with its severity and fails an asset only for an error', async () => {
    const unlicensed = mlEntity('Dataset', 'unlicensed', {
      type: 'table',
      classification: 'internal',
      license: undefined,
    });
    const { db, sweep, fake } = await setup();
    fake.state.entities.push(unlicensed);
    await sweep();
    const rows = await db('ml_health_results').where(
      'entity_ref',
      'dataset:default/unlicensed',
    );
    const licence = rows.find(r => r.check_id === 'licence');
    expect([licence.status, licence.severity]).toEqual(['fail', 'advice']);
    // No licence and a thin card are advice: the dataset still passes.
    expect(
      rows
        .filter(r => r.status !== 'pass')
        .map(r => r.severity)
        .sort(),
    ).toEqual(['advice', 'advice']);
    const asset = await db('ml_assets')
      .where('ref', 'dataset:default/unlicensed')
      .first();
    expect(asset.status).toBe('pass');
    // A broken reference is an error: scratch fails.
    const scratch = await db('ml_assets')
      .where('ref', 'model:default/scratch')
      .first();
    expect(scratch.status).toBe('fail');
  });

  it('summarises failing assets by error-level findings only, each check with its gravest severity', async () => {
    const { sweep, fake, health, checks } = await setup();
    fake.state.entities.push(
      mlEntity('Dataset', 'unlicensed', {
        type: 'table',
        classification: 'internal',
        license: undefined,
      }),
    );
    await sweep();
    const summary = await new HealthQueries({
      store: health,
      checks,
      readable: { filter: async (refs: string[]) => new Set(refs) } as any,
    }).summary(mockCredentials.user());
    // scratch has a broken ref (an error); unlicensed only advice.
    expect(summary.failing.map(f => f.entityRef)).toEqual([
      'model:default/scratch',
    ]);
    expect(summary.failing[0].failed).toEqual(['refs-resolve']);
    const severity = Object.fromEntries(
      summary.byCheck.map(c => [c.checkId, c.severity]),
    );
    expect(severity).toMatchObject({
      licence: 'advice',
      'refs-resolve': 'error',
      'owner-exists': 'warning',
    });
  });

  it("applies the operators' severities and rewrites results when they change", async () => {
    const { db, sweep, fake } = await setup({
      severities: { licence: 'error' },
    });
    fake.state.entities.push(
      mlEntity('Dataset', 'unlicensed', {
        type: 'table',
        classification: 'internal',
        license: undefined,
      }),
    );
    await sweep();
    const asset = await db('ml_assets')
      .where('ref', 'dataset:default/unlicensed')
      .first();
    expect(asset.status).toBe('fail');
    const licence = await db('ml_health_results')
      .where({ entity_ref: 'dataset:default/unlicensed', check_id: 'licence' })
      .first();
    expect(licence.severity).toBe('error');
  });

  it('writes nothing but its own log row when nothing changed', async () => {
    const { db, sweep, clock } = await setup();
    await sweep();
    const before = await tables(db);
    const beforeCounts = await counts(db);
    clock.now = new Date(clock.now.getTime() + 60_000);
    const stats = await sweep();
    expect(stats).toMatchObject({ written: 0, certificates: 0, removed: 0 });
    expect(await counts(db)).toEqual(beforeCounts);
    expect(await tables(db)).toEqual(before);
    expect(await db('ml_health_sweeps').pluck('outcome')).toEqual([
      'done',
      'done',
    ]);
  });

  it("appends history only for checks whose result changed and keeps the others' since", async () => {
    const { db, sweep, clock, fake } = await setup();
    await sweep();
    const since = await db('ml_health_results')
      .where({ entity_ref: 'model:default/churn', check_id: 'owner-exists' })
      .first();
    clock.now = new Date('2026-11-02T09:00:00Z');
    fake.state.entities[2] = wellDocumentedModel('churn', {
      license: 'gpl-3.0',
    });
    await sweep();
    const history = await db('ml_health_history')
      .where('entity_ref', 'model:default/churn')
      .orderBy('id');
    // The licence broke; staleness now counts from the new spec.
    expect(
      history
        .filter(h => h.at === '2026-11-02T09:00:00.000Z')
        .map(h => [h.check_id, h.status]),
    ).toEqual([
      ['licence', 'fail'],
      ['staleness', 'pass'],
    ]);
    const owner = await db('ml_health_results')
      .where({ entity_ref: 'model:default/churn', check_id: 'owner-exists' })
      .first();
    expect(owner.since).toBe(since.since);
    const asset = await db('ml_assets')
      .where('ref', 'model:default/churn')
      .first();
    expect(asset.updated_at).toBe('2026-11-02T09:00:00.000Z');
    expect(asset.first_seen_at).toBe('2026-11-01T09:00:00.000Z');
  });

  it('downgrades a certificate when a check fails and says why in the audit log', async () => {
    const { db, sweep, fake } = await setup();
    await sweep();
    // The training dataset leaves the catalog: the model's refs no longer resolve.
    fake.state.entities = fake.state.entities.filter(
      e => e.metadata.name !== 'customers',
    );
    await sweep();
    const last = await db('ml_audit_log')
      .where('entity_ref', 'model:default/churn')
      .orderBy('id', 'desc')
      .first();
    expect(last).toMatchObject({
      action: 'downgraded',
      from_level: 'silver',
      to_level: 'bronze',
      actor: 'system',
    });
    expect(last.reason).toContain('refs-resolve');
    expect(last.reason).toContain('dataset:default/customers');
    // The dataset's results are gone with it; its history stays.
    expect(
      await db('ml_assets').where('ref', 'dataset:default/customers'),
    ).toEqual([]);
    expect(
      (
        await db('ml_health_history').where(
          'entity_ref',
          'dataset:default/customers',
        )
      ).length,
    ).toBeGreaterThan(0);
  });

  it('renews a lapsed certificate whose evidence holds, and staleness starts to warn', async () => {
    const { db, sweep, clock } = await setup();
    await sweep();
    clock.now = new Date(clock.now.getTime() + 91 * DAY);
    await sweep();
    const last = await db('ml_audit_log')
      .where('entity_ref', 'model:default/churn')
      .orderBy('id', 'desc')
      .first();
    expect(last).toMatchObject({ action: 'renewed', to_level: 'silver' });
    const staleness = await db('ml_health_results')
      .where({ entity_ref: 'model:default/churn', check_id: 'staleness' })
      .first();
    expect(staleness.status).toBe('warn');
  });

  it('records a crashing check as failing for that entity only and goes on', async () => {
    const crashing: MlHealthCheck = {
      id: 'crashes-on-churn',
      title: 'Crashes on churn',
      appliesTo: () => true,
      run: async entity => {
        if (entity.metadata.name === 'churn') throw new Error('boom');
        return { status: 'pass', message: 'fine' };
      },
    };
    const { db, sweep } = await setup({ extraChecks: [crashing] });
    const stats = await sweep();
    expect(stats.errors).toBe(0);
    const rows = await db('ml_health_results').where(
      'check_id',
      'crashes-on-churn',
    );
    expect(Object.fromEntries(rows.map(r => [r.entity_ref, r.status]))).toEqual(
      {
        'dataset:default/customers': 'pass',
        'model:default/churn': 'fail',
        'model:default/scratch': 'pass',
      },
    );
    expect(rows.find(r => r.entity_ref === 'model:default/churn').message).toBe(
      'The check "Crashes on churn" could not run: boom',
    );
    // The check's fault: churn warns, it does not fail.
    expect(
      rows.find(r => r.entity_ref === 'model:default/churn').severity,
    ).toBe('warning');
  });

  it('stops when aborted and logs the sweep as aborted', async () => {
    const { db, sweeper } = await setup();
    const controller = new AbortController();
    controller.abort();
    await expect(sweeper.sweep(controller.signal)).rejects.toThrow(/aborted/);
    expect(await db('ml_health_sweeps').pluck('outcome')).toEqual(['aborted']);
    expect(await db('ml_assets')).toEqual([]);
  });

  it('keeps every result when the catalog answers with no entities at all', async () => {
    const { db, sweep, fake } = await setup();
    await sweep();
    fake.state.entities = [];
    await sweep();
    expect((await db('ml_assets')).length).toBe(3);
  });

  it('re-checks one entity on request with only what it refers to', async () => {
    const { db, sweeper } = await setup();
    await sweeper.checkOne(
      'model:default/churn',
      mockCredentials.user(),
      new AbortController().signal,
    );
    expect(await db('ml_assets').pluck('ref')).toEqual(['model:default/churn']);
    const refs = await db('ml_health_results')
      .where({ entity_ref: 'model:default/churn', check_id: 'refs-resolve' })
      .first();
    expect(refs.status).toBe('pass');
    await expect(
      sweeper.checkOne(
        'component:default/svc',
        mockCredentials.user(),
        new AbortController().signal,
      ),
    ).rejects.toThrow('component:default/svc is a Component');
  });

  it('loses no approval when many reviewers approve and revoke at once, a sweep running beside them', async () => {
    const { db, sweep, certification, fake } = await setup();
    await sweep();
    const churn = fake.state.entities[2];
    const decisions = Array.from({ length: 12 }, (_, i) =>
      i === 5
        ? certification.revoke(churn, `user:default/r${i}`, 'second thoughts')
        : certification.approve(churn, `user:default/r${i}`, `looks good ${i}`),
    );
    await Promise.all([...decisions, sweep()]);
    const approvals = await db('ml_approvals').where(
      'entity_ref',
      'model:default/churn',
    );
    expect(approvals).toHaveLength(11);
    const audit = await db('ml_audit_log')
      .where('entity_ref', 'model:default/churn')
      .whereIn('action', ['approved', 'revoked']);
    expect(audit).toHaveLength(12);
    const row = await db('ml_certificates')
      .where('entity_ref', 'model:default/churn')
      .first();
    // Every decision bumped the version once: none overwrote another.
    expect(row.version).toBeGreaterThanOrEqual(13);
    // The last decision in the log decides the state.
    const last = audit.sort((a, b) => Number(a.id) - Number(b.id))[
      audit.length - 1
    ];
    expect(row.level).toBe(last.action === 'revoked' ? null : 'gold');
  });

  it('tells the notifier what each sweep and re-check saw, and what left the catalog', async () => {
    const afterChecks = jest.fn(async (_outcome: unknown) => undefined);
    const { sweep, sweeper, fake } = await setup({ afterChecks });
    await sweep();
    expect(afterChecks).toHaveBeenLastCalledWith(
      expect.objectContaining({ complete: true, gone: [] }),
    );
    const first = afterChecks.mock.calls[0][0] as any;
    expect(first.assets.map((a: any) => a.entity.metadata.name).sort()).toEqual(
      ['churn', 'customers', 'scratch'],
    );
    expect(
      first.assets
        .find((a: any) => a.entity.metadata.name === 'scratch')
        .runs.find((r: any) => r.checkId === 'refs-resolve'),
    ).toMatchObject({ status: 'fail', severity: 'error' });

    fake.state.entities = fake.state.entities.filter(
      e => e.metadata.name !== 'scratch',
    );
    await sweep();
    expect(afterChecks).toHaveBeenLastCalledWith(
      expect.objectContaining({
        complete: true,
        gone: ['model:default/scratch'],
      }),
    );

    await sweeper.checkOne(
      'model:default/churn',
      mockCredentials.user(),
      new AbortController().signal,
    );
    expect(afterChecks).toHaveBeenLastCalledWith(
      expect.objectContaining({ complete: false, gone: [] }),
    );
  });

  it('stores the results even when telling people fails', async () => {
    const afterChecks = jest.fn(async () => {
      throw new Error('notifications are down');
    });
    const { sweep, db } = await setup({ afterChecks });
    await expect(sweep()).resolves.toMatchObject({ written: 3, errors: 0 });
    expect((await counts(db)).assets).toBe(3);
  });
});
