/*
 * Registry sync against a real MLflow server: `mlflow server` from the repo's
 * virtualenv on a free loopback port, seeded with MLflow's own Python client
 * from examples/mlflow/registry.json (trained scikit-learn models, versions,
 * aliases, a NaN metric, an archived version, logged datasets, owner tags),
 * synced by the real portal backend on SQLite. Fault tests stop the server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import {
  describeWithMlflow,
  startMlflowServer,
  type MlflowServer,
} from './__testUtils__/mlflow';
import { startPortal } from './__testUtils__/startPortal';
import { waitFor } from './__testUtils__/waitFor';

jest.setTimeout(300_000);

const REPO_ROOT = path.resolve(__dirname, '../../..');
const PLAN = JSON.parse(
  fs.readFileSync(
    path.join(REPO_ROOT, 'examples/mlflow/registry.json'),
    'utf8',
  ),
);
const everySecond = {
  frequency: { seconds: 1 },
  timeout: { minutes: 2 },
  initialDelay: { seconds: 0 },
};

describeWithMlflow('registry sync with a real MLflow server', () => {
  let mlflow: MlflowServer;
  let server: Parameters<typeof request>[0];
  let ada: string;
  let guest: string;
  let grace: string;
  let declaredDir: string;

  beforeAll(async () => {
    mlflow = await startMlflowServer();
    await mlflow.seed(PLAN);
    const portal = await startPortal(
      { client: 'better-sqlite3', connection: ':memory:' },
      {
        allowFileLocations: true,
        registries: {
          mlflow: [
            {
              id: 'demo',
              baseUrl: mlflow.url,
              requestTimeoutMs: 3000,
              attempts: 2,
              // Scheduled syncs rarely; the test starts them and watches them end.
              schedule: {
                frequency: { minutes: 30 },
                timeout: { minutes: 2 },
                initialDelay: { minutes: 30 },
              },
              discovery: { enabled: true, schedule: everySecond },
            },
            {
              // A second instance nobody answers for: its failures stay its own.
              id: 'broken',
              baseUrl: 'http://127.0.0.1:9',
              requestTimeoutMs: 1000,
              attempts: 1,
              schedule: {
                frequency: { minutes: 30 },
                timeout: { minutes: 2 },
                initialDelay: { minutes: 30 },
              },
            },
          ],
        },
      },
    );
    server = portal.server;
    ada = await portal.signIn('user:default/ada');
    grace = await portal.signIn('user:default/grace');
    guest = await portal.guestToken();
    declaredDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-declared-'));
  });

  afterAll(async () => {
    await mlflow?.stop();
    if (declaredDir) fs.rmSync(declaredDir, { recursive: true, force: true });
  });

  const get = (url: string, as = guest) =>
    request(server).get(url).set('Authorization', `Bearer ${as}`);
  const post = (url: string, as = ada, body?: object) =>
    request(server).post(url).set('Authorization', `Bearer ${as}`).send(body);

  /** The registry's state once no run is going and a run newer than `after` finished. */
  async function finishedRun(after = 0, id = 'demo') {
    return waitFor('a finished sync run', async () => {
      const res = await get('/api/ml/registry/status');
      const demo = res.body.registries?.find((r: any) => r.id === id);
      const run = demo?.lastRun;
      return run && run.id > after && run.status !== 'running'
        ? demo
        : undefined;
    });
  }

  /** Starts a sync as the reviewer and waits for it to end. */
  async function syncNow(id = 'demo') {
    const started = await waitFor('a sync to start', async () => {
      const res = await post(`/api/ml/registry/sync?registryId=${id}`);
      return res.status === 202 ? res.body : undefined;
    });
    return finishedRun(started.id - 1, id);
  }

  it('syncs every registered model, then a re-sync writes nothing', async () => {
    const first = await syncNow();
    expect(first.lastRun).toMatchObject({
      status: 'succeeded',
      modelsSeen: PLAN.models.length,
      modelsWritten: PLAN.models.length,
      modelsSkipped: 0,
    });
    expect(first.models).toBe(PLAN.models.length);
    expect(first.location).toBe(mlflow.url);

    const second = await syncNow();
    expect(second.lastRun).toMatchObject({
      status: 'succeeded',
      modelsSeen: PLAN.models.length,
      modelsWritten: 0,
      modelsDeleted: 0,
    });
  });

  it('serves versions, aliases, stages, runs, metrics and datasets to the entity', async () => {
    const res = await get(
      '/api/ml/registry/model?entityRef=model:default/churn-model',
    );
    expect(res.status).toBe(200);
    expect(res.body.declared).toEqual({
      type: 'mlflow',
      name: 'churn-model',
      alias: 'champion',
    });
    const { model } = res.body;
    expect(model.aliases).toEqual({ champion: '3', challenger: '2' });
    expect(model.tags.owner).toBe('group:default/growth-ml');
    expect(model.url).toBe(`${mlflow.url}/#/models/churn-model`);
    expect(
      model.versions.map((v: any) => [v.version, v.aliases, v.stage]),
    ).toEqual([
      ['3', ['champion'], 'None'],
      ['2', ['challenger'], 'None'],
      ['1', [], 'Archived'],
    ]);
    const [v3, v2] = model.versions;
    expect(v3.description).toBe('Adds engagement trends; +0.03 AUC.');
    expect(v3.status).toBe('READY');
    expect(v3.run.metrics).toMatchObject({
      auc: 0.91,
      f1: 0.78,
      calibration_error: 0.031,
    });
    // MLflow sends NaN as the string "NaN"; it arrives as null.
    expect(v2.run.metrics.calibration_error).toBeNull();
    expect(v3.run.params).toMatchObject({ C: '0.3' });
    // Feast's tags on the run are kept (what it read); MLflow's own are not.
    expect(v3.run.featureTags).toEqual(PLAN.models[0].versions[2].runTags);
    expect(v2.run.featureTags).toBeUndefined();
    expect(v3.run.url).toMatch(
      new RegExp(`^${mlflow.url}/#/experiments/\\d+/runs/${v3.run.id}$`),
    );
    expect(v3.run.datasets).toEqual([
      expect.objectContaining({
        name: 'churn-labels',
        source: 'postgresql://warehouse/ml.churn_labels',
        context: 'training',
      }),
    ]);
    // The signature logged with the trained model, read from its MLmodel.
    expect(v3.signature.inputs).toEqual(
      PLAN.models[0].inputs.map((name: string) => ({ name, type: 'double' })),
    );
    expect(v3.signature.outputs).toEqual([
      { type: 'tensor<int64>', shape: [-1] },
    ]);
    // The archived version serves nothing: not asked for.
    expect(model.versions[2].signature).toBeUndefined();
    expect(res.body.registry.lastSuccess.status).toBe('succeeded');
  });

  it('checks a new name against the catalog and the live registries', async () => {
    const taken = await get(
      '/api/ml/names/check?name=churn-model&registry=true',
    );
    expect(taken.status).toBe(200);
    expect(taken.body.available).toBe(false);
    expect(taken.body.taken).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          where: 'catalog',
          entityRef: 'model:default/churn-model',
        }),
        {
          where: 'registry',
          registryId: 'demo',
          message: 'a registered model in MLflow (registry "demo")',
        },
      ]),
    );
    // In MLflow only: the catalog does not know it yet, the registry does.
    const inMlflow = await get(
      `/api/ml/names/check?name=${encodeURIComponent(
        'scratch-notebook-model',
      )}&registry=true`,
    );
    expect(inMlflow.body.taken).toContainEqual(
      expect.objectContaining({ where: 'registry', registryId: 'demo' }),
    );
    const free = await get(
      '/api/ml/names/check?name=brand-new-model&registry=true',
    );
    // The registry nobody answers for is said to be unchecked; the rest answer.
    expect(free.body).toMatchObject({ available: true, taken: [] });
    expect(free.body.unchecked).toEqual([
      expect.stringContaining('MLflow (registry "broken") could not be asked'),
    ]);
    const bad = await get('/api/ml/names/check?registry=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('name is required');
  });

  it('reads a metric history from the registry on demand', async () => {
    const res = await get(
      '/api/ml/registry/metric-history?entityRef=model:default/churn-model&version=3&metric=loss',
    );
    expect(res.status).toBe(200);
    expect(res.body.points.map((p: any) => [p.step, p.value])).toEqual([
      [0, 0.62],
      [1, 0.48],
      [2, 0.41],
      [3, 0.39],
    ]);
    const missing = await get(
      '/api/ml/registry/metric-history?entityRef=model:default/churn-model&version=9&metric=loss',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'Version 9 of "churn-model" has no synced run in registry "demo"',
    );
    const bad = await get(
      '/api/ml/registry/metric-history?entityRef=model:default/churn-model&version=latest&metric=loss',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain(
      'version must be a version number',
    );
  });

  it('feeds registry metrics per version into the asset KPIs, with declared thresholds', async () => {
    const res = await get(
      '/api/ml/kpis/asset?entityRef=model:default/churn-model',
    );
    const registry = res.body.versions.filter(
      (v: any) => v.source === 'registry',
    );
    expect(registry.map((v: any) => v.version)).toEqual(['1', '2', '3']);
    const auc = registry[2].metrics.find((m: any) => m.metric === 'auc');
    expect(auc).toEqual({ metric: 'auc', value: 0.91, threshold: 0.85 });
    expect(registry[2].aliases).toEqual(['champion']);
    // The NaN metric is left out rather than drawn as 0.
    expect(
      registry[1].metrics.find((m: any) => m.metric === 'calibration_error'),
    ).toBeUndefined();
  });

  it('discovers owner-tagged models no repository declares, and only those', async () => {
    const discovered = await waitFor('the discovered model', async () => {
      const res = await get(
        '/api/catalog/entities/by-query?filter=kind=model,metadata.annotations.ml-marketplace.io/discovered-by=mlflow:demo',
        ada,
      );
      return res.body.items?.length ? res.body.items : undefined;
    });
    expect(discovered.map((e: any) => e.metadata.name)).toEqual([
      'demand-forecaster',
    ]);
    const [forecaster] = discovered;
    expect(forecaster.metadata.title).toBe('Demand Forecaster');
    expect(forecaster.spec).toMatchObject({
      owner: 'group:default/ml-platform',
      lifecycle: 'experimental',
      registry: { mlflow: { name: 'Demand Forecaster', instance: 'demo' } },
    });
    expect(
      forecaster.metadata.annotations['backstage.io/managed-by-location'],
    ).toBe(`url:${mlflow.url}/#/models/Demand%20Forecaster`);
    expect(
      forecaster.relations.some(
        (r: any) =>
          r.type === 'ownedBy' && r.targetRef === 'group:default/ml-platform',
      ),
    ).toBe(true);
    // Declared models stay single; the untagged one is not discovered.
    const models = await get(
      '/api/catalog/entities/by-query?filter=kind=model&limit=1000',
      ada,
    );
    const names = models.body.items.map((e: any) => e.metadata.name);
    expect(names.filter((n: string) => n === 'churn-model')).toHaveLength(1);
    expect(names).not.toContain('scratch-notebook-model');
  });

  it('hands a discovered model over to the repository that declares it', async () => {
    await mlflow.seed({
      models: [
        {
          name: 'pricing-model',
          tags: { owner: 'group:default/growth-ml' },
          versions: [{ metrics: { mae: 1.2 } }],
          aliases: { champion: 1 },
        },
      ],
    });
    await waitFor('pricing-model discovered', async () => {
      const res = await get(
        '/api/catalog/entities/by-name/model/default/pricing-model',
        ada,
      );
      return res.body.metadata?.annotations?.['ml-marketplace.io/discovered-by']
        ? true
        : undefined;
    });

    const file = path.join(declaredDir, 'catalog-info.yaml');
    fs.writeFileSync(
      file,
      [
        'apiVersion: ml-marketplace.io/v1alpha1',
        'kind: Model',
        'metadata:',
        '  name: pricing-model',
        '  description: Declared by its owners.',
        'spec:',
        '  owner: group:default/growth-ml',
        '  lifecycle: production',
        '  registry:',
        '    mlflow: { name: pricing-model, alias: champion }',
        '',
      ].join('\n'),
    );
    const created = await post('/api/catalog/locations', ada, {
      type: 'file',
      target: file,
    });
    expect(created.body).toMatchObject({ location: { type: 'file' } });
    expect(created.status).toBe(201);

    const declared = await waitFor(
      'pricing-model taken over by the repository',
      async () => {
        const res = await get(
          '/api/catalog/entities/by-name/model/default/pricing-model',
          ada,
        );
        const annotations = res.body.metadata?.annotations ?? {};
        return annotations['backstage.io/managed-by-location'] ===
          `file:${file}` && !annotations['ml-marketplace.io/discovered-by']
          ? res.body
          : undefined;
      },
    );
    expect(declared.spec.lifecycle).toBe('production');
    const all = await get(
      '/api/catalog/entities/by-query?filter=kind=model&limit=1000',
      ada,
    );
    const pricing = all.body.items.filter(
      (e: any) =>
        e.metadata.name === 'pricing-model' ||
        e.spec?.registry?.mlflow?.name === 'pricing-model',
    );
    expect(pricing).toHaveLength(1);
  });

  it('reports drift between the catalog and the registry', async () => {
    await post(
      '/api/ml/health-checks/run?entityRef=model:default/ltv-regression',
    );
    const ltv = await get(
      '/api/ml/health-checks?entityRef=model:default/ltv-regression',
    );
    const drift = ltv.body.results.find(
      (r: any) => r.checkId === 'registry-drift',
    );
    expect(drift).toMatchObject({ status: 'fail' });
    expect(drift.message).toContain(
      'Alias "champion" does not exist on "ltv-regression" (aliases: challenger).',
    );

    await post('/api/ml/health-checks/run?entityRef=model:default/churn-model');
    const churn = await get(
      '/api/ml/health-checks?entityRef=model:default/churn-model',
    );
    expect(
      churn.body.results.find((r: any) => r.checkId === 'registry-drift'),
    ).toMatchObject({
      status: 'pass',
    });
  });

  it('keeps one failing registry from touching another', async () => {
    const broken = await syncNow('broken');
    expect(broken.lastRun.status).toBe('failed');
    expect(broken.lastRun.error).toContain(
      'MLflow registry "broken" (http://127.0.0.1:9) registered-models/search is unreachable',
    );
    const status = await get('/api/ml/registry/status');
    const demo = status.body.registries.find((r: any) => r.id === 'demo');
    expect(demo.lastRun.status).toBe('succeeded');
    expect(demo.models).toBeGreaterThanOrEqual(PLAN.models.length);
  });

  it('lets only reviewers start a sync, and names unknown registries', async () => {
    expect(
      (await post('/api/ml/registry/sync?registryId=demo', grace)).status,
    ).toBe(403);
    const unknown = await post('/api/ml/registry/sync?registryId=nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain(
      'No registry with id "nope" is configured; configured: "demo", "broken"',
    );
    expect((await post('/api/ml/registry/sync')).status).toBe(400);
  });

  it('keeps the last good data while MLflow is down, and recovers', async () => {
    const before = await get(
      '/api/ml/registry/model?entityRef=model:default/churn-model',
    );
    const held = before.body.registry.models;
    const port = new URL(mlflow.url).port;
    execFileSync('bash', [
      path.join(REPO_ROOT, 'scripts/mlflow.sh'),
      'stop',
      mlflow.dir,
    ]);

    const down = await syncNow();
    expect(down.lastRun.status).toBe('failed');
    expect(down.lastRun.error).toContain(
      `MLflow registry "demo" (${mlflow.url})`,
    );
    expect(down.lastRun.error).toMatch(/unreachable \(ECONNREFUSED\)/);
    expect(down.models).toBe(held);

    const during = await get(
      '/api/ml/registry/model?entityRef=model:default/churn-model',
    );
    expect(during.body.model).toEqual(before.body.model);
    expect(during.body.registry.lastRun.status).toBe('failed');
    // Discovery failed too: the discovered entity stays in the catalog.
    const forecaster = await get(
      '/api/catalog/entities/by-name/model/default/demand-forecaster',
      ada,
    );
    expect(forecaster.status).toBe(200);

    execFileSync('bash', [
      path.join(REPO_ROOT, 'scripts/mlflow.sh'),
      'start',
      mlflow.dir,
      port,
    ]);
    const back = await syncNow();
    // Only models registered since the last good sync are written.
    expect(back.lastRun.status).toBe('succeeded');
    expect(back.lastRun.modelsWritten).toBe(back.lastRun.modelsSeen - held);
  });
});
