import {
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
  RELATION_API_PROVIDED_BY,
  RELATION_PROVIDES_API,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';

import {
  ML_API_VERSION,
  RELATION_CONSUMES_FEATURE,
  RELATION_DERIVED_FROM,
  RELATION_FEATURE_CONSUMED_BY,
  RELATION_SOURCE_OF,
  RELATION_TRAINED_ON,
  RELATION_TRAINING_DATA_OF,
  formatValidationIssues,
  isDatasetEntity,
  isFeatureEntity,
  isMlKind,
  isModelEntity,
  validateMlEntity,
} from '@ml-marketplace/plugin-ml-common';

/** How one spec field turns into a relation pair. */
interface RelationSpec {
  refs: unknown;
  defaultKind?: string;
  forward: string;
  reverse: string;
}

/**
 * Owns the Model, Feature and Dataset kinds: validates them with the shared zod
 * schemas and emits their lineage relations in both directions. It makes no
 * network or catalog calls, so it is as cheap as the built-in processors.
 */
export class MlEntitiesProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'MlEntitiesProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (!isMlKind(entity.kind)) {
      return false;
    }
    const issues = validateMlEntity(entity);
    if (issues.length > 0) {
      throw new InputError(formatValidationIssues(labelOf(entity), issues));
    }
    return true;
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (entity.apiVersion !== ML_API_VERSION) {
      return entity;
    }
    const self = getCompoundEntityRef(entity);
    const spec = (entity.spec ?? {}) as Record<string, unknown>;

    const relations: RelationSpec[] = [
      { refs: spec.owner, defaultKind: 'Group', forward: RELATION_OWNED_BY, reverse: RELATION_OWNER_OF },
      { refs: spec.system, defaultKind: 'System', forward: RELATION_PART_OF, reverse: RELATION_HAS_PART },
    ];
    if (isModelEntity(entity)) {
      relations.push(
        { refs: spec.trainedOn, defaultKind: 'Dataset', forward: RELATION_TRAINED_ON, reverse: RELATION_TRAINING_DATA_OF },
        { refs: spec.consumesFeatures, defaultKind: 'Feature', forward: RELATION_CONSUMES_FEATURE, reverse: RELATION_FEATURE_CONSUMED_BY },
        // Like Component.dependsOn, the kind must be written out: a model may depend on anything.
        { refs: spec.dependsOn, forward: RELATION_DEPENDS_ON, reverse: RELATION_DEPENDENCY_OF },
        { refs: spec.providesApis, defaultKind: 'API', forward: RELATION_PROVIDES_API, reverse: RELATION_API_PROVIDED_BY },
      );
    } else if (isFeatureEntity(entity)) {
      relations.push({ refs: spec.sources, defaultKind: 'Dataset', forward: RELATION_DERIVED_FROM, reverse: RELATION_SOURCE_OF });
    } else if (isDatasetEntity(entity)) {
      relations.push({ refs: spec.derivedFrom, defaultKind: 'Dataset', forward: RELATION_DERIVED_FROM, reverse: RELATION_SOURCE_OF });
    }

    for (const { refs, defaultKind, forward, reverse } of relations) {
      for (const ref of toList(refs)) {
        let target;
        try {
          target = parseEntityRef(ref, { defaultKind, defaultNamespace: self.namespace });
        } catch (error) {
          // Validation already checked the shape; this only fires for a missing kind.
          throw new InputError(
            `${labelOf(entity)}: "${ref}" must name its kind, e.g. "component:default/${ref}" (${error})`,
          );
        }
        emit(processingResult.relation({ source: self, type: forward, target }));
        emit(processingResult.relation({ source: target, type: reverse, target: self }));
      }
    }
    return entity;
  }
}

function toList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter(
    (v): v is string => typeof v === 'string',
  );
}

/** `Model default/churn-model`, the way the catalog's error panel names entities. */
function labelOf(entity: Entity): string {
  const ref = stringifyEntityRef({
    kind: entity.kind,
    namespace: entity.metadata?.namespace,
    name: entity.metadata?.name ?? '<unnamed>',
  });
  return `${entity.kind} ${ref.slice(ref.indexOf(':') + 1)}`;
}
