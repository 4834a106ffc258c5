import type { Entity } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  RegistryDeclaration,
  RegistryMetricHistoryResponse,
  RegistryModel,
  RegistryModelResponse,
  RegistryState,
  registryDeclarationOf,
} from '@ml-marketplace/plugin-ml-common';
import {
  type IdRegistry,
  type MlRegistryConnector,
  MlRegistryError,
} from '@ml-marketplace/plugin-ml-node';
import {
  RegistryStore,
  StoredRegistryModel,
  registryKey,
} from '../../database/RegistryStore';

/** What a Model entity's declaration resolves to. */
export interface ResolvedDeclaration {
  declared: RegistryDeclaration;
  connector?: MlRegistryConnector;
  /** Why it resolves to no configured registry. */
  problem?: string;
}

/** Read side of the registry sync: states, and models for entities. */
export class RegistryQueries {
  constructor(
    private readonly store: RegistryStore,
    private readonly connectors: IdRegistry<MlRegistryConnector>,
  ) {}

  configured(): MlRegistryConnector[] {
    return this.connectors.list();
  }

  /** The registry an entity's declaration names: its instance, or the first MLflow registry. */
  resolve(entity: Entity): ResolvedDeclaration | undefined {
    const declared = registryDeclarationOf(entity);
    if (!declared) return undefined;
    const ofType = this.connectors.list().filter(c => c.type === declared.type);
    const connector = declared.instance
      ? ofType.find(c => c.id === declared.instance)
      : ofType[0];
    if (connector) return { declared, connector };
    return {
      declared,
      problem: declared.instance
        ? `names ${declared.type} instance "${
            declared.instance
          }", but no registry with that id is configured (ml.registries.${
            declared.type
          }[].id: ${ofType.map(c => `"${c.id}"`).join(', ') || 'none'})`
        : `names a ${declared.type} registered model, but no ${declared.type} registry is configured (ml.registries.${declared.type})`,
    };
  }

  /** Every synced model that is not deleted, of every registry. */
  async activeModels(): Promise<RegistryModel[]> {
    return (await this.store.activeModels()).map(m => m.model);
  }

  async state(connector: MlRegistryConnector): Promise<RegistryState> {
    const runs = await this.store.lastRuns(connector.id);
    return {
      id: connector.id,
      type: connector.type,
      ...(connector.location && { location: connector.location }),
      ...runs,
      models: await this.store.activeCount(connector.id),
    };
  }

  async states(): Promise<RegistryState[]> {
    return Promise.all(this.connectors.list().map(c => this.state(c)));
  }

  async forEntity(
    entity: Entity,
    entityRef: string,
  ): Promise<RegistryModelResponse> {
    const resolved = this.resolve(entity);
    if (!resolved) return { entityRef };
    const { declared, connector, problem } = resolved;
    if (!connector) return { entityRef, declared, problem };
    const [registry, stored] = await Promise.all([
      this.state(connector),
      this.store.model(connector.id, declared.name),
    ]);
    return {
      entityRef,
      declared,
      registry,
      ...(stored && {
        model: stored.model,
        syncedAt: stored.changedAt,
        ...(stored.deletedAt && { deletedAt: stored.deletedAt }),
      }),
      ...(!stored &&
        registry.lastSuccess && {
          problem: `registry "${connector.id}" holds no registered model named "${declared.name}"`,
        }),
    };
  }

  /** Stored models for many entities at once, keyed by entity. */
  async modelsFor(
    entities: Entity[],
  ): Promise<Map<Entity, StoredRegistryModel | undefined>> {
    const keys = new Map<Entity, { registryId: string; name: string }>();
    for (const entity of entities) {
      const r = this.resolve(entity);
      if (r?.connector) {
        keys.set(entity, { registryId: r.connector.id, name: r.declared.name });
      }
    }
    const found = await this.store.models([...keys.values()]);
    const out = new Map<Entity, StoredRegistryModel | undefined>();
    for (const [entity, k] of keys) {
      out.set(entity, found.get(registryKey(k.registryId, k.name)));
    }
    return out;
  }

  /** A metric's history on the run of one synced version, from the registry. */
  async metricHistory(
    entity: Entity,
    entityRef: string,
    version: string,
    metric: string,
  ): Promise<RegistryMetricHistoryResponse> {
    const resolved = this.resolve(entity);
    if (!resolved?.connector) {
      throw new NotFoundError(
        `${entityRef} ${resolved?.problem ?? 'names no registered model'}`,
      );
    }
    const { connector, declared } = resolved;
    const stored = await this.store.model(connector.id, declared.name);
    const runId = stored?.model.versions.find(v => v.version === version)?.run
      ?.id;
    if (!runId) {
      throw new NotFoundError(
        `Version ${version} of "${declared.name}" has no synced run in registry "${connector.id}"`,
      );
    }
    if (!connector.metricHistory) {
      throw new NotFoundError(
        `Registry "${connector.id}" (${connector.type}) cannot read metric histories`,
      );
    }
    let points;
    try {
      points = await connector.metricHistory(runId, metric, {
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      if (error instanceof MlRegistryError) {
        // The registry, not the caller, is at fault: 404 or 503 with its reason.
        throw error.kind === 'not-found'
          ? new NotFoundError(error.message)
          : new ServiceUnavailableError(error.message);
      }
      throw error;
    }
    return { entityRef, version, metric, runId, points };
  }

  model(registryId: string, name: string) {
    return this.store.model(registryId, name);
  }

  lastRuns(registryId: string) {
    return this.store.lastRuns(registryId);
  }
}
