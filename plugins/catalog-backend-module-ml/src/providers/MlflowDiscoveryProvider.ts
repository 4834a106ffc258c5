import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { emitDiscovered } from './emitDiscovered';
import type { Entity } from '@backstage/catalog-model';
import type {
  CatalogService,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_DISCOVERED_BY,
  formatValidationIssues,
  registryDeclarationOf,
  validateMlEntity,
} from '@ml-marketplace/plugin-ml-common';
import {
  MlRegistryError,
  type MlflowReadOptions,
  type MlflowRegistryConfig,
  type MlRegistryReadResult,
} from '@ml-marketplace/plugin-ml-node';
import { discoveredModelEntity } from './discoveredModelEntity';

/** What one discovery run did, for logs and tests. */
export interface DiscoveryRunResult {
  status: 'applied' | 'added-only' | 'failed';
  /** Entities the provider now holds (or added, for `added-only`). */
  discovered: number;
  /** Registered models a catalog-info.yaml already declares. */
  declared: number;
  /** Registered models without an owner tag: not discovered. */
  withoutOwner: number;
  /** Models whose entity would be invalid, with the reason. */
  invalid: Array<{ model: string; reason: string }>;
  error?: string;
}

export interface MlflowDiscoveryProviderOptions {
  config: MlflowRegistryConfig;
  /** Whether Model entities without `instance` mean this registry. */
  isDefaultInstance: boolean;
  /** Reads the registry (no runs needed). */
  reader: { read(options: MlflowReadOptions): Promise<MlRegistryReadResult> };
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}

/**
 * Creates Model entities for registered models that no catalog-info.yaml
 * declares, when a registry tag names an owner. Entities are emitted without
 * a location key, so a repository that later declares the model takes the
 * entity over, and the next run stops emitting it: replaced, not duplicated.
 * A failed or partial read never removes what the provider emitted before.
 */
export class MlflowDiscoveryProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private lastEmitted = 0;

  constructor(private readonly options: MlflowDiscoveryProviderOptions) {}

  getProviderName(): string {
    return `ml-mlflow-discovery:${this.options.config.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  /** Registered model names that catalog entities (not ours) already declare. */
  private async declaredNames(): Promise<Set<string>> {
    const { catalog, auth, config, isDefaultInstance } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      {
        filter: { kind: 'Model' },
        fields: ['kind', 'metadata', 'spec.registry'],
      },
      { credentials },
    );
    const names = new Set<string>();
    const ours = `mlflow:${config.id}`;
    for (const entity of items) {
      if (entity.metadata.annotations?.[ANNOTATION_DISCOVERED_BY] === ours) {
        continue;
      }
      const declared = registryDeclarationOf(entity);
      if (!declared) continue;
      const here = declared.instance
        ? declared.instance === config.id
        : isDefaultInstance;
      if (here) names.add(declared.name);
    }
    return names;
  }

  async run(signal: AbortSignal): Promise<DiscoveryRunResult> {
    const { config, reader, logger } = this.options;
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    const empty = { discovered: 0, declared: 0, withoutOwner: 0, invalid: [] };
    let read: MlRegistryReadResult;
    let declared: Set<string>;
    try {
      read = await reader.read({ signal, versions: false, runs: false });
      declared = await this.declaredNames();
    } catch (error) {
      const message =
        error instanceof MlRegistryError
          ? error.message
          : `unexpected error: ${(error as Error).message}`;
      logger.warn(
        `MLflow discovery for "${config.id}" failed; discovered entities are kept: ${message}`,
      );
      return { status: 'failed', ...empty, error: message };
    }

    const entities: Entity[] = [];
    const invalid: DiscoveryRunResult['invalid'] = [];
    let withoutOwner = 0;
    let declaredCount = 0;
    for (const model of read.models) {
      if (declared.has(model.name)) {
        declaredCount += 1;
        continue;
      }
      const entity = discoveredModelEntity(config, model);
      if (!entity) {
        withoutOwner += 1;
        continue;
      }
      const issues = validateMlEntity(entity);
      if (issues.length) {
        invalid.push({
          model: model.name,
          reason: `${formatValidationIssues(
            `Model ${entity.metadata.namespace}/${entity.metadata.name}`,
            issues,
          )} (from the registered model's tags: fix the tag in MLflow)`,
        });
        continue;
      }
      entities.push(entity);
    }
    for (const i of invalid) {
      logger.warn(`MLflow discovery skipped "${i.model}": ${i.reason}`);
    }

    const counts = {
      discovered: entities.length,
      declared: declaredCount,
      withoutOwner,
      invalid,
    };
    // A partial listing, or an empty one after a full one, must not remove
    // entities: add and update only, and let a later full run prune.
    const status = await emitDiscovered({
      connection: this.connection,
      entities,
      partial:
        !read.complete ||
        read.skipped.length > 0 ||
        (read.models.length === 0 && this.lastEmitted > 0),
      what: `MLflow discovery for "${config.id}"`,
      logger,
    });
    if (status === 'applied') this.lastEmitted = entities.length;
    return { status, ...counts };
  }
}
