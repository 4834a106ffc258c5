import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  HEALTH_SEVERITIES,
  type HealthSeverity,
} from '@ml-marketplace/plugin-ml-common';
import { z } from 'zod';
import type { SeverityOverrides } from './runChecks';

const PATH = 'ml.healthChecks.severity';
const EXAMPLE = 'e.g. { licence: warning, staleness: error }';

const schema = z.record(z.string(), z.enum(HEALTH_SEVERITIES));

/**
 * Reads `ml.healthChecks.severity`: what a failure of each check means, by
 * check id. A mistake stops start-up with the config path and the fix.
 */
export function readSeverities(
  config: Config,
  knownCheckIds: string[],
): SeverityOverrides {
  const raw = config.getOptional(PATH);
  if (raw === undefined) return {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new InputError(
        `${PATH} must map check ids to error, warning or advice, ${EXAMPLE}`,
      );
    }
    const [id, value] = Object.entries(raw).find(
      ([, v]) => !HEALTH_SEVERITIES.includes(v as HealthSeverity),
    )!;
    throw new InputError(
      `${PATH}.${id} must be error, warning or advice, not ${JSON.stringify(
        value,
      )}`,
    );
  }
  const unknown = Object.keys(parsed.data).filter(
    id => !knownCheckIds.includes(id),
  );
  if (unknown.length) {
    throw new InputError(
      `${PATH} names ${unknown
        .map(id => `"${id}"`)
        .join(', ')}, which is not a health check here; the checks are: ${[
        ...knownCheckIds,
      ]
        .sort()
        .join(', ')}`,
    );
  }
  return parsed.data;
}
