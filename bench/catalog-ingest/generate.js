/*
 * Generates N entities: ML entities with lineage, or plain Components that mirror
 * them, so the two runs compare the cost of our kinds (validation and relation
 * emission) with the built-in Component kind on the same data.
 */
function mlEntities(n) {
  const docs = [];
  const datasets = Math.ceil(n * 0.4);
  const features = Math.ceil(n * 0.3);
  const models = n - datasets - features;
  const ds = i => `dataset-${i % datasets}`;
  for (let i = 0; i < datasets; i++) {
    docs.push({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Dataset',
      metadata: {
        name: ds(i),
        description: `Generated dataset ${i}`,
        tags: ['bench'],
      },
      spec: {
        owner: `group:default/team-${i % 20}`,
        lifecycle: 'production',
        system: `system-${i % 10}`,
        type: 'table',
        classification: 'internal',
        ...(i > 0 && { derivedFrom: [ds(i - 1)] }),
        schema: {
          columns: [
            { name: 'id', type: 'string' },
            { name: 'value', type: 'float' },
          ],
        },
      },
    });
  }
  for (let i = 0; i < features; i++) {
    docs.push({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Feature',
      metadata: {
        name: `feature-${i}`,
        description: `Generated feature ${i}`,
        tags: ['bench'],
      },
      spec: {
        owner: `group:default/team-${i % 20}`,
        lifecycle: 'production',
        system: `system-${i % 10}`,
        entities: ['id'],
        sources: [ds(i), ds(i + 1)],
        features: [{ name: 'f', dtype: 'float64' }],
      },
    });
  }
  for (let i = 0; i < models; i++) {
    docs.push({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Model',
      metadata: {
        name: `model-${i}`,
        description: `Generated model ${i}`,
        tags: ['bench'],
      },
      spec: {
        owner: `group:default/team-${i % 20}`,
        lifecycle: 'production',
        system: `system-${i % 10}`,
        task: 'binary-classification',
        trainedOn: [ds(i), ds(i + 7)],
        consumesFeatures: [
          `feature-${i % features}`,
          `feature-${(i + 3) % features}`,
        ],
        evaluation: [{ metric: 'auc', value: 0.9, threshold: 0.8 }],
        modelCard: { intendedUse: 'Benchmarking', limitations: ['Generated'] },
      },
    });
  }
  return docs;
}

/**
 * Components mirroring the ML entities one for one: same names, metadata, owner,
 * system and payload size, and one dependsOn per lineage ref. The difference in
 * ingest time is then what our kinds cost, not what their extra data costs.
 */
function components(n) {
  return mlEntities(n).map(e => {
    const {
      owner,
      lifecycle,
      system,
      trainedOn = [],
      consumesFeatures = [],
      sources = [],
      derivedFrom = [],
      ...payload
    } = e.spec;
    const refs = [
      ...trainedOn,
      ...consumesFeatures,
      ...sources,
      ...derivedFrom,
    ];
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: e.metadata,
      spec: {
        type: e.kind.toLowerCase(),
        owner,
        lifecycle,
        system,
        dependsOn: refs.map(r => `component:default/${r}`),
        payload,
      },
    };
  });
}

module.exports = { mlEntities, components };
