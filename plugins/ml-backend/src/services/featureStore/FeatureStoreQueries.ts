import type { Entity } from '@backstage/catalog-model';
import {
  featureStoreDeclarationOf,
  type FeatureStoreDeclaration,
  type FeatureStoreViewResponse,
  type RegistryState,
} from '@ml-marketplace/plugin-ml-common';
import type {
  IdRegistry,
  MlFeatureStoreConnector,
} from '@ml-marketplace/plugin-ml-node';
import type { FeatureStoreStore } from '../../database/FeatureStoreStore';
import type { RegistryStore } from '../../database/RegistryStore';
import { differencesOf } from './differences';
import type { FeatureUseIndex } from './FeatureUseIndex';
import { freshnessOf } from './freshness';

/** What a Feature entity's declaration resolves to. */
export interface ResolvedFeatureView {
  declared: FeatureStoreDeclaration;
  connector?: MlFeatureStoreConnector;
  problem?: string;
}

/** Read side of the feature store sync: states, and views for Feature entities. */
export class FeatureStoreQueries {
  constructor(
    private readonly options: {
      store: FeatureStoreStore;
      /** Where sync runs are logged, beside the model registries'. */
      runs: RegistryStore;
      connectors: IdRegistry<MlFeatureStoreConnector>;
      uses: FeatureUseIndex;
      now?: () => Date;
    },
  ) {}

  configured(): MlFeatureStoreConnector[] {
    return this.options.connectors.list();
  }

  /** The store a Feature names: its instance, or the first Feast registry configured. */
  resolve(entity: Entity): ResolvedFeatureView | undefined {
    const declared = featureStoreDeclarationOf(entity);
    if (!declared) return undefined;
    const ofType = this.configured().filter(c => c.type === declared.type);
    const connector = declared.instance
      ? ofType.find(c => c.id === declared.instance)
      : ofType[0];
    if (connector) return { declared, connector };
    return {
      declared,
      problem: declared.instance
        ? `spec.registry.feast.instance is "${
            declared.instance
          }", but no Feast registry with that id is configured (ml.registries.feast[].id: ${
            ofType.map(c => `"${c.id}"`).join(', ') || 'none'
          })`
        : 'spec.registry.feast names a feature view, but no Feast registry is configured (ml.registries.feast)',
    };
  }

  async state(connector: MlFeatureStoreConnector): Promise<RegistryState> {
    const { runs, store } = this.options;
    return {
      id: connector.id,
      type: connector.type,
      ...(connector.location && { location: connector.location }),
      ...(await runs.lastRuns(connector.id)),
      models: await store.activeCount(connector.id),
    };
  }

  async states(): Promise<RegistryState[]> {
    return Promise.all(this.configured().map(c => this.state(c)));
  }

  view(registryId: string, project: string, name: string) {
    return this.options.store.view(registryId, project, name);
  }

  lastRuns(registryId: string) {
    return this.options.runs.lastRuns(registryId);
  }

  async forEntity(
    entity: Entity,
    entityRef: string,
  ): Promise<FeatureStoreViewResponse> {
    const empty = { entityRef, services: [], differences: [], consumers: [] };
    const resolved = this.resolve(entity);
    if (!resolved) return empty;
    const { declared, connector, problem } = resolved;
    if (!connector) return { ...empty, declared, problem };
    const { project, featureView } = declared;
    const [registry, stored, services, consumers] = await Promise.all([
      this.state(connector),
      this.options.store.view(connector.id, project, featureView),
      this.options.store.services(connector.id, project),
      this.options.uses.consumersOf(connector.id, project, featureView),
    ]);
    const answer: FeatureStoreViewResponse = {
      ...empty,
      declared: { ...declared, instance: connector.id },
      registry,
      consumers,
    };
    if (!stored) {
      return {
        ...answer,
        ...(registry.lastSuccess && {
          problem: `Feast registry "${connector.id}" holds no feature view "${featureView}" in project "${project}"; check spec.registry.feast (names are case-sensitive)`,
        }),
      };
    }
    const view = stored.value;
    const ttl = (entity.spec as { ttl?: unknown } | undefined)?.ttl;
    return {
      ...answer,
      view,
      syncedAt: stored.changedAt,
      ...(stored.deletedAt && { deletedAt: stored.deletedAt }),
      services: services.filter(s => s.featureViews.includes(featureView)),
      freshness: freshnessOf(
        view,
        typeof ttl === 'string' ? ttl : undefined,
        this.options.now?.() ?? new Date(),
      ),
      differences: differencesOf(entity, view),
    };
  }
}
