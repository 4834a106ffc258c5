import type { Entity } from '@backstage/catalog-model';

/**
 * ML entities as the catalog serves them: spec as written plus the relations
 * the processor emitted (only ownedBy is needed by the checks; others read
 * refs from the spec).
 */
export function mlEntity(
  kind: 'Model' | 'Feature' | 'Dataset',
  name: string,
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): Entity {
  const owner = (spec.owner as string) ?? 'group:default/team';
  return {
    apiVersion: 'ml-marketplace.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      description: `The ${name} ${kind.toLowerCase()}, documented.`,
      ...metadata,
    },
    spec: { owner, lifecycle: 'production', license: 'apache-2.0', ...spec },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

export const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

/** A model whose card, evaluation and thresholds earn it silver (gold with an approval). */
export function wellDocumentedModel(
  name: string,
  spec: Record<string, unknown> = {},
): Entity {
  return mlEntity('Model', name, {
    task: 'binary-classification',
    framework: 'scikit-learn',
    trainedOn: ['customers'],
    evaluation: [{ metric: 'auc', value: 0.91, threshold: 0.85 }],
    modelCard: {
      intendedUse: 'Rank customers by churn risk for retention offers.',
      outOfScopeUses: ['Credit decisions'],
      users: ['Retention team'],
      limitations: ['Needs 30 days of history'],
      tradeoffs: ['Recall over precision'],
      ethicalConsiderations: [
        { name: 'Proxy features', mitigation: 'Excluded protected attributes' },
      ],
      trainingData: 'Customers 2024-2026',
      evaluationData: 'Holdout 2026-Q3',
      caveats: 'Retrain quarterly',
    },
    classification: 'internal',
    ...spec,
  });
}
