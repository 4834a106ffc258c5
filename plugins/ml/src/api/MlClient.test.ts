import { ResponseError } from '@backstage/errors';
import { MlClient } from './MlClient';

function client(answer: { status: number; body: unknown }) {
  const fetch = jest.fn(
    async (url: RequestInfo | URL, _init?: RequestInit) =>
      ({
        ok: answer.status >= 200 && answer.status < 300,
        status: answer.status,
        statusText: answer.status === 409 ? 'Conflict' : 'OK',
        url: String(url),
        headers: new Headers({ 'content-type': 'application/json' }),
        json: async () => answer.body,
        text: async () => JSON.stringify(answer.body),
      } as unknown as Response),
  );
  const ml = new MlClient({
    discoveryApi: { getBaseUrl: async () => 'http://localhost/api/ml' },
    fetchApi: { fetch },
  });
  return { ml, fetch };
}

describe('MlClient', () => {
  it('reads which declared refs the user may see', async () => {
    const body = { entityRef: 'model:default/churn-model', references: [] };
    const { ml, fetch } = client({ status: 200, body });
    await expect(
      ml.getReferences('model:default/churn-model'),
    ).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/references?entityRef=model%3Adefault%2Fchurn-model',
      { method: 'GET' },
    );
  });
});

describe('MlClient registry calls', () => {
  it('reads the registry model of an entity', async () => {
    const body = { entityRef: 'model:default/churn-model' };
    const { ml, fetch } = client({ status: 200, body });
    await expect(
      ml.getRegistryModel('model:default/churn-model'),
    ).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/registry/model?entityRef=model%3Adefault%2Fchurn-model',
      { method: 'GET' },
    );
  });

  it('reads the feature view a Feature entity names', async () => {
    const body = {
      entityRef: 'feature:default/customer-activity',
      services: [],
      differences: [],
      consumers: [],
    };
    const { ml, fetch } = client({ status: 200, body });
    await expect(
      ml.getFeatureStoreView('feature:default/customer-activity'),
    ).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/feature-store/view?entityRef=feature%3Adefault%2Fcustomer-activity',
      { method: 'GET' },
    );
  });

  it('reads the history of a metric of a version', async () => {
    const body = {
      entityRef: 'model:default/churn-model',
      version: '3',
      metric: 'val loss',
      runId: 'abc',
      points: [{ step: 0, value: 0.5 }],
    };
    const { ml, fetch } = client({ status: 200, body });
    await expect(
      ml.getMetricHistory({
        entityRef: 'model:default/churn-model',
        version: '3',
        metric: 'val loss',
      }),
    ).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/registry/metric-history?entityRef=model%3Adefault%2Fchurn-model&version=3&metric=val+loss',
      { method: 'GET' },
    );
  });

  it('rejects a metric history without a synced run with a 404 ResponseError', async () => {
    const { ml } = client({
      status: 404,
      body: {
        error: {
          name: 'NotFoundError',
          message: 'Version 3 of churn-model has no synced run',
        },
        response: { statusCode: 404 },
      },
    });
    const error = await ml
      .getMetricHistory({
        entityRef: 'model:default/churn-model',
        version: '3',
        metric: 'auc',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.message).toBe(
      'Version 3 of churn-model has no synced run',
    );
  });

  it('reads the registry status', async () => {
    const { ml, fetch } = client({ status: 200, body: { registries: [] } });
    await expect(ml.getRegistryStatus()).resolves.toEqual({ registries: [] });
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/registry/status',
      { method: 'GET' },
    );
  });

  it('starts a sync with a POST', async () => {
    const body = { id: 9, registryId: 'prod', status: 'running' };
    const { ml, fetch } = client({ status: 202, body });
    await expect(ml.syncRegistry('prod')).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/registry/sync?registryId=prod',
      { method: 'POST' },
    );
  });

  it('rejects with a ResponseError carrying the status and message', async () => {
    const { ml } = client({
      status: 409,
      body: {
        error: { name: 'ConflictError', message: 'A sync of prod is running' },
        response: { statusCode: 409 },
      },
    });
    const error = await ml.syncRegistry('prod').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe('A sync of prod is running');
  });
});
