import {
  Entity,
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
  formatValidationIssues,
  isMlKind,
  mlRefFields,
  refsAt,
  validateMlEntity,
} from '@ml-marketplace/plugin-ml-common';
import {
  mlContentHash,
  type MlCatalogChangesService,
} from '@ml-marketplace/plugin-ml-node';

/**
 * Owns the Model, Feature and Dataset kinds: validates them with the shared zod
 * schemas and emits their lineage relations in both directions. It makes no
 * network or catalog calls, so it is as cheap as the built-in processors.
 */
export class MlEntitiesProcessor implements CatalogProcessor {
  /** Content hash of each ML entity as last processed here. */
  private readonly processed = new Map<string, string>();

  /**
   * @param options.changes - told of each ML entity whose content differs
   *   from what this process last saw, so the `ml` backend's indexes follow
   *   within seconds instead of their next rebuild.
   */
  constructor(
    private readonly options: { changes?: MlCatalogChangesService } = {},
  ) {}

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
    this.tellChanged(entity);
    for (const field of mlRefFields(entity.kind)) {
      if (!field.relation) continue;
      const { forward, reverse } = field.relation;
      for (const [, ref] of refsAt(entity, field.path)) {
        let target;
        try {
          target = parseEntityRef(ref, {
            defaultKind: field.defaultKind,
            defaultNamespace: self.namespace,
          });
        } catch (error) {
          // Validation already checked the shape; this only fires for a missing kind.
          throw new InputError(
            `${labelOf(
              entity,
            )}: "${ref}" must name its kind, e.g. "component:default/${ref}" (${error})`,
          );
        }
        emit(
          processingResult.relation({ source: self, type: forward, target }),
        );
        emit(
          processingResult.relation({
            source: target,
            type: reverse,
            target: self,
          }),
        );
      }
    }
    return entity;
  }

  private tellChanged(entity: Entity) {
    const { changes } = this.options;
    if (!changes || !isMlKind(entity.kind)) return;
    const entityRef = stringifyEntityRef(entity);
    const hash = mlContentHash(entity);
    if (this.processed.get(entityRef) === hash) return;
    this.processed.set(entityRef, hash);
    changes.notify([{ entityRef, hash }]);
  }
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
