import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MlflowRegistryConfig } from '@ml-marketplace/plugin-ml-node';
import { createRegisterMlflowAction, ENTITY_REF_TAG } from './registerMlflow';
import { actionContext } from '../__testUtils__/actionContext';

type Tag = { key: string; value: string };

/**
 * Just enough of MLflow's registered-models API, on loopback: `failNextCreate`
 * stores the model and then answers 503, like a create whose answer was lost.
 */
function fakeMlflow() {
  const models = new Map<string, { name: string; tags: Tag[] }>();
  const posts: unknown[] = [];
  let failNextCreate = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/2.0/mlflow/registered-models/get') {
      const model = models.get(url.searchParams.get('name') ?? '');
      if (!model) {
        send(404, {
          error_code: 'RESOURCE_DOES_NOT_EXIST',
          message: 'Registered Model not found',
        });
      } else send(200, { registered_model: model });
      return;
    }
    if (url.pathname === '/api/2.0/mlflow/registered-models/create') {
      let raw = '';
      req.on('data', c => (raw += c));
      req.on('end', () => {
        const body = JSON.parse(raw);
        posts.push(body);
        if (models.has(body.name)) {
          send(400, {
            error_code: 'RESOURCE_ALREADY_EXISTS',
            message: `Registered Model (name=${body.name}) already exists.`,
          });
          return;
        }
        models.set(body.name, { name: body.name, tags: body.tags ?? [] });
        if (failNextCreate) {
          failNextCreate = false;
          send(503, { error_code: 'TEMPORARILY_UNAVAILABLE' });
          return;
        }
        send(200, { registered_model: models.get(body.name) });
      });
      return;
    }
    send(404, { error_code: 'ENDPOINT_NOT_FOUND' });
  });
  return {
    models,
    posts,
    failNextCreate: () => (failNextCreate = true),
    async start(): Promise<string> {
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise(r => server.close(r)),
  };
}

const registry = (id: string, baseUrl: string): MlflowRegistryConfig => ({
  id,
  baseUrl,
  uiUrl: baseUrl,
  pageSize: 100,
  versionPageSize: 100,
  requestTimeoutMs: 2_000,
  attempts: 3,
  maxRetryAfterMs: 1_000,
  runConcurrency: 1,
  signatures: false,
  discovery: {
    enabled: false,
    ownerTagKeys: ['owner'],
    lifecycleTagKey: 'lifecycle',
    systemTagKey: 'system',
    namespace: 'default',
  },
});

const input = {
  name: 'churn-booster',
  entityRef: 'model:default/churn-booster',
  owner: 'group:default/growth-ml',
  description: 'Predicts churn',
};

describe('ml:mlflow:register', () => {
  const mlflow = fakeMlflow();
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await mlflow.start();
  });
  afterAll(() => mlflow.stop());
  beforeEach(() => {
    mlflow.models.clear();
    mlflow.posts.length = 0;
  });

  const action = () =>
    createRegisterMlflowAction({ registries: [registry('main', baseUrl)] });

  it('creates the registered model, tagged with its owner and entity', async () => {
    const ctx = actionContext({
      input: { ...input, tags: { team: 'growth' } },
    });
    await action().handler(ctx);
    expect(mlflow.posts).toEqual([
      {
        name: 'churn-booster',
        description: 'Predicts churn',
        tags: [
          { key: 'team', value: 'growth' },
          { key: 'owner', value: 'group:default/growth-ml' },
          { key: ENTITY_REF_TAG, value: 'model:default/churn-booster' },
        ],
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('created', true);
    expect(ctx.output).toHaveBeenCalledWith('registry', 'main');
    expect(ctx.output).toHaveBeenCalledWith(
      'modelUrl',
      `${baseUrl}/#/models/churn-booster`,
    );
  });

  it('only checks the name in a dry run', async () => {
    const ctx = actionContext({ input, isDryRun: true });
    await action().handler(ctx);
    expect(mlflow.posts).toEqual([]);
    expect(mlflow.models.size).toBe(0);
    expect(ctx.output).toHaveBeenCalledWith('created', true);
  });

  it('does not create twice when the task is retried', async () => {
    const checkpoints = new Map<string, unknown>();
    await action().handler(actionContext({ input, checkpoints }));
    // The retry finds the model and its checkpoint: no second create.
    const retry = actionContext({ input, checkpoints });
    await action().handler(retry);
    expect(mlflow.posts).toHaveLength(1);
    expect(retry.output).toHaveBeenCalledWith('created', false);
  });

  it('takes a create whose answer was lost as done, not as a conflict', async () => {
    mlflow.failNextCreate();
    const ctx = actionContext({ input });
    await action().handler(ctx);
    // The client retried the 503, MLflow said it exists, and it is ours.
    expect(mlflow.posts).toHaveLength(2);
    expect(ctx.output).toHaveBeenCalledWith('created', false);
  });

  it('refuses a name another entity already uses, naming its owner', async () => {
    mlflow.models.set('churn-booster', {
      name: 'churn-booster',
      tags: [{ key: 'owner', value: 'group:default/risk' }],
    });
    await expect(
      action().handler(actionContext({ input, isDryRun: true })),
    ).rejects.toThrow(
      `ml:mlflow:register: registered model "churn-booster" already exists in MLflow "main", owned by group:default/risk; choose another name, or ask its owner to add you (${baseUrl}/#/models/churn-booster)`,
    );
    expect(mlflow.posts).toEqual([]);
  });

  it.each([
    [{ ...input, name: 'a/b' }, 'input.name must be 1-256 letters'],
    [
      { ...input, owner: '${{ user.entity }}' },
      'input.owner must not contain a template expression',
    ],
    [
      { ...input, registry: 'research' },
      'input.registry "research" is not configured; use one of "main"',
    ],
  ])('rejects %j', async (bad, message) => {
    await expect(
      action().handler(actionContext({ input: bad })),
    ).rejects.toThrow(message);
    expect(mlflow.posts).toEqual([]);
  });

  it('says how to configure MLflow when none is', async () => {
    await expect(
      createRegisterMlflowAction({ registries: [] }).handler(
        actionContext({ input }),
      ),
    ).rejects.toThrow(
      'no MLflow is configured; add one under ml.registries.mlflow in app-config, or remove this step',
    );
  });

  it('names the registry and the cause when MLflow is down', async () => {
    const closed = http.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise(r => closed.close(r));
    const down = createRegisterMlflowAction({
      registries: [
        { ...registry('main', `http://127.0.0.1:${port}`), attempts: 1 },
      ],
    });
    await expect(down.handler(actionContext({ input }))).rejects.toThrow(
      `MLflow registry "main" (http://127.0.0.1:${port}) registered-models/get is unreachable (ECONNREFUSED)`,
    );
  });
});
