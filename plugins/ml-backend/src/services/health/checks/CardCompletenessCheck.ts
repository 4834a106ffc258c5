import type { Entity } from '@backstage/catalog-model';
import { cardCompleteness } from '@ml-marketplace/plugin-ml-common';
import type {
  MlHealthCheck,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import { isMlEntity } from './isMlEntity';

/** Scores the card with the same completeness score the UI and CLI show. */
export class CardCompletenessCheck implements MlHealthCheck {
  readonly id = 'card-completeness';
  /** Documentation: an incomplete card makes an asset harder to judge, not broken. */
  readonly severity = 'advice' as const;
  readonly title = 'Card complete';
  readonly description =
    'The recommended documentation fields are filled: passes at the pass score, warns from the minimum, fails below it.';

  constructor(
    private readonly options: { passScore: number; minScore: number },
  ) {}

  appliesTo(entity: Entity): boolean {
    return isMlEntity(entity);
  }

  async run(entity: Entity): Promise<MlHealthCheckResult> {
    const { score, missing } = cardCompleteness(entity);
    const { passScore, minScore } = this.options;
    if (score >= passScore) {
      return { status: 'pass', message: `The card is ${score}% complete.` };
    }
    const status = score >= minScore ? 'warn' : 'fail';
    const top = missing.slice(0, 3);
    return {
      status,
      message: `The card is ${score}% complete; ${passScore}% passes${
        status === 'fail' ? ` and below ${minScore}% fails` : ''
      }. Missing: ${missing.map(m => m.path).join(', ')}.`,
      fixHint: `Add ${top.map(m => `${m.path} (${m.hint})`).join('; ')}.`,
    };
  }
}
