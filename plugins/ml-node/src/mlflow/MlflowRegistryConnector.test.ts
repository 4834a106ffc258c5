import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { MlRegistryError } from '../registryConnectors';
import { readMlflowRegistryConfigs } from './config';
import {
  MlflowRegistryConnector,
  datasetSourceUri,
} from './MlflowRegistryConnector';

type Routes = Record<string, (params: URLSearchParams) => [number, unknown]>;

/** A loopback stand-in for MLflow that answers what each test scripts. */
async function fakeMlflow(routes: Routes) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    seen.push(
      `${url.pathname.replace('/api/2.0/mlflow/', '')}?${url.searchParams}`,
    );
    const route = routes[url.pathname.replace('/api/2.0/mlflow/', '')];
    const [status, body] = route
      ? route(url.searchParams)
      : [404, { error_code: 'ENDPOINT_NOT_FOUND' }];
    // A string is a file (an MLmodel), sent as it is.
    res.writeHead(status, {
      'Content-Type':
        typeof body === 'string' ? 'text/plain' : 'application/json',
    });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    seen,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

const connectorFor = (baseUrl: string, extra: Record<string, unknown> = {}) =>
  new MlflowRegistryConnector(
    readMlflowRegistryConfigs(
      new ConfigReader({
        ml: {
          registries: { mlflow: [{ id: 't', baseUrl, attempts: 1, ...extra }] },
        },
      }),
    )[0],
  );

const run = (id: string, metrics: Array<[string, number | string]>) => ({
  run: {
    info: {
      run_id: id,
      experiment_id: '7',
      status: 'FINISHED',
      start_time: 1795384118693,
    },
    data: {
      metrics: metrics.map(([key, value]) => ({ key, value, step: 0 })),
      params: [{ key: 'C', value: '0.5' }],
    },
    inputs: {
      dataset_inputs: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
          dataset: {
            name: 'churn-labels',
            digest: 'ab12',
            source_type: 'external',
            source: '{"uri": "s3://lake/churn"}',
          },
        },
      ],
    },
  },
});

describe('MlflowRegistryConnector', () => {
  let fake: Awaited<ReturnType<typeof fakeMlflow>> | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  const signal = new AbortController().signal;

  it('reads models, versions and runs into snapshots; NaN becomes null', async () => {
    fake = await fakeMlflow({
      'registered-models/search': () => [
        200,
        {
          registered_models: [
            {
              name: 'churn',
              description: 'Churn',
              tags: [{ key: 'owner', value: 'growth-ml' }],
              aliases: [{ alias: 'champion', version: '2' }],
            },
          ],
        },
      ],
      'model-versions/search': () => [
        200,
        {
          model_versions: [
            {
              name: 'churn',
              version: '1',
              current_stage: 'Archived',
              run_id: 'r1',
              status: 'READY',
              creation_timestamp: 1795384118693,
            },
            {
              name: 'churn',
              version: '2',
              current_stage: 'None',
              run_id: 'r2',
              status: 'READY',
              description: 'Better',
            },
            { name: 'other', version: '1', run_id: 'r9' },
          ],
        },
      ],
      'runs/get': p => [
        200,
        run(p.get('run_id')!, [
          ['auc', 0.9],
          ['calibration', 'NaN'],
        ]),
      ],
    });
    const result = await connectorFor(fake.baseUrl).readAll({ signal });
    expect(result).toMatchObject({ complete: true, skipped: [], warnings: [] });
    const [model] = result.models;
    expect(model).toMatchObject({
      name: 'churn',
      tags: { owner: 'growth-ml' },
      aliases: { champion: '2' },
      url: `${fake.baseUrl}/#/models/churn`,
    });
    expect(model.versions.map(v => [v.version, v.aliases, v.stage])).toEqual([
      ['2', ['champion'], 'None'],
      ['1', [], 'Archived'],
    ]);
    expect(model.versions[1].createdAt).toBe('2026-11-22T21:48:38.693Z');
    expect(model.versions[0].run).toEqual({
      id: 'r2',
      url: `${fake.baseUrl}/#/experiments/7/runs/r2`,
      status: 'FINISHED',
      startedAt: '2026-11-22T21:48:38.693Z',
      metrics: { auc: 0.9, calibration: null },
      params: { C: '0.5' },
      datasets: [
        {
          name: 'churn-labels',
          digest: 'ab12',
          source: 's3://lake/churn',
          sourceType: 'external',
          context: 'training',
        },
      ],
    });
    // Versions of models outside the listing are not read.
    expect(fake.seen.filter(s => s.startsWith('runs/get'))).toHaveLength(2);
  });

  it('reads the signature of the serving and newest versions from their MLmodel', async () => {
    const mlmodel = [
      'flavors: {python_function: {loader_module: mlflow.sklearn}}',
      'signature:',
      `  inputs: '[{"type": "double", "name": "tenure_months", "required": true}, {"type": "string", "name": "plan", "required": false}]'`,
      `  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]'`,
      '  params: null',
    ].join('\n');
    fake = await fakeMlflow({
      'registered-models/search': () => [
        200,
        {
          registered_models: [
            { name: 'churn', aliases: [{ alias: 'champion', version: '2' }] },
            { name: 'broken' },
            { name: 'files' },
            { name: 'folder' },
          ],
        },
      ],
      'model-versions/search': () => [
        200,
        {
          model_versions: [
            { name: 'churn', version: '1', source: 'models:/m-1' },
            { name: 'churn', version: '2', source: 'models:/m-2' },
            { name: 'churn', version: '3', source: 'runs:/r3/model' },
            { name: 'broken', version: '1', source: 'models:/m-9' },
            { name: 'files', version: '1', source: 's3://bucket/model' },
            { name: 'folder', version: '1', source: 'mlflow-artifacts:/1/x' },
          ],
        },
      ],
      '/model-versions/get-artifact': p => {
        if (p.get('path') !== 'MLmodel') return [400, {}];
        if (p.get('name') === 'broken') return [200, 'signature: [unclosed'];
        // MLflow's answer for an artifact that is not there.
        if (p.get('name') === 'folder') return [500, '<html>Internal</html>'];
        if (p.get('version') === '3') return [404, {}];
        return [200, mlmodel];
      },
    });
    const result = await connectorFor(fake.baseUrl, { attempts: 3 }).readAll({
      signal,
    });
    const churn = result.models.find(m => m.name === 'churn')!;
    expect(churn.versions.map(v => [v.version, Boolean(v.signature)])).toEqual([
      ['3', false], // newest, but logged without an MLmodel
      ['2', true], // champion
      ['1', false], // history: not asked for
    ]);
    expect(churn.versions[1].signature).toEqual({
      inputs: [
        { name: 'tenure_months', type: 'double' },
        { name: 'plan', type: 'string', optional: true },
      ],
      outputs: [{ type: 'tensor<int64>', shape: [-1] }],
    });
    const asked = fake.seen.filter(s => s.includes('get-artifact'));
    // One attempt each, even for a 500: a signature is not worth a backoff.
    expect(asked).toHaveLength(4);
    // A version stored at a raw cloud URI is never fetched through the server.
    expect(asked.some(s => s.includes('name=files'))).toBe(false);
    // An unreadable MLmodel costs its signature, not the model.
    expect(result.models.map(m => m.name).sort()).toEqual([
      'broken',
      'churn',
      'files',
      'folder',
    ]);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^could not read the signature of 1 model version\(s\), shown without one: broken 1 \(.*not YAML/,
      ),
    ]);
  });

  it('reads no signature when signatures is off', async () => {
    fake = await fakeMlflow({
      'registered-models/search': () => [
        200,
        { registered_models: [{ name: 'churn' }] },
      ],
      'model-versions/search': () => [
        200,
        { model_versions: [{ name: 'churn', version: '1' }] },
      ],
    });
    const result = await connectorFor(fake.baseUrl, {
      signatures: false,
    }).readAll({ signal });
    expect(result.models[0].versions[0].signature).toBeUndefined();
    expect(fake.seen.some(s => s.includes('get-artifact'))).toBe(false);
  });

  it('keeps a version whose run is gone, and skips a model whose run fails', async () => {
    fake = await fakeMlflow({
      'registered-models/search': () => [
        200,
        { registered_models: [{ name: 'a' }, { name: 'b' }] },
      ],
      'model-versions/search': () => [
        200,
        {
          model_versions: [
            { name: 'a', version: '1', run_id: 'gone' },
            { name: 'b', version: '1', run_id: 'broken' },
          ],
        },
      ],
      'runs/get': p =>
        p.get('run_id') === 'gone'
          ? [404, { error_code: 'RESOURCE_DOES_NOT_EXIST' }]
          : [500, { error_code: 'INTERNAL_ERROR', message: 'db' }],
    });
    const result = await connectorFor(fake.baseUrl).readAll({ signal });
    expect(result.models.map(m => m.name)).toEqual(['a']);
    expect(result.models[0].versions[0].run).toMatchObject({
      id: 'gone',
      unavailable: 'the run no longer exists in MLflow',
    });
    expect(result.skipped).toEqual([
      {
        model: 'b',
        reason: expect.stringContaining(
          'runs/get answered 500 (INTERNAL_ERROR: db)',
        ),
      },
    ]);
  });

  it('skips a model whose version entry is malformed, and names the field', async () => {
    fake = await fakeMlflow({
      'registered-models/search': () => [
        200,
        {
          registered_models: [{ name: 'a' }, { name: 'b' }, { nameless: true }],
        },
      ],
      'model-versions/search': () => [
        200,
        {
          model_versions: [
            { name: 'a', version: { bad: 1 } },
            { name: 'b', version: '1' },
          ],
        },
      ],
    });
    const result = await connectorFor(fake.baseUrl).readAll({ signal });
    expect(result.models.map(m => m.name)).toEqual(['b']);
    expect(result.skipped).toEqual([
      {
        model: '(item 2 of the listing)',
        reason: expect.stringContaining('unexpected shape at name'),
      },
      {
        model: 'a',
        reason: expect.stringContaining('unexpected shape at version'),
      },
    ]);
    // A model it cannot name must not be taken as deleted.
    expect(result.complete).toBe(false);
  });

  it('with a filter, asks for versions model by model, and passes the page sizes', async () => {
    fake = await fakeMlflow({
      'registered-models/search': () => [
        200,
        { registered_models: [{ name: "o'brien" }] },
      ],
      'model-versions/search': () => [200, {}],
    });
    await connectorFor(fake.baseUrl, {
      filter: "name LIKE 'o%'",
      pageSize: 50,
    }).readAll({ signal });
    expect(fake.seen).toEqual([
      `registered-models/search?max_results=50&filter=name+LIKE+%27o%25%27`,
      `model-versions/search?max_results=10000&filter=name%3D%27o%5C%27brien%27`,
    ]);
  });

  it('fails the whole read on a refused token', async () => {
    fake = await fakeMlflow({
      'registered-models/search': () => [
        401,
        { error_code: 'UNAUTHENTICATED' },
      ],
    });
    await expect(
      connectorFor(fake.baseUrl).readAll({ signal }),
    ).rejects.toMatchObject({
      kind: 'auth',
    });
    await expect(
      connectorFor(fake.baseUrl).readAll({ signal }),
    ).rejects.toBeInstanceOf(MlRegistryError);
  });
});

describe('datasetSourceUri', () => {
  it.each([
    ['{"uri": "s3://lake/x"}', 's3://lake/x'],
    ['{"table_name": "warehouse.t"}', 'warehouse.t'],
    ['postgresql://warehouse/t', 'postgresql://warehouse/t'],
    ['{"other": 1}', '{"other": 1}'],
    [undefined, undefined],
  ])('%s -> %s', (source, uri) => {
    expect(datasetSourceUri(source)).toBe(uri);
  });
});
