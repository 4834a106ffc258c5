import type { Entity } from '@backstage/catalog-model';
import { CLASSIFICATIONS } from '@ml-marketplace/plugin-ml-common';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import { DATA_INPUT_FIELDS, declaredRefs } from './declaredRefs';
import { isMlEntity } from './isMlEntity';

const rank = (c: unknown) =>
  typeof c === 'string' ? CLASSIFICATIONS.indexOf(c as any) : -1;

/**
 * A model or feature is as sensitive as the data it learnt from: one built on
 * restricted data but not classified restricted would be shown, and reused,
 * more widely than its data may be. Stricter inputs below restricted warn.
 */
export class RestrictedDataCheck implements MlHealthCheck {
  readonly id = 'restricted-data';
  /** Unsafe to use: restricted data leaks into a less restricted asset. */
  readonly severity = 'error' as const;
  readonly title = 'Classified like its data';
  readonly description =
    "spec.classification is at least as strict as every input's classification.";

  appliesTo(entity: Entity): boolean {
    return isMlEntity(entity);
  }

  async run(
    entity: Entity,
    { catalog }: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult> {
    const own = entity.spec?.classification;
    // Unclassified counts as public: reading public data needs no label.
    const ownRank = Math.max(rank(own), 0);
    const stricter = declaredRefs(entity)
      .filter(r => DATA_INPUT_FIELDS.has(r.specField))
      .map(r => ({ ...r, classification: catalog.get(r.ref)?.classification }))
      .filter(r => rank(r.classification) > ownRank);
    if (!stricter.length) {
      return {
        status: 'pass',
        message: own
          ? `Classified ${own}, as strict as its inputs.`
          : 'No input is classified.',
      };
    }
    const strictest = stricter.reduce((a, b) =>
      rank(b.classification) > rank(a.classification) ? b : a,
    );
    return {
      status: strictest.classification === 'restricted' ? 'fail' : 'warn',
      // Each ref ends its list item, with the notes in brackets after it, so
      // a reader who may not see it reads "an asset not visible to you (…)".
      message: `${
        own ? `Classified ${own}` : 'Not classified'
      } but reads stricter data: ${stricter
        .map(s => `${s.ref} (${s.classification}, ${s.field})`)
        .join(', ')}.`,
      fixHint: `Set spec.classification: ${strictest.classification}, or stop reading ${strictest.ref} (${strictest.field}).`,
    };
  }
}
