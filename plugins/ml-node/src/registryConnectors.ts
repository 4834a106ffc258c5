import type { Entity } from '@backstage/catalog-model';

/** One version of a registered model as a registry reports it. */
export interface MlModelVersion {
  version: string;
  aliases: string[];
  stage?: string;
  createdAt?: string;
  runId?: string;
  metrics?: Record<string, number | null>;
}

/**
 * A connection to an ML registry (MLflow first). The ML backend asks each
 * connector which entities it can enrich and then reads their versions.
 */
export interface MlRegistryConnector {
  /** Stable id, unique across configured registries (e.g. `mlflow:prod`). */
  readonly id: string;
  /** Whether this registry holds the model the entity declares. */
  handles(entity: Entity): boolean;
  listVersions(
    entity: Entity,
    options: { signal: AbortSignal },
  ): Promise<MlModelVersion[]>;
}
