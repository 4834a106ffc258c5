import { z } from 'zod';
import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_MLFLOW_INSTANCE,
  ANNOTATION_MLFLOW_MODEL_NAME,
} from '../annotations';
import { entityRefParam } from './queryParams';

/** A dataset a registry run recorded as an input (MLflow `log_input`). */
export interface RegistryDatasetInput {
  name: string;
  digest?: string;
  source?: string;
  sourceType?: string;
  /** e.g. `training`, `evaluation`. */
  context?: string;
}

/** The run that produced a model version. */
export interface RegistryRun {
  id: string;
  name?: string;
  /** Link to the run in the registry's own UI. */
  url?: string;
  status?: string;
  startedAt?: string;
  endedAt?: string;
  /** Latest value per metric; `null` when the registry holds NaN or infinity. */
  metrics: Record<string, number | null>;
  params: Record<string, string>;
  datasets: RegistryDatasetInput[];
  /**
   * The run's feature-store tags (Feast's `feast.project`,
   * `feast.feature_views`, `feast.feature_refs`, `feast.feature_service`);
   * other run tags are not kept.
   */
  featureTags?: Record<string, string>;
  /** Set when the run could not be read (e.g. deleted); the version is kept. */
  unavailable?: string;
}

/** One version of a registered model, as last synced. */
/** One input or output of a logged model's signature. */
export interface RegistrySignatureField {
  /** Column name; tensors and single outputs often have none. */
  name?: string;
  /** What to send, in MLflow's words: `double`, `long`, `string`, `array<double>`, `tensor<float32>`. */
  type: string;
  /** MLflow 2.10+ marks optional columns; absent means required. */
  optional?: boolean;
  /** Tensors: the shape, -1 meaning any size. */
  shape?: number[];
}

/** The logged model's signature, from its MLmodel file in the registry. */
export interface RegistrySignature {
  inputs: RegistrySignatureField[];
  outputs: RegistrySignatureField[];
}

export interface RegistryModelVersion {
  version: string;
  aliases: string[];
  /** Legacy MLflow stage: None, Staging, Production or Archived. */
  stage?: string;
  /** e.g. READY, PENDING_REGISTRATION, FAILED_REGISTRATION. */
  status?: string;
  /** The version's description: its changelog. */
  description?: string;
  createdAt?: string;
  updatedAt?: string;
  source?: string;
  tags: Record<string, string>;
  run?: RegistryRun;
  /** Read for the versions that serve (aliased) and the newest one. */
  signature?: RegistrySignature;
}

/** A registered model with its versions, as last synced. */
export interface RegistryModel {
  name: string;
  description?: string;
  tags: Record<string, string>;
  /** Alias to version number. */
  aliases: Record<string, string>;
  createdAt?: string;
  updatedAt?: string;
  /** Link to the model in the registry's own UI. */
  url?: string;
  /** Newest first. */
  versions: RegistryModelVersion[];
}

export type RegistrySyncStatus = 'running' | 'succeeded' | 'partial' | 'failed';

/** One sync of one registry. */
export interface RegistrySyncRun {
  id: number;
  registryId: string;
  trigger: 'scheduled' | 'manual';
  status: RegistrySyncStatus;
  startedAt: string;
  finishedAt?: string;
  /** Why the run failed, or what it skipped; for people. */
  error?: string;
  modelsSeen: number;
  modelsWritten: number;
  modelsSkipped: number;
  /** Models no longer in the registry: marked deleted, never removed. */
  modelsDeleted: number;
  skipped: Array<{ model: string; reason: string }>;
}

/** A configured registry and how its syncs went. No secrets. */
export interface RegistryState {
  id: string;
  type: string;
  /** Where it is, without credentials. */
  location?: string;
  lastRun?: RegistrySyncRun;
  lastSuccess?: RegistrySyncRun;
  /** Registered models (feature views, for a feature store) currently synced, not deleted. */
  models: number;
}

/** Answer of `GET /registry/status`. */
export interface RegistryStatusResponse {
  registries: RegistryState[];
}

/** Query of `GET /registry/model`. */
export const registryModelQuerySchema = z.object({
  entityRef: entityRefParam('model:default/churn-model'),
});

/** One logged value of a metric; `null` for NaN and infinities. */
export interface RegistryMetricPoint {
  step: number;
  value: number | null;
  timestamp?: string;
}

/** Query of `GET /registry/metric-history`. */
export const registryMetricHistoryQuerySchema = z.object({
  entityRef: entityRefParam('model:default/churn-model'),
  version: z
    .string({ error: 'version is required, e.g. ?version=3' })
    .regex(/^\d+$/, { error: 'version must be a version number, e.g. 3' }),
  metric: z
    .string({ error: 'metric is required, e.g. ?metric=loss' })
    .min(1, { error: 'metric must not be empty' })
    .max(250, { error: 'metric must be at most 250 characters' }),
});

/** Answer of `GET /registry/metric-history`. */
export interface RegistryMetricHistoryResponse {
  entityRef: string;
  version: string;
  metric: string;
  runId: string;
  points: RegistryMetricPoint[];
}

/** Query of `POST /registry/sync`. */
export const registrySyncQuerySchema = z.object({
  registryId: z
    .string({ error: 'registryId is required, e.g. ?registryId=default' })
    .min(1, { error: 'registryId must not be empty' }),
});

/** Answer of `GET /registry/model?entityRef=`: what the registry holds for a Model. */
export interface RegistryModelResponse {
  entityRef: string;
  /** What the entity declares; absent when it names no registered model. */
  declared?: RegistryDeclaration;
  /** The registry the declaration resolves to, with its sync state. */
  registry?: RegistryState;
  /** The registered model as last synced; absent until a sync has seen it. */
  model?: RegistryModel;
  /** When the model was last synced, and when the registry stopped listing it. */
  syncedAt?: string;
  deletedAt?: string;
  /** Why the declaration cannot be served, for the owner. */
  problem?: string;
}

/** A Model entity's pointer into a registry. */
export interface RegistryDeclaration {
  type: 'mlflow';
  name: string;
  /** Configured registry id; absent means the first MLflow registry configured. */
  instance?: string;
  alias?: string;
  /** A pinned version, when no alias serves. */
  version?: string;
}

/**
 * The registered model a Model entity names: `spec.registry.mlflow`, or the
 * `ml-marketplace.io/mlflow-model-name` (and `-instance`) annotations for
 * entities whose spec cannot change.
 */
export function registryDeclarationOf(
  entity: Entity,
): RegistryDeclaration | undefined {
  const spec = entity.spec as
    | {
        registry?: {
          mlflow?: {
            name?: unknown;
            alias?: unknown;
            version?: unknown;
            instance?: unknown;
          };
        };
      }
    | undefined;
  const mlflow = spec?.registry?.mlflow;
  const annotations = entity.metadata.annotations ?? {};
  const name =
    typeof mlflow?.name === 'string'
      ? mlflow.name
      : annotations[ANNOTATION_MLFLOW_MODEL_NAME];
  if (!name) return undefined;
  const instance =
    typeof mlflow?.instance === 'string'
      ? mlflow.instance
      : annotations[ANNOTATION_MLFLOW_INSTANCE];
  return {
    type: 'mlflow',
    name,
    ...(instance && { instance }),
    ...(typeof mlflow?.alias === 'string' && { alias: mlflow.alias }),
    ...((typeof mlflow?.version === 'string' ||
      typeof mlflow?.version === 'number') && {
      version: String(mlflow.version),
    }),
  };
}
