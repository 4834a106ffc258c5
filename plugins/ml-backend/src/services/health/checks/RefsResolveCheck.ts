import type { Entity } from '@backstage/catalog-model';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import { declaredRefs } from './declaredRefs';
import { isMlEntity } from './isMlEntity';

/** Lineage drawn to an entity that does not exist misleads everyone who reads it. */
export class RefsResolveCheck implements MlHealthCheck {
  readonly id = 'refs-resolve';
  /** What it is built from or feeds cannot be found. */
  readonly severity = 'error' as const;
  readonly title = 'References resolve';
  readonly description =
    'Every entity the spec refers to (datasets, features, system, APIs, successor) is in the catalog.';

  appliesTo(entity: Entity): boolean {
    return isMlEntity(entity);
  }

  async run(
    entity: Entity,
    { catalog }: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult> {
    // The owner has a check of its own.
    const refs = declaredRefs(entity).filter(r => r.specField !== 'owner');
    const missing = refs.filter(r => !catalog.get(r.ref));
    if (!missing.length) {
      return {
        status: 'pass',
        message: refs.length
          ? `All ${refs.length} references resolve.`
          : 'The spec refers to no other entity.',
      };
    }
    return {
      status: 'fail',
      message: `Not in the catalog: ${missing
        .map(m => `${m.ref} (${m.field})`)
        .join(', ')}.`,
      fixHint:
        'Correct the refs, or register the missing entities (`ml-marketplace validate` resolves refs locally).',
    };
  }
}
