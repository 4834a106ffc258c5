import type { Entity } from '@backstage/catalog-model';
import type {
  MlHealthCheck,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import { isMlEntity } from './isMlEntity';

/** Nobody may reuse an asset whose licence is unknown or not approved for use. */
export class LicenceCheck implements MlHealthCheck {
  readonly id = 'licence';
  /** Hygiene: the asset works; reusers need to know the terms. */
  readonly severity = 'advice' as const;
  readonly title = 'Licence allowed';
  readonly description =
    'spec.license is present and, when an allow-list is configured, on it.';
  private readonly allowed: Map<string, string>;

  /** @param allowed licence ids allowed, any case; empty checks presence only. */
  constructor(allowed: string[]) {
    this.allowed = new Map(allowed.map(a => [a.toLocaleLowerCase('en-US'), a]));
  }

  appliesTo(entity: Entity): boolean {
    return isMlEntity(entity);
  }

  async run(entity: Entity): Promise<MlHealthCheckResult> {
    const declared = entity.spec?.license;
    const licence = typeof declared === 'string' ? declared.trim() : undefined;
    const list = [...this.allowed.values()].join(', ');
    if (!licence) {
      return {
        status: 'fail',
        message:
          'No licence is declared, so nobody knows whether it may be reused.',
        fixHint: `Set spec.license${
          list ? ` to one of: ${list}` : ', e.g. apache-2.0 or proprietary'
        }.`,
      };
    }
    if (!this.allowed.size) {
      return {
        status: 'pass',
        message: `Licensed ${licence}; no allow-list is configured.`,
      };
    }
    if (!this.allowed.has(licence.toLocaleLowerCase('en-US'))) {
      return {
        status: 'fail',
        message: `The licence "${licence}" is not on the company's allow-list.`,
        fixHint: `Use one of: ${list}, or ask the platform team to review "${licence}" for ml.healthChecks.licence.allowed.`,
      };
    }
    return { status: 'pass', message: `Licensed ${licence}.` };
  }
}
