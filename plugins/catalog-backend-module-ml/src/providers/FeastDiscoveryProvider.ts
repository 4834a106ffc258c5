import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { emitDiscovered } from './emitDiscovered';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type {
  CatalogService,
  EntityProviderConnection,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_DISCOVERED_BY,
  featureStoreDeclarationOf,
  formatValidationIssues,
  validateMlEntity,
} from '@ml-marketplace/plugin-ml-common';
import {
  MlRegistryError,
  type FeastRegistryConfig,
  type FeatureStoreReadResult,
} from '@ml-marketplace/plugin-ml-node';
import {
  FEAST_DISCOVERY_NAMESPACE,
  discoveredFeatureEntity,
  featureEntityNames,
  sourceDatasetOf,
  type DatasetCandidate,
} from './discoveredFeatureEntity';

/** What one Feast discovery run did, for logs and tests. */
export interface FeastDiscoveryRunResult {
  status: 'applied' | 'added-only' | 'failed';
  /** Entities the provider now holds (or added, for `added-only`). */
  discovered: number;
  /** Feature views a catalog-info.yaml already declares. */
  declared: number;
  /** Feature views without an owner (nor an `owner` tag): not discovered. */
  withoutOwner: number;
  /** Views whose entity name a Feature from elsewhere already has: not discovered. */
  nameTaken: Array<{ view: string; entityRef: string }>;
  /** Views whose entity would be invalid, with the reason. */
  invalid: Array<{ view: string; reason: string }>;
  error?: string;
}

export interface FeastDiscoveryProviderOptions {
  config: FeastRegistryConfig;
  /** Whether Feature entities without `spec.registry.feast.instance` mean this registry. */
  isDefaultInstance: boolean;
  /** Reads the registry's feature views. */
  reader: {
    readAll(options: { signal: AbortSignal }): Promise<FeatureStoreReadResult>;
  };
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}

const declarationKey = (project: string, featureView: string) =>
  `${project}\u0000${featureView}`;

/**
 * Creates Feature entities for Feast feature views that no catalog-info.yaml
 * declares (`spec.registry.feast`), when the view names an owner. Entities
 * are emitted without a location key, so a repository that later declares
 * the view takes the entity over, and the next run stops emitting it:
 * replaced, not duplicated. A failed or partial read never removes what the
 * provider emitted before.
 */
export class FeastDiscoveryProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private lastEmitted = 0;

  constructor(private readonly options: FeastDiscoveryProviderOptions) {}

  getProviderName(): string {
    return `ml-feast-discovery:${this.options.config.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  private async credentials() {
    return { credentials: await this.options.auth.getOwnServiceCredentials() };
  }

  /**
   * The views catalog Features (not ours) declare for this registry, and the
   * refs (lower case) of every Feature not ours, whose names we must not take.
   */
  private async catalogFeatures(): Promise<{
    declared: Set<string>;
    taken: Set<string>;
  }> {
    const { catalog, config, isDefaultInstance } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: { kind: 'Feature' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.registry',
        ],
      },
      await this.credentials(),
    );
    const declared = new Set<string>();
    const taken = new Set<string>();
    const ours = `feast:${config.id}`;
    for (const entity of items) {
      if (entity.metadata.annotations?.[ANNOTATION_DISCOVERED_BY] === ours) {
        continue;
      }
      taken.add(stringifyEntityRef(entity).toLocaleLowerCase('en-US'));
      const declaration = featureStoreDeclarationOf(entity);
      if (!declaration) continue;
      const here = declaration.instance
        ? declaration.instance === config.id
        : isDefaultInstance;
      if (here) {
        declared.add(
          declarationKey(declaration.project, declaration.featureView),
        );
      }
    }
    return { declared, taken };
  }

  private async datasets(): Promise<DatasetCandidate[]> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { kind: 'Dataset' },
        fields: ['metadata.name', 'metadata.namespace', 'metadata.annotations'],
      },
      await this.credentials(),
    );
    return items;
  }

  async run(signal: AbortSignal): Promise<FeastDiscoveryRunResult> {
    const { config, reader, logger } = this.options;
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    const empty = {
      discovered: 0,
      declared: 0,
      withoutOwner: 0,
      nameTaken: [],
      invalid: [],
    };
    let read: FeatureStoreReadResult;
    let features: Awaited<
      ReturnType<FeastDiscoveryProvider['catalogFeatures']>
    >;
    let datasets: DatasetCandidate[] = [];
    try {
      read = await reader.readAll({ signal });
      features = await this.catalogFeatures();
      if (read.views.some(v => v.source)) datasets = await this.datasets();
    } catch (error) {
      const message =
        error instanceof MlRegistryError
          ? error.message
          : `unexpected error: ${(error as Error).message}`;
      logger.warn(
        `Feast discovery for "${config.id}" failed; discovered entities are kept: ${message}`,
      );
      return { status: 'failed', ...empty, error: message };
    }

    const names = featureEntityNames(read.views);
    const entities: Entity[] = [];
    const invalid: FeastDiscoveryRunResult['invalid'] = [];
    const nameTaken: FeastDiscoveryRunResult['nameTaken'] = [];
    let withoutOwner = 0;
    let declaredCount = 0;
    for (const view of read.views) {
      const key = `${view.project}/${view.name}`;
      if (features.declared.has(declarationKey(view.project, view.name))) {
        declaredCount += 1;
        continue;
      }
      const name = names.get(key)!;
      const { ref: source, ambiguous } = sourceDatasetOf(view.source, datasets);
      if (ambiguous) {
        logger.debug(
          `Feast discovery for "${
            config.id
          }" maps no Dataset to the source of "${key}": ${ambiguous.join(
            ', ',
          )} all match it`,
        );
      }
      const entity = discoveredFeatureEntity(config, view, {
        name,
        ...(source && { sources: [source] }),
      });
      if (!entity) {
        withoutOwner += 1;
        continue;
      }
      const entityRef = stringifyEntityRef(entity);
      if (features.taken.has(entityRef.toLocaleLowerCase('en-US'))) {
        // Most likely the same view, declared without spec.registry.feast:
        // emitting it would conflict, and renaming it would duplicate it.
        nameTaken.push({ view: key, entityRef });
        continue;
      }
      const issues = validateMlEntity(entity);
      if (issues.length) {
        invalid.push({
          view: key,
          reason: `${formatValidationIssues(
            `Feature ${FEAST_DISCOVERY_NAMESPACE}/${name}`,
            issues,
          )} (from the feature view in Feast: fix its owner or tags there)`,
        });
        continue;
      }
      entities.push(entity);
    }
    for (const i of invalid) {
      logger.warn(`Feast discovery skipped "${i.view}": ${i.reason}`);
    }
    for (const t of nameTaken) {
      logger.warn(
        `Feast discovery skipped "${t.view}": ${t.entityRef} already exists; if it is this view, declare it there with spec.registry.feast (project, featureView, instance "${config.id}")`,
      );
    }

    const counts = {
      discovered: entities.length,
      declared: declaredCount,
      withoutOwner,
      nameTaken,
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
        (read.views.length === 0 && this.lastEmitted > 0),
      what: `Feast discovery for "${config.id}"`,
      logger,
    });
    if (status === 'applied') this.lastEmitted = entities.length;
    return { status, ...counts };
  }
}
