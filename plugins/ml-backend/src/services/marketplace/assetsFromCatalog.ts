import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import { declaredRefs } from '../health/checks/declaredRefs';
import { entityRefOf } from '../entityRefs';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** `postgresql://warehouse/x` -> `postgresql`; a dataset without a URL falls back to its type. */
function storageOf(dataset: Entity): string | undefined {
  const location = dataset.spec?.location;
  if (typeof location === 'string') {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1];
    if (scheme) return scheme.toLocaleLowerCase('en-US');
  }
  return typeof dataset.spec?.type === 'string' ? dataset.spec.type : undefined;
}

export interface TrustFacts {
  certification?: string;
  health?: 'pass' | 'warn' | 'fail';
  consumers: number;
  updatedAt?: string;
  /** Users' mean stars and number of ratings; absent while nobody rated. */
  rating?: { average: number; count: number };
}

/**
 * Marketplace assets from ML entities and the systems they belong to. Data
 * sources flow downstream: a feature's are those of the datasets it reads, a
 * model's those of its datasets and features.
 */
export function assetsFromCatalog(
  entities: Entity[],
  trust: (ref: string) => TrustFacts,
  /**
   * What is known of entities not given (a patch of a few): data sources of
   * other assets, and domains of systems.
   */
  others: {
    sourcesOf?: (ref: string) => string[] | undefined;
    domainOf?: (systemRef: string) => string | undefined;
  } = {},
): MarketplaceAsset[] {
  const domainOfSystem = new Map<string, string>();
  const byRef = new Map<string, Entity>();
  for (const entity of entities) {
    const ref = entityRefOf(entity);
    if (entity.kind.toLocaleLowerCase('en-US') === 'system') {
      const domain = entity.spec?.domain;
      if (typeof domain === 'string') {
        domainOfSystem.set(
          ref,
          lower(
            stringifyEntityRef(
              parseEntityRef(domain, {
                defaultKind: 'domain',
                defaultNamespace: entity.metadata.namespace ?? 'default',
              }),
            ),
          ),
        );
      }
    } else {
      byRef.set(ref, entity);
    }
  }

  const sources = new Map<string, string[]>();
  const sourcesOf = (ref: string, seen = new Set<string>()): string[] => {
    const known = sources.get(ref);
    if (known) return known;
    const entity = byRef.get(ref);
    if (!entity) return others.sourcesOf?.(ref) ?? [];
    if (seen.has(ref)) return [];
    seen.add(ref);
    const found = new Set<string>();
    if (entity.kind.toLocaleLowerCase('en-US') === 'dataset') {
      const own = storageOf(entity);
      if (own) found.add(own);
    } else {
      for (const input of declaredRefs(entity)) {
        if (
          ['trainedOn', 'consumesFeatures', 'sources'].includes(input.specField)
        ) {
          for (const s of sourcesOf(input.ref, seen)) found.add(s);
        }
      }
    }
    const list = [...found].sort();
    sources.set(ref, list);
    return list;
  };

  return [...byRef.entries()].map(([ref, entity]) => {
    const spec = entity.spec ?? {};
    const relations = entity.relations ?? [];
    const owner = relations.find(r => r.type === RELATION_OWNED_BY)?.targetRef;
    const system = relations
      .filter(r => r.type === RELATION_PART_OF)
      .map(r => lower(r.targetRef))
      .find(r => r.startsWith('system:'));
    const domain =
      system && (domainOfSystem.get(system) ?? others.domainOf?.(system));
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    const asset: MarketplaceAsset = {
      ref,
      kind: entity.kind,
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
      tags: (entity.metadata.tags ?? []).map(t => t.toLocaleLowerCase('en-US')),
      dataSources: sourcesOf(ref),
      ...trust(ref),
    };
    const optional: Partial<MarketplaceAsset> = {
      title: str(entity.metadata.title),
      description: str(entity.metadata.description),
      owner: owner && lower(owner),
      system,
      domain,
      lifecycle: str(spec.lifecycle),
      classification: str(spec.classification),
      license: str(spec.license)?.toLocaleLowerCase('en-US'),
      task: str(spec.task),
    };
    for (const [key, value] of Object.entries(optional)) {
      if (value !== undefined) (asset as any)[key] = value;
    }
    return asset;
  });
}
