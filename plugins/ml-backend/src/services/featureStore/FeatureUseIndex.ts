import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  RELATION_CONSUMES_FEATURE,
  featureStoreDeclarationOf,
  registryDeclarationOf,
  type FeatureStoreConsumer,
} from '@ml-marketplace/plugin-ml-common';
import type {
  IdRegistry,
  MlFeatureStoreConnector,
} from '@ml-marketplace/plugin-ml-node';
import type { FeatureStoreStore } from '../../database/FeatureStoreStore';
import type { LineageStore } from '../../database/LineageStore';
import type { RegistryStore } from '../../database/RegistryStore';
import { entityRefOf } from '../entityRefs';
import { REGISTRY_EDGE_PREFIX } from '../lineage/lineageEdges';
import type { RegistryQueries } from '../registry/RegistryQueries';
import { featureUseOf, versionThatCounts, type FeatureUse } from './featureUse';

/** `declared_by` of every feature-use edge: one set, replaced as a whole. */
export const FEATURE_USE_EDGES = `${REGISTRY_EDGE_PREFIX}feature-use`;

interface Snapshot {
  at: number;
  /** One per registered model whose counted version names feature views. */
  uses: Array<FeatureUse & { modelRef?: string }>;
  /** `project\0view` (and `\0view` for tags without a project) -> Feature refs. */
  features: Map<string, Array<{ instance: string; ref: string }>>;
}

const viewKey = (project: string | undefined, view: string) =>
  `${project ?? ''}\u0000${view}`;

/**
 * Which registered models read which feature views, from the model
 * registry's Feast tags, joined to the catalog: the Model entity naming each
 * registered model and the Feature entity naming each view. Serves the
 * Feature page's consumers, the registry-derived lineage edges and the
 * registry drift check; rebuilt at most every `cacheMs`.
 */
export class FeatureUseIndex {
  private cached?: Promise<Snapshot>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      registryStore: RegistryStore;
      registries: RegistryQueries;
      featureStore: FeatureStoreStore;
      featureConnectors: IdRegistry<MlFeatureStoreConnector>;
      lineage: LineageStore;
      cacheMs?: number;
    },
  ) {}

  /** Forget the cached joins (after a sync wrote something). */
  invalidate() {
    this.cached = undefined;
  }

  private snapshot(): Promise<Snapshot> {
    const cacheMs = this.options.cacheMs ?? 30_000;
    const cached = this.cached;
    if (cached) {
      return cached.then(s =>
        Date.now() - s.at < cacheMs ? s : this.reload(),
      );
    }
    return this.reload();
  }

  private reload(): Promise<Snapshot> {
    const loading = this.load();
    this.cached = loading;
    loading.catch(() => {
      if (this.cached === loading) this.cached = undefined;
    });
    return loading;
  }

  private async load(): Promise<Snapshot> {
    const { catalog, auth, registryStore, registries, featureStore } =
      this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      {
        filter: [{ kind: 'Model' }, { kind: 'Feature' }],
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
          'spec.registry',
        ],
      },
      { credentials },
    );
    const defaultStore = this.options.featureConnectors
      .list()
      .find(c => c.type === 'feast')?.id;
    const models = new Map<
      string,
      { ref: string; declared: ReturnType<typeof registryDeclarationOf> }
    >();
    const features: Snapshot['features'] = new Map();
    for (const entity of items as Entity[]) {
      const ref = entityRefOf(entity);
      if (entity.kind.toLocaleLowerCase('en-US') === 'model') {
        const registryId = registries.resolve(entity)?.connector?.id;
        const declared = registryDeclarationOf(entity);
        if (registryId && declared) {
          models.set(`${registryId}\u0000${declared.name}`, { ref, declared });
        }
        continue;
      }
      const declared = featureStoreDeclarationOf(entity);
      const instance = declared?.instance ?? defaultStore;
      if (!declared || !instance) continue;
      for (const key of [
        viewKey(declared.project, declared.featureView),
        viewKey(undefined, declared.featureView),
      ]) {
        features.set(key, [...(features.get(key) ?? []), { instance, ref }]);
      }
    }

    const { services } = await featureStore.active();
    const serviceValues = services.map(s => s.value);
    const uses: Snapshot['uses'] = [];
    for (const stored of await registryStore.activeModels()) {
      const entity = models.get(
        `${stored.registryId}\u0000${stored.model.name}`,
      );
      const version = versionThatCounts(stored.model, entity?.declared);
      const use =
        version &&
        featureUseOf(stored.registryId, stored.model, version, serviceValues);
      if (use) uses.push({ ...use, ...(entity && { modelRef: entity.ref }) });
    }
    return { at: Date.now(), uses, features };
  }

  /** The Feature entities a use's view resolves to. */
  private featureRefs(snapshot: Snapshot, use: FeatureUse, view: string) {
    return (snapshot.features.get(viewKey(use.project, view)) ?? []).map(
      f => f.ref,
    );
  }

  /** Registered models whose counted version read one view of one store. */
  async consumersOf(
    instance: string,
    project: string,
    view: string,
  ): Promise<FeatureStoreConsumer[]> {
    const snapshot = await this.snapshot();
    return snapshot.uses
      .filter(
        u =>
          u.views.includes(view) &&
          (!u.project || u.project === project) &&
          // Without a project in the tags, only a view no other store has.
          (u.project ||
            (snapshot.features.get(viewKey(undefined, view)) ?? []).every(
              f => f.instance === instance,
            )),
      )
      .map(u => ({
        registryId: u.registryId,
        model: u.model,
        version: u.version,
        ...(u.modelRef && { entityRef: u.modelRef }),
        ...(u.featureService && { featureService: u.featureService }),
      }));
  }

  /**
   * What the registry says a registered model's counted version read: the
   * views, each with the Feature entities that name it (none when no entity
   * does). Undefined when its records name no feature views.
   */
  async useOf(
    registryId: string,
    model: string,
  ): Promise<
    | (FeatureUse & {
        features: Array<{ view: string; refs: string[] }>;
        /** Every Feature entity that names a feature view. */
        featureViewRefs: Set<string>;
      })
    | undefined
  > {
    const snapshot = await this.snapshot();
    const use = snapshot.uses.find(
      u => u.registryId === registryId && u.model === model,
    );
    if (!use) return undefined;
    return {
      ...use,
      features: use.views.map(view => ({
        view,
        refs: this.featureRefs(snapshot, use, view),
      })),
      featureViewRefs: new Set(
        [...snapshot.features.values()].flat().map(f => f.ref),
      ),
    };
  }

  /**
   * Writes the registry-derived `consumesFeature` edges (Feature -> Model)
   * into the lineage index, replacing the previous set.
   */
  async writeLineage(): Promise<number> {
    this.invalidate();
    const snapshot = await this.snapshot();
    const edges = snapshot.uses.flatMap(use =>
      use.modelRef
        ? use.views.flatMap(view =>
            this.featureRefs(snapshot, use, view).map(ref => ({
              source_ref: ref,
              target_ref: use.modelRef!,
              type: RELATION_CONSUMES_FEATURE,
              declared_by: FEATURE_USE_EDGES,
            })),
          )
        : [],
    );
    await this.options.lineage.replaceExternal(FEATURE_USE_EDGES, [], edges);
    return edges.length;
  }
}
