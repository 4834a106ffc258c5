import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Settings of one MLflow instance from `ml.registries.mlflow[]`. */
export interface MlflowRegistryConfig {
  id: string;
  /** Base URL of the tracking server, without `/api/2.0`. */
  baseUrl: string;
  /** Base URL of the MLflow UI for links, when it differs. */
  uiUrl: string;
  token?: string;
  username?: string;
  password?: string;
  /** An MLflow search filter for registered models, e.g. `name LIKE 'prod-%'`. */
  filter?: string;
  /** Page size asked for; MLflow allows at most 1000 registered models a page. */
  pageSize: number;
  /** Page size for model versions (MLflow's limit is far higher). */
  versionPageSize: number;
  requestTimeoutMs: number;
  /** Attempts per request, the first included. */
  attempts: number;
  /** The longest Retry-After we honour; longer waits give up the request. */
  maxRetryAfterMs: number;
  /** Runs read at once. */
  runConcurrency: number;
  /** Read the input signature of the serving and newest versions. */
  signatures: boolean;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  discovery: MlflowDiscoveryConfig;
}

/** What the catalog's discovery provider does with this instance. */
export interface MlflowDiscoveryConfig {
  enabled: boolean;
  /** Registered model tags that name the owner, first match wins. */
  ownerTagKeys: string[];
  lifecycleTagKey: string;
  systemTagKey: string;
  namespace: string;
  schedule?: SchedulerServiceTaskScheduleDefinition;
}

const ID = /^[a-z0-9][a-z0-9-_]{0,62}$/i;

function optionalSchedule(config: Config, key: string) {
  const section = config.getOptionalConfig(key);
  return section
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(section)
    : undefined;
}

/**
 * Reads `ml.registries.mlflow[]`. Mistakes stop start-up with the config path
 * and the fix, so a typo never turns into a sync that silently reads nothing.
 */
export function readMlflowRegistryConfigs(
  config: Config,
): MlflowRegistryConfig[] {
  const list = config.getOptionalConfigArray('ml.registries.mlflow') ?? [];
  const seen = new Set<string>();
  return list.map((c, i) => {
    const at = `ml.registries.mlflow[${i}]`;
    const id = c.getOptionalString('id') ?? 'default';
    if (!ID.test(id)) {
      throw new InputError(
        `${at}.id "${id}" must be letters, digits, - or _ (at most 63), e.g. "prod"`,
      );
    }
    if (seen.has(id)) {
      throw new InputError(
        `${at}.id "${id}" is used by another MLflow registry; give each a unique id`,
      );
    }
    seen.add(id);
    const rawUrl = c.getString('baseUrl');
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new InputError(
        `${at}.baseUrl "${rawUrl}" is not a URL; write e.g. http://mlflow.internal:5000`,
      );
    }
    if (url.username || url.password) {
      throw new InputError(
        `${at}.baseUrl must not carry credentials; use ${at}.token or username/password`,
      );
    }
    const baseUrl = url.toString().replace(/\/+$/, '');
    const positive = (key: string, fallback: number, max = Infinity) => {
      const value = c.getOptionalNumber(key) ?? fallback;
      if (!Number.isInteger(value) || value < 1 || value > max) {
        throw new InputError(
          `${at}.${key} must be a whole number from 1 to ${max}, got ${value}`,
        );
      }
      return value;
    };
    const username = c.getOptionalString('username');
    const password = c.getOptionalString('password');
    if (Boolean(username) !== Boolean(password)) {
      throw new InputError(
        `${at} needs both username and password for basic auth, or neither`,
      );
    }
    return {
      id,
      baseUrl,
      uiUrl: (c.getOptionalString('uiUrl') ?? baseUrl).replace(/\/+$/, ''),
      token: c.getOptionalString('token'),
      username,
      password,
      filter: c.getOptionalString('filter'),
      pageSize: positive('pageSize', 1000, 1000),
      versionPageSize: positive('versionPageSize', 10_000, 100_000),
      requestTimeoutMs: positive('requestTimeoutMs', 15_000),
      attempts: positive('attempts', 4, 10),
      maxRetryAfterMs: positive('maxRetryAfterSeconds', 60) * 1000,
      runConcurrency: positive('runConcurrency', 8, 64),
      signatures: c.getOptionalBoolean('signatures') ?? true,
      schedule: optionalSchedule(c, 'schedule'),
      discovery: {
        enabled: c.getOptionalBoolean('discovery.enabled') ?? false,
        ownerTagKeys: c.getOptionalStringArray('discovery.ownerTagKeys') ?? [
          'owner',
          'backstage.io/owner',
        ],
        lifecycleTagKey:
          c.getOptionalString('discovery.lifecycleTagKey') ?? 'lifecycle',
        systemTagKey: c.getOptionalString('discovery.systemTagKey') ?? 'system',
        namespace: c.getOptionalString('discovery.namespace') ?? 'default',
        schedule: optionalSchedule(c, 'discovery.schedule'),
      },
    };
  });
}
