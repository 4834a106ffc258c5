/*
 * The feature store as a second registry (issue 17), end to end on the real
 * portal backend (SQLite): a real Feast 0.67 registry server (scripts/feast.sh,
 * applied and materialized) and a real MLflow server whose champion runs carry
 * the tags Feast's MLflow integration writes (examples/mlflow/registry.json).
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startFeastServer, type FeastServer } from './__testUtils__/feast';
import {
  describeWithMlflow,
  startMlflowServer,
  type MlflowServer,
} from './__testUtils__/mlflow';
import { startPortal } from './__testUtils__/startPortal';
import { waitFor } from './__testUtils__/waitFor';

jest.setTimeout(600_000);

const REPO_ROOT = path.resolve(__dirname, '../../..');
const PLAN = JSON.parse(
  fs.readFileSync(
    path.join(REPO_ROOT, 'examples/mlflow/registry.json'),
    'utf8',
  ),
);
const TAGGED = ['churn-model', 'fraud-gbm'];
const everySecond = {
  frequency: { seconds: 1 },
  timeout: { minutes: 2 },
  initialDelay: { seconds: 0 },
};
const byHand = {
  frequency: { minutes: 30 },
  timeout: { minutes: 2 },
  initialDelay: { minutes: 30 },
};

// Needs both servers; describeWithMlflow fails in CI when either is missing
// (startFeastServer throws without its virtualenv).
describeWithMlflow('Feast and MLflow synced by the real portal backend', () => {
  let feast: FeastServer;
  let mlflow: MlflowServer;
  let server: Parameters<typeof request>[0];
  let ada: string;
  let guest: string;

  beforeAll(async () => {
    [feast, mlflow] = await Promise.all([
      startFeastServer(),
      startMlflowServer(),
    ]);
    await mlflow.seed({
      threads: 1,
      models: PLAN.models.filter((m: any) => TAGGED.includes(m.name)),
    });
    const portal = await startPortal(
      { client: 'better-sqlite3', connection: ':memory:' },
      {
        registries: {
          mlflow: [{ id: 'demo', baseUrl: mlflow.url, schedule: byHand }],
          feast: [
            {
              id: 'features',
              baseUrl: feast.api,
              attempts: 1,
              requestTimeoutMs: 3000,
              schedule: byHand,
              // basket_signals, which no repository declares, becomes a Feature.
              discovery: { enabled: true, schedule: everySecond },
            },
          ],
          featureUse: { schedule: everySecond },
        },
      },
    );
    server = portal.server;
    ada = await portal.signIn('user:default/ada');
    guest = await portal.guestToken();
  });

  afterAll(async () => {
    await Promise.all([feast?.stop(), mlflow?.stop()]);
  });

  const get = (url: string, as = guest) =>
    request(server).get(url).set('Authorization', `Bearer ${as}`);
  const post = (url: string, as = ada) =>
    request(server).post(url).set('Authorization', `Bearer ${as}`);

  async function syncNow(id: string) {
    const started = await waitFor(`a sync of ${id} to start`, async () => {
      const res = await post(`/api/ml/registry/sync?registryId=${id}`);
      return res.status === 202 ? res.body : undefined;
    });
    return waitFor(`the sync of ${id} to finish`, async () => {
      const res = await get('/api/ml/registry/status');
      const state = res.body.registries?.find((r: any) => r.id === id);
      return state?.lastRun?.id >= started.id &&
        state.lastRun.status !== 'running'
        ? state
        : undefined;
    });
  }

  const view = (ref: string) =>
    get(`/api/ml/feature-store/view?entityRef=${ref}`);

  it('syncs every feature view of the store, then a re-sync writes nothing', async () => {
    await syncNow('demo');
    const first = await syncNow('features');
    expect(first).toMatchObject({
      type: 'feast',
      location: feast.api.replace(/\/api\/v1$/, ''),
      models: 4,
      lastRun: { status: 'succeeded', modelsSeen: 4, modelsWritten: 4 },
    });
    const second = await syncNow('features');
    expect(second.lastRun).toMatchObject({
      status: 'succeeded',
      modelsSeen: 4,
      modelsWritten: 0,
      modelsDeleted: 0,
    });
  });

  it('serves what the store holds for a declared Feature, with its consumers from the registry', async () => {
    const res = await waitFor('consumers joined', async () => {
      const r = await view('feature:default/customer-activity');
      return r.body.consumers?.length ? r : undefined;
    });
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.declared).toEqual({
      type: 'feast',
      project: 'ml_marketplace_demo',
      featureView: 'customer_activity',
      instance: 'features',
    });
    expect(body.view).toMatchObject({
      name: 'customer_activity',
      owner: 'group:default/ml-platform',
      entities: ['customer'],
      joinKeys: ['customer_id'],
      ttlSeconds: 86400,
      online: true,
      source: { name: 'customer_activity', type: 'BATCH_FILE' },
    });
    expect(body.view.features.map((f: any) => `${f.name}:${f.type}`)).toEqual([
      'sessions_30d:INT64',
      'page_views_30d:INT64',
      'purchases_30d:INT64',
    ]);
    // Materialized when the store started, within its one-day TTL.
    expect(body.freshness).toMatchObject({
      status: 'fresh',
      limitSeconds: 86400,
      limitFrom: 'view ttl',
    });
    expect(body.differences).toEqual([]);
    expect(body.services.map((s: any) => s.name)).toEqual(['churn_features']);
    expect(body.consumers).toEqual([
      {
        registryId: 'demo',
        model: 'churn-model',
        version: '3',
        entityRef: 'model:default/churn-model',
        featureService: 'churn_features',
      },
    ]);
    expect(body.registry.lastSuccess.status).toBe('succeeded');

    const velocity = await view('feature:default/transaction-velocity');
    expect(velocity.body.consumers.map((c: any) => c.entityRef)).toEqual([
      'model:default/fraud-gbm',
    ]);
  });

  it('refuses a Model and an unknown entity with a clear error', async () => {
    const model = await view('model:default/churn-model');
    expect(model.status).toBe(400);
    expect(model.body.error.message).toBe(
      'model:default/churn-model is a Model; feature store views belong to Features',
    );
    expect((await view('feature:default/nowhere')).status).toBe(404);
    const undeclared = await view('feature:default/customer-profile');
    expect(undeclared.status).toBe(200);
    expect(undeclared.body.declared).toBeUndefined();
  });

  it('draws lineage the registry implies distinctly from declared lineage', async () => {
    const upstream = async (model: string) => {
      const r = await get(
        `/api/ml/lineage?entityRef=model:default/${model}&direction=upstream&depth=1`,
      );
      return (r.body.edges ?? [])
        .filter((e: any) => e.target === `model:default/${model}`)
        .map((e: any) => `${e.source} ${e.type} ${e.origin ?? 'declared'}`)
        .sort();
    };
    // The churn champion's run read the discovered basket_signals view,
    // which the model's entity does not list: known to the registry only.
    const churn = await waitFor('registry-derived lineage', async () => {
      const edges = await upstream('churn-model');
      return edges.some((e: string) => e.endsWith(' registry'))
        ? edges
        : undefined;
    });
    expect(churn).toContain(
      'feature:default/basket-signals consumesFeature registry',
    );
    // It lists customer-activity too: drawn as declared.
    expect(churn).toContain(
      'feature:default/customer-activity consumesFeature declared',
    );
    expect(churn.filter((e: string) => e.endsWith(' registry'))).toHaveLength(
      1,
    );
    // fraud-gbm lists both views its run read: nothing is registry-only.
    expect(
      (await upstream('fraud-gbm')).filter((e: string) =>
        e.endsWith(' registry'),
      ),
    ).toEqual([]);
  });

  it('judges Features against the store and models against what their runs read', async () => {
    const run = async (ref: string) => {
      const res = await post(`/api/ml/health-checks/run?entityRef=${ref}`);
      expect(res.status).toBe(200);
      return Object.fromEntries(
        res.body.results.map((r: any) => [r.checkId, r]),
      );
    };
    const activity = await run('feature:default/customer-activity');
    expect(activity['feature-store-drift']).toMatchObject({
      status: 'pass',
      message:
        'Matches feature view "customer_activity" in Feast registry "features".',
    });
    expect(activity['feature-freshness'].status).toBe('pass');
    expect(activity['feature-freshness'].message).toMatch(
      /^Materialized up to \d{4}-\d\d-\d\d \d\d:\d\d UTC, within its TTL of 1 day \(view ttl\)\.$/,
    );

    // The churn champion read basket_signals, which its entity does not list.
    const churn = await run('model:default/churn-model');
    expect(churn['registry-drift'].status).toBe('warn');
    expect(churn['registry-drift'].message).toContain(
      'The run of version 3 (feature service "churn_features") read feature view(s) "basket_signals" (feature:default/basket-signals), which spec.consumesFeatures does not list.',
    );
    // The discovered Feature matches its own view, and is offline only.
    const basket = await run('feature:default/basket-signals');
    expect(basket['feature-store-drift'].status).toBe('pass');
    expect(basket['feature-freshness'].message).toBe(
      '"basket_signals" in Feast registry "features" is offline only: nothing is materialized to go stale.',
    );
    // And does not read engagement-trends or customer-profile, which name no view: not judged.
    expect(churn['registry-drift'].message).not.toContain('engagement-trends');
    const fraud = await run('model:default/fraud-gbm');
    expect(fraud['registry-drift'].message).not.toContain('feature view');
  });

  it('keeps the last good copy when the store goes away, and MLflow syncs on', async () => {
    await feast.stop();
    const failed = await syncNow('features');
    expect(failed.lastRun.status).toBe('failed');
    expect(failed.lastRun.error).toContain('Feast');
    expect(failed.lastRun.error).toContain(feast.api.replace(/\/api\/v1$/, ''));
    expect(failed.models).toBe(4);
    const res = await view('feature:default/customer-activity');
    expect(res.body.view.name).toBe('customer_activity');
    expect(res.body.registry.lastRun.status).toBe('failed');
    expect((await syncNow('demo')).lastRun.status).toBe('succeeded');
  });
});
