import type { Config } from '@backstage/config';
import type { MlHealthCheck } from '@ml-marketplace/plugin-ml-node';
import { CardCompletenessCheck } from './CardCompletenessCheck';
import { DeprecatedDependenciesCheck } from './DeprecatedDependenciesCheck';
import { LicenceCheck } from './LicenceCheck';
import { OwnerExistsCheck } from './OwnerExistsCheck';
import { RefsResolveCheck } from './RefsResolveCheck';
import { RestrictedDataCheck } from './RestrictedDataCheck';
import { ServingEndpointCheck } from './ServingEndpointCheck';
import { StalenessCheck } from './StalenessCheck';

/** The built-in checks, configured from `ml.healthChecks`. */
export function builtInHealthChecks(config: Config): MlHealthCheck[] {
  const c = config.getOptionalConfig('ml.healthChecks');
  return [
    new CardCompletenessCheck({
      passScore: c?.getOptionalNumber('cardCompleteness.passScore') ?? 80,
      minScore: c?.getOptionalNumber('cardCompleteness.minScore') ?? 50,
    }),
    new OwnerExistsCheck(),
    new RefsResolveCheck(),
    new LicenceCheck(c?.getOptionalStringArray('licence.allowed') ?? []),
    new StalenessCheck({
      warnAfterDays: c?.getOptionalNumber('staleness.warnAfterDays') ?? 90,
      failAfterDays: c?.getOptionalNumber('staleness.failAfterDays') ?? 180,
    }),
    new DeprecatedDependenciesCheck(),
    new RestrictedDataCheck(),
    new ServingEndpointCheck({
      allowedHosts:
        c?.getOptionalStringArray('servingEndpoint.allowedHosts') ?? [],
      timeoutMs: c?.getOptionalNumber('servingEndpoint.timeoutMs') ?? 5000,
    }),
  ];
}
