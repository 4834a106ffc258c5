import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Settings of one Feast registry from `ml.registries.feast[]`. */
export interface FeastRegistryConfig {
  id: string;
  /** The REST registry server, without `/api/v1`: `feast serve_registry --rest-api`. */
  baseUrl: string;
  /** Projects to read; every project of the registry when absent. */
  projects?: string[];
  /** Bearer token (OIDC auth of the registry server). */
  token?: string;
  /** Views asked for a page; the REST server allows at most 100. */
  pageSize: number;
  requestTimeoutMs: number;
  /** Attempts per request, the first included. */
  attempts: number;
  /** The longest Retry-After honoured. */
  maxRetryAfterMs: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  discovery: FeastDiscoveryConfig;
}

/** What the catalog's discovery provider does with this registry. */
export interface FeastDiscoveryConfig {
  enabled: boolean;
  schedule?: SchedulerServiceTaskScheduleDefinition;
}

const ID = /^[a-z0-9][a-z0-9-_]{0,62}$/i;

/**
 * Reads `ml.registries.feast[]`. Mistakes stop start-up with the config path
 * and the fix, as for MLflow.
 */
export function readFeastRegistryConfigs(
  config: Config,
): FeastRegistryConfig[] {
  const list = config.getOptionalConfigArray('ml.registries.feast') ?? [];
  const seen = new Set<string>();
  return list.map((c, index) => {
    const at = `ml.registries.feast[${index}]`;
    const id = c.getString('id');
    if (!ID.test(id)) {
      throw new InputError(
        `${at}.id must be letters, digits, - and _ (at most 63), got "${id}"`,
      );
    }
    if (seen.has(id)) {
      throw new InputError(
        `${at}.id "${id}" is used twice; ids must be unique`,
      );
    }
    seen.add(id);
    const baseUrl = c
      .getString('baseUrl')
      .replace(/\/+$/, '')
      .replace(/\/api\/v1$/, '');
    if (!/^https?:\/\//.test(baseUrl)) {
      throw new InputError(
        `${at}.baseUrl must be an http(s) URL of the Feast registry server, got "${baseUrl}"`,
      );
    }
    const positive = (key: string, fallback: number, max?: number) => {
      const value = c.getOptionalNumber(key) ?? fallback;
      if (!Number.isInteger(value) || value < 1 || (max && value > max)) {
        throw new InputError(
          `${at}.${key} must be a whole number from 1${
            max ? ` to ${max}` : ''
          }, got ${value}`,
        );
      }
      return value;
    };
    const schedule = c.getOptionalConfig('schedule');
    const discoverySchedule = c.getOptionalConfig('discovery.schedule');
    return {
      id,
      baseUrl,
      projects: c.getOptionalStringArray('projects'),
      token: c.getOptionalString('token'),
      pageSize: positive('pageSize', 100, 100),
      requestTimeoutMs: positive('requestTimeoutMs', 15_000),
      attempts: positive('attempts', 4, 10),
      maxRetryAfterMs: positive('maxRetryAfterSeconds', 60) * 1000,
      ...(schedule && {
        schedule:
          readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule),
      }),
      discovery: {
        enabled: c.getOptionalBoolean('discovery.enabled') ?? false,
        ...(discoverySchedule && {
          schedule:
            readSchedulerServiceTaskScheduleDefinitionFromConfig(
              discoverySchedule,
            ),
        }),
      },
    };
  });
}
