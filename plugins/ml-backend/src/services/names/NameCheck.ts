import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  NameCheckResponse,
  NameTaken,
} from '@ml-marketplace/plugin-ml-common';
import type {
  IdRegistry,
  MlRegistryConnector,
} from '@ml-marketplace/plugin-ml-node';

/** `MLflow (registry "demo")`, as people name it. */
function registryName(connector: MlRegistryConnector) {
  const product = connector.type === 'mlflow' ? 'MLflow' : connector.type;
  return `${product} (registry "${connector.id}")`;
}

export interface NameCheckOptions {
  catalog: CatalogService;
  auth: AuthService;
  connectors: IdRegistry<MlRegistryConnector>;
  /** How long a registry may take to say; a form is waiting. */
  registryTimeoutMs?: number;
}

/**
 * Whether a new asset's name is free: no catalog entity in the namespace and,
 * when asked, no registered model in any configured registry has it.
 *
 * The catalog is searched with the plugin's own credentials, since a name
 * taken by an entity the caller may not read is taken all the same; such an
 * entity is only said to exist, never named.
 */
export class NameCheck {
  constructor(private readonly options: NameCheckOptions) {}

  async check(
    query: { name: string; namespace: string; registry: boolean },
    credentials: BackstageCredentials,
  ): Promise<NameCheckResponse> {
    const [catalogTaken, registries] = await Promise.all([
      this.inCatalog(query.name, query.namespace, credentials),
      query.registry
        ? this.inRegistries(query.name)
        : Promise.resolve({ taken: [], unchecked: [] }),
    ]);
    const taken = [...catalogTaken, ...registries.taken];
    return {
      name: query.name,
      available: taken.length === 0,
      taken,
      unchecked: registries.unchecked,
    };
  }

  private async inCatalog(
    name: string,
    namespace: string,
    credentials: BackstageCredentials,
  ): Promise<NameTaken[]> {
    const { catalog, auth } = this.options;
    const { items } = await catalog.queryEntities(
      {
        filter: { 'metadata.name': name, 'metadata.namespace': namespace },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
        limit: 10,
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    if (!items.length) return [];
    const refs = items.map(e => stringifyEntityRef(e));
    // What the caller may read of them, in the caller's own right.
    const readable = await catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: ['kind', 'metadata.name', 'metadata.title'] },
      { credentials },
    );
    return refs.map((ref, i) => {
      const seen = readable.items[i];
      if (!seen) {
        return {
          where: 'catalog',
          message: 'an entity you may not see in the catalog',
        };
      }
      const title = seen.metadata.title;
      return {
        where: 'catalog',
        entityRef: ref,
        ...(title && { title }),
        message: `${seen.kind} ${title ? `${title} (${ref})` : ref}`,
      };
    });
  }

  private async inRegistries(name: string) {
    const taken: NameTaken[] = [];
    const unchecked: string[] = [];
    await Promise.all(
      this.options.connectors.list().map(async connector => {
        if (!connector.hasModel) return;
        try {
          const exists = await connector.hasModel(name, {
            signal: AbortSignal.timeout(this.options.registryTimeoutMs ?? 5000),
          });
          if (exists) {
            taken.push({
              where: 'registry',
              registryId: connector.id,
              message: `a registered model in ${registryName(connector)}`,
            });
          }
        } catch (error) {
          unchecked.push(
            `${registryName(connector)} could not be asked (${
              (error as Error).message
            })`,
          );
        }
      }),
    );
    return { taken, unchecked };
  }
}
