import type { Entity } from '@backstage/catalog-model';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import { declaredRefs } from './declaredRefs';
import { isMlEntity } from './isMlEntity';

const INPUT_FIELDS = new Set([
  'trainedOn',
  'consumesFeatures',
  'sources',
  'derivedFrom',
  'dependsOn',
]);

/**
 * A model trained on a deprecated dataset inherits its sunset. Production
 * assets fail; experimental ones are warned. Deprecated assets are not judged.
 */
export class DeprecatedDependenciesCheck implements MlHealthCheck {
  readonly id = 'deprecated-dependencies';
  /** Still works today; move off before the sunset date. */
  readonly severity = 'warning' as const;
  readonly title = 'No deprecated inputs';
  readonly description =
    'No dataset, feature, model or component the asset reads is deprecated.';

  appliesTo(entity: Entity): boolean {
    return isMlEntity(entity) && entity.spec?.lifecycle !== 'deprecated';
  }

  async run(
    entity: Entity,
    { catalog }: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult> {
    const deprecated = declaredRefs(entity)
      .filter(r => INPUT_FIELDS.has(r.specField))
      .filter(r => catalog.get(r.ref)?.lifecycle === 'deprecated');
    if (!deprecated.length) {
      return { status: 'pass', message: 'No input is deprecated.' };
    }
    return {
      status: entity.spec?.lifecycle === 'production' ? 'fail' : 'warn',
      message: `Deprecated inputs: ${deprecated
        .map(d => `${d.ref} (${d.field})`)
        .join(', ')}.`,
      fixHint:
        "Move to the inputs' successors (see their deprecation notes) and retrain.",
    };
  }
}
