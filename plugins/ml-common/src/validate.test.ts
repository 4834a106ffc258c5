import { formatPath, formatValidationIssues, validateMlEntity } from './validate';
import { isDatasetEntity, isMlEntity, isModelEntity } from './entities';

const model = (spec: Record<string, unknown>) => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model' },
  spec: { owner: 'group:default/ml-platform', lifecycle: 'production', ...spec },
});

describe('validateMlEntity', () => {
  it('accepts a complete Model', () => {
    expect(
      validateMlEntity(model({ trainedOn: ['dataset:default/customers'], task: 'binary-classification' })),
    ).toEqual([]);
  });

  it('rejects a Model whose trainedOn holds a number, naming the index and the value', () => {
    const issues = validateMlEntity(model({ trainedOn: ['dataset:default/customers', 42] }));
    expect(issues).toEqual([
      {
        path: 'spec.trainedOn[1]',
        message: 'must be an entity ref like "dataset:default/customers", got 42',
      },
    ]);
  });

  it('reports every field error of one entity together', () => {
    const issues = validateMlEntity({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name: 'customers' },
      spec: { lifecycle: 'retired', classification: 'secret' },
    });
    expect(issues.map(i => i.path).sort()).toEqual(
      ['spec.classification', 'spec.lifecycle', 'spec.owner', 'spec.type'].sort(),
    );
    expect(issues.find(i => i.path === 'spec.lifecycle')!.message).toBe(
      'must be one of experimental, production, deprecated, got "retired"',
    );
    expect(issues.find(i => i.path === 'spec.owner')!.message).toMatch(/^is required/);
  });

  it('names the expected apiVersion when a Model uses the Backstage one', () => {
    const issues = validateMlEntity({ ...model({}), apiVersion: 'backstage.io/v1alpha1' });
    expect(issues).toEqual([
      {
        path: 'apiVersion',
        message:
          'must be "ml-marketplace.io/v1alpha1" for kind Model, got "backstage.io/v1alpha1"',
      },
    ]);
  });

  it('refuses kinds it does not own', () => {
    expect(validateMlEntity({ kind: 'Component' })[0].path).toBe('kind');
  });
});

describe('formatting', () => {
  it('formats paths and messages the way owners read YAML', () => {
    expect(formatPath(['spec', 'schema', 'columns', 3, 'name'])).toBe('spec.schema.columns[3].name');
    expect(
      formatValidationIssues('Model default/churn-model', [
        { path: 'spec.owner', message: 'is required' },
        { path: 'spec.task', message: 'must be a string' },
      ]),
    ).toBe('Model default/churn-model: spec.owner is required; spec.task must be a string');
  });
});

describe('type guards', () => {
  it('match on apiVersion and kind, case-insensitively on kind', () => {
    const m = { ...model({}), kind: 'model' } as any;
    expect(isModelEntity(m)).toBe(true);
    expect(isDatasetEntity(m)).toBe(false);
    expect(isMlEntity({ ...m, apiVersion: 'backstage.io/v1alpha1' })).toBe(false);
  });
});
