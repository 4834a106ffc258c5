import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { Knex } from 'knex';
import {
  migratedTestDatabase,
  testDatabaseIds,
} from '../../__testUtils__/databases';
import { CertificationStore } from '../../database/CertificationStore';
import { DatabaseLineageStore } from '../../database/LineageStore';
import { NotificationStateStore } from '../../database/NotificationStateStore';
import { MlNotifier } from './MlNotifier';
import type { SweptRun } from './noticeRules';
import { SweepNotifier } from './SweepNotifier';

const NOW = new Date('2026-12-07T09:00:00Z');

function asset(
  kind: string,
  name: string,
  spec: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'ml.marketplace/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', title: `${name} title` },
    spec: { owner: 'growth-ml', lifecycle: 'experimental', ...spec },
  };
}

const failing = (checkId: string, message = `${checkId} broke`): SweptRun => ({
  checkId,
  status: 'fail',
  severity: 'error',
  message,
});

describe.each(testDatabaseIds())('SweepNotifier on %s', databaseId => {
  let db: Knex;
  let sent: NotificationSendOptions[];
  let notifier: SweepNotifier;
  let send: jest.Mock;

  beforeEach(async () => {
    db = await migratedTestDatabase(databaseId);
    sent = [];
    send = jest.fn(async (options: NotificationSendOptions) => {
      sent.push(options);
    });
    notifier = new SweepNotifier({
      notifier: new MlNotifier({
        notifications: { send },
        logger: mockServices.logger.mock(),
      }),
      states: new NotificationStateStore(db),
      certificates: new CertificationStore(db),
      lineage: new DatabaseLineageStore(db),
      logger: mockServices.logger.mock(),
      certificateExpiryDays: 14,
      checkTitle: id => `Check ${id}`,
      levelTitle: id => id[0].toUpperCase() + id.slice(1),
    });
  });

  const sweep = (
    assets: Array<{ entity: Entity; runs: SweptRun[] }>,
    options: { complete?: boolean; gone?: string[]; now?: Date } = {},
  ) =>
    notifier.afterSweep({
      assets,
      complete: options.complete ?? true,
      gone: options.gone ?? [],
      now: options.now ?? NOW,
    });

  async function addConsumer(
    source: string,
    target: string,
    title: string,
    owner?: string,
  ) {
    await db('lineage_edges').insert({
      source_ref: source,
      target_ref: target,
      type: 'trainedOn',
      declared_by: target,
    });
    await db('lineage_nodes')
      .insert({ ref: target, kind: 'Model', title, owner, etag: 'x' })
      .onConflict('ref')
      .ignore();
  }

  it('tells the owners once when an asset starts failing, and again only when it recovers', async () => {
    const model = asset('Model', 'churn', { lifecycle: 'production' });
    await sweep([{ entity: model, runs: [failing('data-freshness')] }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({
      recipients: { type: 'entity', entityRef: ['group:default/growth-ml'] },
      payload: expect.objectContaining({
        title: 'churn title is failing: Check data-freshness',
        description: 'data-freshness broke',
        severity: 'high',
        topic: 'ml.health',
        scope: 'ml:ml.health:model:default/churn',
        link: '/catalog/default/model/churn',
      }),
    });

    // The same failure in other words (a later time in its message): no repeat.
    await sweep([
      { entity: model, runs: [failing('data-freshness', 'stale for 5 h')] },
    ]);
    expect(sent).toHaveLength(1);

    await sweep([{ entity: model, runs: [] }]);
    expect(sent).toHaveLength(2);
    expect(sent[1].payload).toEqual(
      expect.objectContaining({
        title: 'Resolved: churn title passes its error-level checks again',
        severity: 'low',
        scope: 'ml:ml.health:model:default/churn',
      }),
    );
    await sweep([{ entity: model, runs: [] }]);
    expect(sent).toHaveLength(2);
  });

  it('never notifies warnings or advice, and tells non-production owners at normal severity', async () => {
    const model = asset('Model', 'churn');
    await sweep([
      {
        entity: model,
        runs: [
          { ...failing('model-card'), severity: 'advice' },
          { ...failing('owner'), status: 'warn' },
        ],
      },
    ]);
    expect(sent).toHaveLength(0);
    await sweep([{ entity: model, runs: [failing('owner')] }]);
    expect(sent[0].payload.severity).toBe('normal');
  });

  it('gives registry drift a topic of its own, so owners can mute it apart from health', async () => {
    const model = asset('Model', 'churn');
    await sweep([
      {
        entity: model,
        runs: [
          {
            checkId: 'registry-drift',
            status: 'warn',
            severity: 'error',
            message: 'The registry serves version 4; the entity says 3.',
          },
        ],
      },
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0].payload).toEqual(
      expect.objectContaining({
        topic: 'ml.registry',
        title: 'churn title differs from its model registry',
        description: 'The registry serves version 4; the entity says 3.',
      }),
    );
  });

  it('records consumers silently the first time, then tells owners who started using their asset', async () => {
    const dataset = asset('Dataset', 'customers');
    await addConsumer(
      'dataset:default/customers',
      'model:default/a',
      'Model A',
    );
    await sweep([{ entity: dataset, runs: [] }]);
    expect(sent).toHaveLength(0);

    await addConsumer(
      'dataset:default/customers',
      'model:default/b',
      'Model B',
    );
    await sweep([{ entity: dataset, runs: [] }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({
      recipients: { type: 'entity', entityRef: ['group:default/growth-ml'] },
      payload: expect.objectContaining({
        topic: 'ml.adoption',
        severity: 'low',
        title: 'Model B now uses customers title',
        description:
          'New: Model B. customers title now has 2 direct consumers.',
      }),
    });

    // Losing a consumer is not news.
    await db('lineage_edges').where({ target_ref: 'model:default/a' }).delete();
    await sweep([{ entity: dataset, runs: [] }]);
    expect(sent).toHaveLength(1);
  });

  it("tells consumers' owners that an asset they use is deprecated, with reason, sunset and successor", async () => {
    await addConsumer(
      'model:default/old',
      'component:default/api',
      'Scoring API',
      'group:default/platform',
    );
    const deprecated = asset('Model', 'old', {
      lifecycle: 'deprecated',
      deprecation: {
        reason: 'Trained on a retired dataset',
        sunsetDate: '2027-01-31',
        replacedBy: 'model:default/new',
      },
    });
    const successor = asset('Model', 'new');
    await sweep([
      { entity: deprecated, runs: [] },
      { entity: successor, runs: [] },
    ]);
    const notice = sent.find(s => s.payload.topic === 'ml.upstream')!;
    expect(notice).toEqual({
      recipients: { type: 'entity', entityRef: ['group:default/platform'] },
      payload: expect.objectContaining({
        title: 'old title, which your Scoring API uses, is deprecated',
        description:
          'Trained on a retired dataset. Sunset 2027-01-31. Move to new title.',
        severity: 'normal',
        scope:
          'ml:ml.upstream:model:default/old:deprecated:group:default/platform',
      }),
    });

    sent.length = 0;
    await sweep([
      {
        entity: {
          ...deprecated,
          spec: { ...deprecated.spec, lifecycle: 'production' },
        },
        runs: [],
      },
      { entity: successor, runs: [] },
    ]);
    expect(sent.map(s => [s.payload.title, s.recipients])).toEqual([
      [
        'Resolved: old title is no longer deprecated',
        { type: 'entity', entityRef: ['group:default/platform'] },
      ],
    ]);
    expect(sent[0].payload.scope).toBe(
      'ml:ml.upstream:model:default/old:deprecated:group:default/platform',
    );
  });

  it("tells each consuming team about its own assets when an upstream asset fails, besides the asset's owners", async () => {
    const customers = 'dataset:default/customers';
    await addConsumer(
      customers,
      'model:default/churn',
      'Churn',
      'group:default/growth-ml',
    );
    await addConsumer(
      customers,
      'model:default/ltv',
      'LTV',
      'group:default/growth-ml',
    );
    await addConsumer(
      customers,
      'model:default/fraud',
      'Fraud',
      'group:default/risk-ml',
    );
    await addConsumer(customers, 'component:default/report', 'Report');
    await sweep([
      {
        entity: asset('Dataset', 'customers'),
        runs: [failing('data-freshness')],
      },
    ]);
    expect(
      sent.map(s => [s.payload.topic, s.recipients, s.payload.title]),
    ).toEqual([
      [
        'ml.health',
        { type: 'entity', entityRef: ['group:default/growth-ml'] },
        'customers title is failing: Check data-freshness',
      ],
      [
        'ml.upstream',
        { type: 'entity', entityRef: ['component:default/report'] },
        'customers title, which your Report uses, is failing',
      ],
      [
        'ml.upstream',
        { type: 'entity', entityRef: ['group:default/growth-ml'] },
        'customers title, which your Churn and LTV use, is failing',
      ],
      [
        'ml.upstream',
        { type: 'entity', entityRef: ['group:default/risk-ml'] },
        'customers title, which your Fraud uses, is failing',
      ],
    ]);
  });

  it('tells consumers that an asset they still declare was removed from the catalog', async () => {
    await addConsumer('dataset:default/gone', 'model:default/churn', 'Churn');
    await db('lineage_nodes').insert({
      ref: 'dataset:default/gone',
      kind: 'Dataset',
      title: 'Old customers',
      etag: 'x',
    });
    await sweep([], { gone: ['dataset:default/gone'] });
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: ['model:default/churn'] },
        payload: expect.objectContaining({
          topic: 'ml.upstream',
          severity: 'high',
          title:
            'Old customers was removed from the catalog, but your Churn still declares it',
          link: '/catalog/default/model/churn',
        }),
      },
    ]);
  });

  it('reminds owners before a certificate that rests on an approval lapses, and not one that renews itself', async () => {
    const evidence = (approval: boolean) =>
      JSON.stringify([
        { level: 'gold', requirement: 'approval', met: approval, detail: '' },
      ]);
    await db('ml_certificates').insert([
      {
        entity_ref: 'model:default/approved',
        level: 'gold',
        issued_at: '2026-10-01T00:00:00Z',
        expires_at: '2026-12-15T00:00:00.000Z',
        evidence: evidence(true),
      },
      {
        entity_ref: 'model:default/self',
        level: 'silver',
        issued_at: '2026-10-01T00:00:00Z',
        expires_at: '2026-12-15T00:00:00.000Z',
        evidence: evidence(false),
      },
    ]);
    for (const ref of ['model:default/approved', 'model:default/self']) {
      await db('ml_approvals').insert({
        entity_ref: ref,
        approved_by: 'user:default/ada',
        reason: 'ok',
        approved_at: '2025-12-15T00:00:00Z',
        expires_at: '2026-12-15T00:00:00.000Z',
      });
    }
    await sweep([
      { entity: asset('Model', 'approved'), runs: [] },
      { entity: asset('Model', 'self'), runs: [] },
    ]);
    expect(sent.map(s => s.payload.title)).toEqual([
      "approved title's Gold certificate lapses on 2026-12-15",
    ]);
    expect(sent[0].payload.severity).toBe('normal');
    expect(sent[0].payload.description).toContain('approval by ada');

    // Three weeks before, it is not news yet.
    sent.length = 0;
    await db('ml_notification_state').delete();
    await sweep([{ entity: asset('Model', 'approved'), runs: [] }], {
      now: new Date('2026-11-20T00:00:00Z'),
    });
    expect(sent).toHaveLength(0);
  });

  it('a re-check of one asset leaves what it says about other assets alone', async () => {
    const a = asset('Model', 'a');
    const b = asset('Model', 'b');
    await sweep([
      { entity: a, runs: [failing('owner')] },
      { entity: b, runs: [failing('owner')] },
    ]);
    expect(sent).toHaveLength(2);
    await sweep([{ entity: a, runs: [failing('owner')] }], { complete: false });
    expect(sent).toHaveLength(2);
    // A full sweep that no longer sees b (removed) drops its state without a "Resolved".
    await sweep([{ entity: a, runs: [failing('owner')] }], {
      gone: ['model:default/b'],
    });
    expect(sent).toHaveLength(2);
    expect(
      await db('ml_notification_state').where({ asset_ref: 'model:default/b' }),
    ).toEqual([]);
  });

  it('a failing notifications backend never fails the sweep', async () => {
    send.mockRejectedValue(new Error('Request failed with status 404'));
    await expect(
      sweep([{ entity: asset('Model', 'a'), runs: [failing('owner')] }]),
    ).resolves.toEqual({ sent: 0 });
    // Nothing was recorded, so the next sweep tries again.
    send.mockImplementation(async (o: NotificationSendOptions) => {
      sent.push(o);
    });
    await sweep([{ entity: asset('Model', 'a'), runs: [failing('owner')] }]);
    expect(sent).toHaveLength(1);
  });
});
