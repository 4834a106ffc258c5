import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { MlEntitiesProcessor } from './MlEntitiesProcessor';

const location = { type: 'url', target: 'http://localhost/catalog-info.yaml' };

const model: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model', namespace: 'default' },
  spec: {
    owner: 'ml-platform',
    lifecycle: 'production',
    system: 'retention',
    trainedOn: ['customers', 'dataset:billing/invoices'],
    consumesFeatures: ['customer-activity'],
    dependsOn: ['component:default/feature-store'],
  },
};

async function relationsOf(entity: Entity) {
  const emitted: any[] = [];
  await new MlEntitiesProcessor().postProcessEntity(entity, location, r =>
    emitted.push(r),
  );
  return emitted.map(r => {
    const { source, type, target } = r.relation;
    return `${stringifyEntityRef(source)} ${type} ${stringifyEntityRef(
      target,
    )}`;
  });
}

describe('MlEntitiesProcessor', () => {
  const processor = new MlEntitiesProcessor();

  it('owns Model, Feature and Dataset and nothing else', async () => {
    await expect(processor.validateEntityKind(model)).resolves.toBe(true);
    await expect(
      processor.validateEntityKind({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: {},
      }),
    ).resolves.toBe(false);
  });

  it('rejects a Model whose trainedOn is not an entity ref, naming entity, field and expectation', async () => {
    const bad = {
      ...model,
      spec: { ...model.spec, trainedOn: ['customers', 42] },
    };
    await expect(processor.validateEntityKind(bad)).rejects.toThrow(
      'Model default/churn-model: spec.trainedOn[1] must be an entity ref like "dataset:default/customers", got 42',
    );
  });

  it('reports all field errors of one entity in one InputError', async () => {
    const bad = {
      ...model,
      spec: { lifecycle: 'live', trainedOn: 'customers' },
    };
    const error = await processor.validateEntityKind(bad).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toContain('spec.owner is required');
    expect(error.message).toContain(
      'spec.lifecycle must be one of experimental, production, deprecated, got "live"',
    );
    expect(error.message).toContain(
      'spec.trainedOn must be a list of entity refs',
    );
  });

  it('tells the owner the right apiVersion when a Model uses backstage.io', async () => {
    await expect(
      processor.validateEntityKind({
        ...model,
        apiVersion: 'backstage.io/v1alpha1',
      }),
    ).rejects.toThrow(
      'apiVersion must be "ml-marketplace.io/v1alpha1" for kind Model',
    );
  });

  it('emits every Model relation in both directions with kind defaults', async () => {
    expect(await relationsOf(model)).toEqual([
      'model:default/churn-model ownedBy group:default/ml-platform',
      'group:default/ml-platform ownerOf model:default/churn-model',
      'model:default/churn-model partOf system:default/retention',
      'system:default/retention hasPart model:default/churn-model',
      'model:default/churn-model trainedOn dataset:default/customers',
      'dataset:default/customers trainingDataOf model:default/churn-model',
      'model:default/churn-model trainedOn dataset:billing/invoices',
      'dataset:billing/invoices trainingDataOf model:default/churn-model',
      'model:default/churn-model consumesFeature feature:default/customer-activity',
      'feature:default/customer-activity featureConsumedBy model:default/churn-model',
      'model:default/churn-model dependsOn component:default/feature-store',
      'component:default/feature-store dependencyOf model:default/churn-model',
    ]);
  });

  it('emits derivedFrom/sourceOf for Features and Datasets', async () => {
    const feature: Entity = {
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Feature',
      metadata: { name: 'customer-activity' },
      spec: {
        owner: 'group:default/ml-platform',
        lifecycle: 'production',
        sources: ['customers'],
      },
    };
    const dataset: Entity = {
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name: 'customers' },
      spec: {
        owner: 'ml-platform',
        lifecycle: 'production',
        type: 'table',
        derivedFrom: ['raw-events'],
      },
    };
    expect(await relationsOf(feature)).toContain(
      'feature:default/customer-activity derivedFrom dataset:default/customers',
    );
    expect(await relationsOf(dataset)).toContain(
      'dataset:default/raw-events sourceOf dataset:default/customers',
    );
  });

  it('asks for the kind of a dependsOn ref, which has no default', async () => {
    const bad = {
      ...model,
      spec: { ...model.spec, dependsOn: ['feature-store'] },
    };
    await expect(relationsOf(bad)).rejects.toThrow(
      'Model default/churn-model: "feature-store" must name its kind, e.g. "component:default/feature-store"',
    );
  });

  it('leaves other kinds alone', async () => {
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
      spec: { owner: 'a', trainedOn: ['b'] },
    };
    expect(await relationsOf(component)).toEqual([]);
  });
});

describe('MlEntitiesProcessor telling the ml backend of changes', () => {
  it('tells of an ML entity when its content differs from what it last processed', async () => {
    const heard: Array<{ entityRef: string; hash: string }> = [];
    const processor = new MlEntitiesProcessor({
      changes: { notify: c => heard.push(...c), subscribe: () => () => {} },
    });
    const process = (entity: Entity) =>
      processor.postProcessEntity(entity, location, () => {});
    await process(model);
    // The processing loop sees it again unchanged: nothing to tell.
    await process({ ...model, metadata: { ...model.metadata } });
    await process({
      ...model,
      spec: { ...model.spec, lifecycle: 'deprecated' },
    });
    await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'svc' },
      spec: {},
    });
    expect(heard.map(h => h.entityRef)).toEqual([
      'model:default/churn-model',
      'model:default/churn-model',
    ]);
    expect(heard[0].hash).not.toBe(heard[1].hash);
  });
});
