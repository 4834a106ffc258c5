import fs from 'node:fs';
import {
  describeWithMlflow,
  MlflowServer,
  SeedResult,
  startMlflowServer,
} from './mlflow';

const TIMEOUT = 240_000;

async function api(server: MlflowServer, route: string): Promise<any> {
  const response = await fetch(`${server.url}/api/2.0/mlflow/${route}`);
  const body = await response.text();
  if (!response.ok) {
    throw new Error(`GET ${route} answered ${response.status}: ${body}`);
  }
  return JSON.parse(body);
}

describeWithMlflow('MLflow test server', () => {
  let server: MlflowServer;
  let seeded: SeedResult;

  beforeAll(async () => {
    server = await startMlflowServer();
    seeded = await server.seed({
      threads: 2,
      models: [
        {
          name: 'churn-model',
          description: 'Predicts churn',
          tags: { owner: 'growth-ml' },
          experiment: 'churn',
          versions: [
            {
              train: 'logistic-regression',
              metrics: { auc: 0.81 },
              params: { C: '1.0' },
              description: 'first cut',
            },
            {
              train: 'logistic-regression',
              metrics: { auc: 0.91, calibration_error: 'NaN' },
              metricHistory: { loss: [0.9, 0.5, 0.3] },
              params: { C: '0.5' },
              dataset: {
                name: 'churn-labels',
                source: 's3://lake/churn-labels',
              },
              description: 'more data',
            },
          ],
          aliases: { champion: 2 },
        },
        {
          name: 'imported-model',
          versions: [
            { noRun: true, source: 's3://models/imported/1', tags: { k: 'v' } },
          ],
        },
      ],
    });
  }, TIMEOUT);

  afterAll(async () => {
    await server?.stop();
  }, TIMEOUT);

  it('reports what it created', () => {
    expect(seeded.models.map(m => m.name)).toEqual([
      'churn-model',
      'imported-model',
    ]);
    const [churn, imported] = seeded.models;
    expect(churn.versions.map(v => v.version)).toEqual(['1', '2']);
    expect(churn.versions[0].runId).toMatch(/^[0-9a-f]{32}$/);
    expect(churn.versions[1].experimentId).toBe(churn.versions[0].experimentId);
    expect(imported.versions).toEqual([
      { version: '1', runId: null, experimentId: null },
    ]);
  });

  it('serves the registered models with tags and aliases', async () => {
    const { registered_models: models } = await api(
      server,
      'registered-models/search?max_results=1000',
    );
    expect(models.map((m: any) => m.name).sort()).toEqual([
      'churn-model',
      'imported-model',
    ]);
    const churn = models.find((m: any) => m.name === 'churn-model');
    expect(churn.description).toBe('Predicts churn');
    expect(churn.tags).toEqual([{ key: 'owner', value: 'growth-ml' }]);
    expect(churn.aliases).toEqual([{ alias: 'champion', version: '2' }]);
    // A model without aliases/tags has no such keys at all (not []).
    const imported = models.find((m: any) => m.name === 'imported-model');
    expect(imported.aliases).toBeUndefined();
    expect(imported.tags).toBeUndefined();
  });

  it('serves the model versions', async () => {
    const { model_versions: versions } = await api(
      server,
      `model-versions/search?filter=${encodeURIComponent(
        "name='churn-model'",
      )}&max_results=1000`,
    );
    expect(versions.map((v: any) => v.version).sort()).toEqual(['1', '2']);
    const second = versions.find((v: any) => v.version === '2');
    expect(second).toMatchObject({
      name: 'churn-model',
      description: 'more data',
      current_stage: 'None',
      status: 'READY',
      run_id: seeded.models[0].versions[1].runId,
    });
    // A trained version is registered from MLflow 3's logged model.
    expect(second.source).toMatch(/^models:\/m-[0-9a-f]+$/);
    // search leaves out aliases; model-versions/get has them.
    expect(second.aliases).toBeUndefined();
    const { model_version: got } = await api(
      server,
      'model-versions/get?name=churn-model&version=2',
    );
    expect(got.aliases).toEqual(['champion']);

    const { model_versions: imported } = await api(
      server,
      `model-versions/search?filter=${encodeURIComponent(
        "name='imported-model'",
      )}`,
    );
    expect(imported).toEqual([
      expect.objectContaining({
        version: '1',
        source: 's3://models/imported/1',
        run_id: '', // no run: an empty string, not absent
        tags: [{ key: 'k', value: 'v' }],
      }),
    ]);
  });

  it('serves the runs with metrics, params and dataset inputs', async () => {
    const { runId, experimentId } = seeded.models[0].versions[1];
    const { run } = await api(server, `runs/get?run_id=${runId}`);
    expect(run.info.experiment_id).toBe(experimentId);
    expect(run.info.status).toBe('FINISHED');
    // runs/get gives the latest value of each metric only (loss at step 2).
    // A NaN metric comes back as the JSON string "NaN" (MLflow's protobuf
    // JSON form for non-finite doubles), not as a number or null.
    const metrics = Object.fromEntries(
      run.data.metrics.map((m: any) => [m.key, m.value]),
    );
    expect(metrics).toEqual({ auc: 0.91, calibration_error: 'NaN', loss: 0.3 });
    expect(run.data.params).toEqual([{ key: 'C', value: '0.5' }]);
    // seed.py logs the dataset as an "external" source without schema or
    // profile; `source` is a JSON string holding the URI.
    expect(run.inputs.dataset_inputs).toEqual([
      {
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
        dataset: {
          name: 'churn-labels',
          digest: expect.stringMatching(/^[0-9a-f]{8}$/),
          source_type: 'external',
          source: expect.any(String),
        },
      },
    ]);
    expect(JSON.parse(run.inputs.dataset_inputs[0].dataset.source)).toEqual({
      uri: 's3://lake/churn-labels',
    });
  });

  it('stop() ends the server and removes its directory', async () => {
    const { url, dir } = server;
    await server.stop();
    expect(fs.existsSync(dir)).toBe(false);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
