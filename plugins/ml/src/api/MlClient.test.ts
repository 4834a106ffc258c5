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

describe('MlClient feedback calls', () => {
  const entityRef = 'model:default/churn-model';
  const feedback = {
    entityRef,
    summary: { count: 0, distribution: [0, 0, 0, 0, 0] },
    reviews: [],
    requests: [],
    canRespond: false,
    canGiveFeedback: true,
  };
  const json = { 'Content-Type': 'application/json' };

  it("reads an asset's feedback", async () => {
    const { ml, fetch } = client({ status: 200, body: feedback });
    await expect(ml.getFeedback(entityRef)).resolves.toEqual(feedback);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/feedback?entityRef=model%3Adefault%2Fchurn-model',
      { method: 'GET' },
    );
  });

  it('saves the caller’s review with a PUT and a JSON body', async () => {
    const { ml, fetch } = client({ status: 200, body: feedback });
    await expect(
      ml.saveReview(entityRef, { rating: 4, text: 'Solid baseline' }),
    ).resolves.toEqual(feedback);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/feedback/reviews?entityRef=model%3Adefault%2Fchurn-model',
      {
        method: 'PUT',
        headers: json,
        body: JSON.stringify({ rating: 4, text: 'Solid baseline' }),
      },
    );
  });

  it('deletes the caller’s review and resolves with the feedback the backend sends', async () => {
    const { ml, fetch } = client({ status: 200, body: feedback });
    await expect(ml.deleteReview(entityRef)).resolves.toEqual(feedback);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/feedback/reviews?entityRef=model%3Adefault%2Fchurn-model',
      { method: 'DELETE' },
    );
  });

  it('reads the feedback again when a delete answers 204 No Content', async () => {
    const { ml, fetch } = client({ status: 200, body: feedback });
    fetch.mockImplementationOnce(
      async () =>
        ({
          ok: true,
          status: 204,
          json: async () => {
            throw new SyntaxError('Unexpected end of JSON input');
          },
        } as unknown as Response),
    );
    await expect(ml.deleteReview(entityRef)).resolves.toEqual(feedback);
    expect(fetch.mock.calls.map(([url, init]) => [url, init?.method])).toEqual([
      [
        'http://localhost/api/ml/feedback/reviews?entityRef=model%3Adefault%2Fchurn-model',
        'DELETE',
      ],
      [
        'http://localhost/api/ml/feedback?entityRef=model%3Adefault%2Fchurn-model',
        'GET',
      ],
    ]);
  });

  it('sends an owner’s reply to one review', async () => {
    const { ml, fetch } = client({ status: 200, body: feedback });
    await ml.replyToReview(entityRef, {
      reviewer: 'user:default/ana',
      text: 'Thanks, fixed in v4',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/feedback/reviews/reply?entityRef=model%3Adefault%2Fchurn-model',
      {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          reviewer: 'user:default/ana',
          text: 'Thanks, fixed in v4',
        }),
      },
    );
  });

  it('files an improvement request', async () => {
    const { ml, fetch } = client({ status: 201, body: feedback });
    const request = {
      what: 'Add a Spanish slice',
      why: 'Half our users write Spanish',
      urgency: 'high' as const,
    };
    await expect(
      ml.fileImprovementRequest(entityRef, request),
    ).resolves.toEqual(feedback);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/feedback/requests?entityRef=model%3Adefault%2Fchurn-model',
      { method: 'POST', headers: json, body: JSON.stringify(request) },
    );
  });

  it('changes the status of a request with a PATCH on its id', async () => {
    const { ml, fetch } = client({ status: 200, body: feedback });
    await ml.setImprovementStatus('req 7', {
      status: 'declined',
      note: 'Out of scope',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/feedback/requests/req%207',
      {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ status: 'declined', note: 'Out of scope' }),
      },
    );
  });

  it('rejects a refused review with the backend’s message for people', async () => {
    const { ml } = client({
      status: 400,
      body: {
        error: {
          name: 'InputError',
          message: 'text is 2001 characters long; keep it to 2000',
        },
        response: { statusCode: 400 },
      },
    });
    const error = await ml
      .saveReview(entityRef, { rating: 3, text: 'x'.repeat(2001) })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toBe(
      'text is 2001 characters long; keep it to 2000',
    );
  });
});

describe('MlClient adoption and credit calls', () => {
  const entityRef = 'model:default/churn-model';
  const usage = {
    entityRef,
    uses: [],
    teams: [],
    canDeclare: true,
  };
  const json = { 'Content-Type': 'application/json' };

  it('reads who uses an asset', async () => {
    const { ml, fetch } = client({ status: 200, body: usage });
    await expect(ml.getUsage(entityRef)).resolves.toEqual(usage);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/usage?entityRef=model%3Adefault%2Fchurn-model',
      { method: 'GET' },
    );
  });

  it('declares a use with a POST naming the consumer and the note', async () => {
    const { ml, fetch } = client({ status: 200, body: usage });
    const use = {
      consumer: 'component:default/checkout',
      note: 'Scores baskets at checkout',
    };
    await expect(ml.declareUse(entityRef, use)).resolves.toEqual(usage);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/usage?entityRef=model%3Adefault%2Fchurn-model',
      { method: 'POST', headers: json, body: JSON.stringify(use) },
    );
  });

  it('withdraws a declared use with a DELETE naming the consumer', async () => {
    const { ml, fetch } = client({ status: 200, body: usage });
    await expect(
      ml.withdrawUse(entityRef, 'component:default/checkout'),
    ).resolves.toEqual(usage);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/usage?entityRef=model%3Adefault%2Fchurn-model&consumer=component%3Adefault%2Fcheckout',
      { method: 'DELETE' },
    );
  });

  it('reads the usage again when a withdrawal answers 204 No Content', async () => {
    const { ml, fetch } = client({ status: 200, body: usage });
    fetch.mockImplementationOnce(
      async () => ({ ok: true, status: 204 } as unknown as Response),
    );
    await expect(
      ml.withdrawUse(entityRef, 'component:default/checkout'),
    ).resolves.toEqual(usage);
    expect(fetch.mock.calls.map(([, init]) => init?.method)).toEqual([
      'DELETE',
      'GET',
    ]);
  });

  it('rejects a refused declaration with the backend’s message for people', async () => {
    const message =
      'You may declare uses only for entities your teams own; component:default/checkout is owned by group:default/payments';
    const { ml } = client({
      status: 403,
      body: {
        error: { name: 'NotAllowedError', message },
        response: { statusCode: 403 },
      },
    });
    const error = await ml
      .declareUse(entityRef, { consumer: 'component:default/checkout' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe(message);
  });

  it('reads the credit of one team', async () => {
    const body = {
      team: 'group:default/growth-ml',
      ranked: 0,
      totals: {
        assets: 0,
        reusedAssets: 0,
        consumerTeams: 0,
        crossTeamConsumers: 0,
      },
      assets: [],
    };
    const { ml, fetch } = client({ status: 200, body });
    await expect(ml.getTeamCredit('group:default/growth-ml')).resolves.toEqual(
      body,
    );
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost/api/ml/kpis/team?group=group%3Adefault%2Fgrowth-ml',
      { method: 'GET' },
    );
  });
});
