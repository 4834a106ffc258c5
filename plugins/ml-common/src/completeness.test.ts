import { cardCompleteness, recommendedFields } from './completeness';

const model = (spec: Record<string, unknown>, description?: string) => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'm', ...(description && { description }) },
  spec: { owner: 'g', lifecycle: 'production', ...spec },
});

describe('cardCompleteness', () => {
  it('scores an empty Model card at 0 and lists every recommended field as missing', () => {
    const result = cardCompleteness(model({}));
    expect(result.score).toBe(0);
    expect(result.filled).toEqual([]);
    expect(result.missing.map(m => m.path)).toEqual(
      recommendedFields('Model').map(f => f.path),
    );
    expect(result.missing[0]).toEqual({
      path: 'metadata.description',
      hint: 'One or two sentences on what the model predicts',
    });
  });

  it('weights fields: description and intended use count double', () => {
    const total = recommendedFields('Model').reduce((s, f) => s + f.weight, 0);
    const result = cardCompleteness(
      model(
        { task: 'regression', modelCard: { intendedUse: 'Forecast demand' } },
        'Forecasts demand',
      ),
    );
    expect(result.filled).toEqual([
      'metadata.description',
      'spec.task',
      'spec.modelCard.intendedUse',
    ]);
    expect(result.score).toBe(Math.round((5 / total) * 100));
  });

  it('treats empty strings and empty lists as missing', () => {
    const result = cardCompleteness(model({ trainedOn: [], framework: '  ' }));
    expect(result.filled).toEqual([]);
  });

  it('scores a Dataset by its own recommended fields', () => {
    const result = cardCompleteness({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name: 'd', description: 'rows' },
      spec: {
        classification: 'internal',
        schema: { columns: [{ name: 'a', type: 'int' }] },
      },
    });
    expect(result.filled).toEqual([
      'metadata.description',
      'spec.classification',
      'spec.schema.columns',
    ]);
    expect(result.score).toBe(60);
  });

  it('gives 100 to kinds without recommendations', () => {
    expect(
      cardCompleteness({
        apiVersion: 'v',
        kind: 'Component',
        metadata: { name: 'c' },
      }).score,
    ).toBe(100);
  });
});
