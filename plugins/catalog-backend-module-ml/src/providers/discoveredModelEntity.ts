import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_VIEW_URL,
  type Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_DISCOVERED_BY,
  ANNOTATION_MLFLOW_INSTANCE,
  ANNOTATION_MLFLOW_MODEL_NAME,
  LIFECYCLES,
  ML_API_VERSION,
  MODEL_KIND,
  type RegistryModel,
} from '@ml-marketplace/plugin-ml-common';
import type { MlflowRegistryConfig } from '@ml-marketplace/plugin-ml-node';

/** A registered model name as a catalog entity name: `[a-z0-9-_.]`, at most 63 characters. */
export function entityNameFor(registeredModel: string): string {
  const name = registeredModel
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9-_.]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^a-z0-9]+$/g, '');
  return name || 'unnamed-model';
}

/** Where the model lives in MLflow's UI: the location annotations point there. */
export function modelUrl(config: MlflowRegistryConfig, name: string): string {
  return `${config.uiUrl}/#/models/${encodeURIComponent(name)}`;
}

/**
 * The Model entity for a registered model no catalog-info.yaml declares, or
 * undefined when no owner tag names who answers for it.
 */
export function discoveredModelEntity(
  config: MlflowRegistryConfig,
  model: RegistryModel,
): Entity | undefined {
  const { discovery } = config;
  const owner = discovery.ownerTagKeys
    .map(key => model.tags[key]?.trim())
    .find(Boolean);
  if (!owner) return undefined;
  const lifecycleTag = model.tags[discovery.lifecycleTagKey]
    ?.trim()
    .toLocaleLowerCase('en-US');
  const lifecycle = (LIFECYCLES as readonly string[]).includes(
    lifecycleTag ?? '',
  )
    ? lifecycleTag!
    : 'experimental';
  const system = model.tags[discovery.systemTagKey]?.trim();
  const url = modelUrl(config, model.name);
  const name = entityNameFor(model.name);
  return {
    apiVersion: ML_API_VERSION,
    kind: MODEL_KIND,
    metadata: {
      name,
      namespace: discovery.namespace,
      ...(name !== model.name && { title: model.name }),
      description:
        model.description ||
        `Registered model "${model.name}" in MLflow "${config.id}", found in the registry. Declare it in a catalog-info.yaml to describe it fully.`,
      tags: ['mlflow', 'discovered'],
      annotations: {
        [ANNOTATION_LOCATION]: `url:${url}`,
        [ANNOTATION_ORIGIN_LOCATION]: `url:${url}`,
        [ANNOTATION_VIEW_URL]: url,
        [ANNOTATION_DISCOVERED_BY]: `mlflow:${config.id}`,
        [ANNOTATION_MLFLOW_MODEL_NAME]: model.name,
        [ANNOTATION_MLFLOW_INSTANCE]: config.id,
      },
      links: [{ url, title: `MLflow registry (${config.id})` }],
    },
    spec: {
      owner,
      lifecycle,
      ...(system && { system }),
      registry: { mlflow: { name: model.name, instance: config.id } },
    },
  };
}
