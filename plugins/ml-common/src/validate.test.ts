import {
  formatPath,
  formatValidationIssues,
  suggestKey,
  validateMlEntity,
} from './validate';
import { isDatasetEntity, isMlEntity, isModelEntity } from './entities';

const envelope = (kind: string, spec: Record<string, unknown>) => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  spec: {
    owner: 'group:default/ml-platform',
    lifecycle: 'production',
    ...spec,
  },
});
const model = (spec: Record<string, unknown> = {}) => envelope('Model', spec);
const feature = (spec: Record<string, unknown> = {}) =>
  envelope('Feature', spec);
const dataset = (spec: Record<string, unknown> = {}) =>
  envelope('Dataset', { type: 'table', ...spec });

/** The single issue of an entity, as "path message". */
const only = (entity: unknown) => {
  const issues = validateMlEntity(entity);
  expect(issues).toHaveLength(1);
  return `${issues[0].path} ${issues[0].message}`;
};

describe('validateMlEntity: valid entities', () => {
  it.each([
    ['a minimal Model', model()],
    ['a minimal Feature', feature()],
    ['a minimal Dataset', dataset()],
    [
      'a Model with every field',
      model({
        system: 'system:default/retention',
        license: 'apache-2.0',
        task: 'binary-classification',
        framework: 'scikit-learn',
        baseModel: 'distilbert-base-uncased',
        trainedOn: ['customers', 'dataset:billing/invoices'],
        consumesFeatures: ['feature:default/activity'],
        dependsOn: ['component:default/feature-store'],
        providesApis: ['churn-api'],
        evaluation: [
          {
            metric: 'auc',
            value: 0.91,
            dataset: 'dataset:default/holdout',
            split: 'test',
            slice: 'country=DE',
            threshold: 0.85,
            higherIsBetter: true,
          },
        ],
        modelCard: {
          summary: 's',
          intendedUse: 'u',
          outOfScopeUses: ['credit'],
          users: ['analysts'],
          useCases: ['retention'],
          limitations: ['l'],
          tradeoffs: ['t'],
          ethicalConsiderations: [{ name: 'bias', mitigation: 'reweighting' }],
          trainingData: 'td',
          evaluationData: 'ed',
          quantitativeAnalysis: 'qa',
          caveats: ['c'],
          languages: ['en'],
          references: ['https://example.test/paper'],
          citation: 'cite',
        },
        registry: {
          mlflow: { name: 'churn', alias: 'champion', instance: 'prod' },
        },
        serving: {
          endpoint: 'https://churn.internal/predict',
          healthUrl: 'https://churn.internal/health',
        },
        deprecation: {
          reason: 'replaced',
          replacedBy: 'model:default/churn-v2',
          sunsetDate: '2027-01-31',
        },
      }),
    ],
    [
      'a Feature with every field',
      feature({
        entities: ['customer_id'],
        features: [
          {
            name: 'sessions_30d',
            dtype: 'int64',
            description: 'd',
            tags: ['t'],
          },
        ],
        sources: ['customers'],
        transformation: 'count',
        store: 'both',
        ttl: 'P1D',
        version: 3,
      }),
    ],
    [
      'a Dataset with every field',
      dataset({
        location: 's3://b/p',
        classification: 'restricted',
        derivedFrom: ['raw-events'],
        dependsOn: ['model:default/churn-model', 'component:default/scorer'],
        schema: {
          columns: [
            {
              name: 'email',
              type: 'string',
              pii: true,
              nullable: false,
              description: 'd',
              tags: ['pii'],
            },
          ],
        },
        freshness: 'PT15M',
        retention: 'P90D',
        license: 'proprietary',
      }),
    ],
  ])('accepts %s', (_name, entity) => {
    expect(validateMlEntity(entity)).toEqual([]);
  });
});

describe('validateMlEntity: every field rule', () => {
  it.each([
    [
      'owner missing',
      { ...model(), spec: { lifecycle: 'production' } },
      'spec.owner is required and must be an entity ref like "group:default/ml-platform"',
    ],
    [
      'owner of the wrong kind',
      model({ owner: 'component:default/x' }),
      'spec.owner must refer to group or user, e.g. "group:default/ml-platform", got "component:default/x"',
    ],
    [
      'lifecycle unknown',
      model({ lifecycle: 'retired' }),
      'spec.lifecycle must be one of experimental, production, deprecated, got "retired"',
    ],
    [
      'system not a ref',
      model({ system: 'a b' }),
      'spec.system must be an entity ref like "system:default/recommendations", got "a b"',
    ],
    [
      'licence empty',
      model({ license: '' }),
      'spec.license must not be empty: an SPDX licence id such as "apache-2.0", or "proprietary", got ""',
    ],
    [
      'trainedOn holds a number',
      model({ trainedOn: ['customers', 42] }),
      'spec.trainedOn[1] must be an entity ref like "dataset:default/customers", got 42',
    ],
    [
      'trainedOn a string',
      model({ trainedOn: 'customers' }),
      'spec.trainedOn must be a list of entity refs like ["dataset:default/customers"], got "customers"',
    ],
    [
      'trainedOn a Feature',
      model({ trainedOn: ['feature:default/activity'] }),
      'spec.trainedOn[0] must refer to dataset, e.g. "dataset:default/customers", got "feature:default/activity"',
    ],
    [
      'consumesFeatures a Dataset',
      model({ consumesFeatures: ['dataset:default/c'] }),
      'spec.consumesFeatures[0] must refer to feature, e.g. "feature:default/customer-activity", got "dataset:default/c"',
    ],
    [
      'providesApis a Component',
      model({ providesApis: ['component:default/c'] }),
      'spec.providesApis[0] must refer to api, e.g. "api:default/churn-prediction", got "component:default/c"',
    ],
    [
      'evaluation value a string',
      model({ evaluation: [{ metric: 'auc', value: '0.9' }] }),
      'spec.evaluation[0].value must be a number, got "0.9"; write the number without quotes',
    ],
    [
      'evaluation without metric',
      model({ evaluation: [{ value: 0.9 }] }),
      'spec.evaluation[0].metric is required and must be the metric name, e.g. "auc" or "f1"',
    ],
    [
      'model card limitations as text',
      model({ modelCard: { limitations: 'many' } }),
      'spec.modelCard.limitations must be a list of known limitations, got "many"',
    ],
    [
      'ethical consideration without name',
      model({ modelCard: { ethicalConsiderations: [{ mitigation: 'm' }] } }),
      'spec.modelCard.ethicalConsiderations[0].name is required and must be the risk, e.g. "Under-represents customers under 25"',
    ],
    [
      'registry without name',
      model({ registry: { mlflow: {} } }),
      'spec.registry.mlflow.name is required and must be the registered model name in MLflow',
    ],
    [
      'serving health URL relative',
      model({ serving: { healthUrl: '/health' } }),
      'spec.serving.healthUrl must be an absolute URL like "https://host/path", got "/health"',
    ],
    [
      'deprecation successor not a Model',
      model({ deprecation: { reason: 'r', replacedBy: 'dataset:default/d' } }),
      'spec.deprecation.replacedBy must refer to model, e.g. "model:default/churn-model-v2", got "dataset:default/d"',
    ],
    [
      'sunset date not a date',
      model({ deprecation: { reason: 'r', sunsetDate: 'next year' } }),
      'spec.deprecation.sunsetDate must be a date like "2026-12-31", got "next year"',
    ],
    [
      'feature store unknown',
      feature({ store: 'redis' }),
      'spec.store must be one of online, offline, both, got "redis"',
    ],
    [
      'feature ttl not a duration',
      feature({ ttl: '1 day' }),
      'spec.ttl must be an ISO 8601 duration like "P1D" or "PT15M", got "1 day"',
    ],
    [
      'feature field without dtype',
      feature({ features: [{ name: 'f' }] }),
      'spec.features[0].dtype is required and must be the feature dtype, e.g. "float64"',
    ],
    [
      'feature source a Model',
      feature({ sources: ['model:default/m'] }),
      'spec.sources[0] must refer to dataset, e.g. "dataset:default/customer-events", got "model:default/m"',
    ],
    [
      'dataset produced by a Group',
      dataset({ dependsOn: ['group:default/g'] }),
      'spec.dependsOn[0] must refer to component, resource, model or feature, e.g. "model:default/churn-model", got "group:default/g"',
    ],
    [
      'dataset type missing',
      { ...dataset(), spec: { owner: 'g', lifecycle: 'production' } },
      'spec.type is required and must be the dataset type, e.g. "table", "files" or "stream"',
    ],
    [
      'dataset classification unknown',
      dataset({ classification: 'secret' }),
      'spec.classification must be one of public, internal, confidential, restricted, got "secret"',
    ],
    [
      'column pii not a boolean',
      dataset({ schema: { columns: [{ name: 'e', type: 's', pii: 'yes' }] } }),
      'spec.schema.columns[0].pii must be true or false, got "yes"',
    ],
    [
      'freshness not a duration',
      dataset({ freshness: 'daily' }),
      'spec.freshness must be an ISO 8601 duration like "P1D" or "PT15M", got "daily"',
    ],
  ])('rejects %s', (_name, entity, expected) => {
    expect(only(entity)).toBe(expected);
  });

  it('suggests the field a typo meant', () => {
    expect(only(model({ trainedon: ['customers'] }))).toBe(
      'spec.trainedon is not a known field; did you mean "trainedOn"?',
    );
    expect(only(model({ modelCard: { limitation: ['x'] } }))).toBe(
      'spec.modelCard.limitation is not a known field; did you mean "limitations"?',
    );
  });

  it('lists the known fields when nothing is close', () => {
    expect(only(feature({ colour: 'blue' }))).toMatch(
      /^spec\.colour is not a known field; known fields here are owner, lifecycle, system, license, classification, entities, /,
    );
  });

  it('reports every field error of one entity together', () => {
    const issues = validateMlEntity({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name: 'customers' },
      spec: { lifecycle: 'retired', classification: 'secret' },
    });
    expect(issues.map(i => i.path).sort()).toEqual([
      'spec.classification',
      'spec.lifecycle',
      'spec.owner',
      'spec.type',
    ]);
    expect(issues.find(i => i.path === 'spec.type')!.segments).toEqual([
      'spec',
      'type',
    ]);
  });

  it('names the expected apiVersion when a Model uses the Backstage one', () => {
    expect(only({ ...model(), apiVersion: 'backstage.io/v1alpha1' })).toBe(
      'apiVersion must be "ml-marketplace.io/v1alpha1" for kind Model, got "backstage.io/v1alpha1"',
    );
  });

  it('says what is missing when there is no spec at all', () => {
    expect(
      only({
        apiVersion: 'ml-marketplace.io/v1alpha1',
        kind: 'Model',
        metadata: { name: 'm' },
      }),
    ).toBe('spec is required: a mapping with at least owner and lifecycle');
  });

  it('refuses kinds it does not own', () => {
    expect(validateMlEntity({ kind: 'Component' })[0].path).toBe('kind');
  });
});

describe('formatting', () => {
  it('formats paths and messages the way owners read YAML', () => {
    expect(formatPath(['spec', 'schema', 'columns', 3, 'name'])).toBe(
      'spec.schema.columns[3].name',
    );
    expect(
      formatValidationIssues('Model default/churn-model', [
        { path: 'spec.owner', message: 'is required' },
        { path: 'spec.task', message: 'must be a string' },
      ]),
    ).toBe(
      'Model default/churn-model: spec.owner is required; spec.task must be a string',
    );
  });

  it('suggests only close keys', () => {
    expect(suggestKey('trainedon', ['trainedOn', 'task'])).toBe('trainedOn');
    expect(suggestKey('zzzzzz', ['trainedOn', 'task'])).toBeUndefined();
  });
});

describe('type guards', () => {
  it('match on apiVersion and kind, case-insensitively on kind', () => {
    const m = { ...model(), kind: 'model' } as any;
    expect(isModelEntity(m)).toBe(true);
    expect(isDatasetEntity(m)).toBe(false);
    expect(isMlEntity({ ...m, apiVersion: 'backstage.io/v1alpha1' })).toBe(
      false,
    );
  });
});
