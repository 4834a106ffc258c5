import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import { isMlEntity } from './isMlEntity';

/** An asset whose owner left the catalog has nobody to ask or to page. */
export class OwnerExistsCheck implements MlHealthCheck {
  readonly id = 'owner-exists';
  /** Works, but nobody answers for it: fix soon. */
  readonly severity = 'warning' as const;
  readonly title = 'Owner exists';
  readonly description =
    'spec.owner names a Group or User that is in the catalog.';

  appliesTo(entity: Entity): boolean {
    return isMlEntity(entity);
  }

  async run(
    entity: Entity,
    { catalog }: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult> {
    const owner = entity.relations?.find(
      r => r.type === RELATION_OWNED_BY,
    )?.targetRef;
    if (!owner) {
      return {
        status: 'fail',
        message: 'The entity names no owner.',
        fixHint: 'Set spec.owner to your team, e.g. group:default/ml-platform.',
      };
    }
    const found = catalog.get(owner);
    if (!found) {
      return {
        status: 'fail',
        message: `The owner ${owner} is not in the catalog.`,
        fixHint:
          'Point spec.owner at an existing Group or User, or register the team in the catalog.',
      };
    }
    return {
      status: 'pass',
      message: `Owned by ${found.title ?? owner}.`,
    };
  }
}
