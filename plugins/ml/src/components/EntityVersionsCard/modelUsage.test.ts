import type { RegistryModel } from '@ml-marketplace/plugin-ml-common';
import { modelUsage } from './modelUsage';

const model: RegistryModel = {
  name: 'churn-model',
  tags: {},
  aliases: { champion: '3' },
  versions: [
    { version: '4', aliases: [], tags: {} },
    { version: '3', aliases: ['champion'], tags: {} },
  ],
};

describe('modelUsage', () => {
  it('points at the declared serving alias and loads it with MLflow', () => {
    const usage = modelUsage({
      declared: { type: 'mlflow', name: 'churn-model', alias: 'champion' },
      model,
      location: 'http://127.0.0.1:5055',
      endpoint: 'http://churn-service.retention.svc/predict',
    })!;
    expect(usage.uri).toBe('models:/churn-model@champion');
    expect(usage.points).toBe('alias champion (version 3)');
    expect(usage.snippets[0].text).toContain(
      'mlflow.set_tracking_uri("http://127.0.0.1:5055")',
    );
    expect(usage.snippets[0].text).toContain(
      'mlflow.pyfunc.load_model("models:/churn-model@champion")',
    );
    expect(usage.snippets[1]).toMatchObject({ label: 'Serving endpoint' });
    expect(usage.snippets[1].text).toContain(
      'curl -X POST http://churn-service.retention.svc/predict',
    );
  });

  it('falls back to the pinned, then the newest version, and says so', () => {
    expect(
      modelUsage({
        declared: { type: 'mlflow', name: 'churn-model', version: '3' },
        model,
      }),
    ).toMatchObject({
      uri: 'models:/churn-model/3',
      points: 'the pinned version 3',
    });
    const newest = modelUsage({
      declared: { type: 'mlflow', name: 'churn-model', alias: 'gone' },
      model,
    })!;
    expect(newest.uri).toBe('models:/churn-model/4');
    expect(newest.points).toContain('no serving alias');
    // No serving endpoint declared: no request example; no registry address: a placeholder.
    expect(newest.snippets.map(s => s.label)).toEqual(['Python']);
    expect(newest.snippets[0].text).toContain('http://YOUR-MLFLOW');
  });

  it('has nothing to load before a version exists', () => {
    expect(
      modelUsage({
        declared: { type: 'mlflow', name: 'churn-model' },
        model: { ...model, aliases: {}, versions: [] },
      }),
    ).toBeUndefined();
  });
});

describe('modelUsage with a registry signature', () => {
  const signed: RegistryModel = {
    ...model,
    versions: [
      { version: '4', aliases: [], tags: {} },
      {
        version: '3',
        aliases: ['champion'],
        tags: {},
        signature: {
          inputs: [
            { name: 'sessions_30d', type: 'long' },
            { name: 'tenure_months', type: 'double' },
            { name: 'is_business', type: 'boolean', optional: true },
          ],
          outputs: [{ type: 'tensor<int64>', shape: [-1] }],
        },
      },
    ],
  };

  it('fills the examples with the inputs of the version that serves', () => {
    const usage = modelUsage({
      declared: { type: 'mlflow', name: 'churn-model', alias: 'champion' },
      model: signed,
      endpoint: 'http://churn.svc/invocations',
    })!;
    expect(usage.version).toBe('3');
    expect(usage.signature?.inputs).toHaveLength(3);
    // Python literals in Python, JSON in the request.
    expect(usage.snippets[0].text).toContain(
      [
        'df = pd.DataFrame([{',
        '  "sessions_30d": 0,',
        '  "tenure_months": 0.0,',
        '  "is_business": False',
        '}])',
      ].join('\n'),
    );
    const body = usage.snippets[1].text.match(/-d '([^']*)'$/)![1];
    expect(JSON.parse(body)).toEqual({
      dataframe_records: [
        { sessions_30d: 0, tenure_months: 0, is_business: false },
      ],
    });
  });

  it('does not borrow a signature from another version', () => {
    const usage = modelUsage({
      declared: { type: 'mlflow', name: 'churn-model', version: '4' },
      model: signed,
    })!;
    expect(usage.signature).toBeUndefined();
    expect(usage.snippets[0].text).not.toContain('pd.DataFrame');
  });
});
