import type { Entity } from '@backstage/catalog-model';
import { isModelEntity } from '@ml-marketplace/plugin-ml-common';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import {
  ALLOWED_HOSTS_CONFIG_KEY,
  SafeHttpError,
  UnsafeUrlError,
  parseAllowedHosts,
  safeHttpGet,
} from './safeHttpGet';

export interface ServingEndpointCheckOptions {
  /** From `ml.healthChecks.servingEndpoint.allowedHosts`; empty turns the check off. */
  allowedHosts: string[];
  timeoutMs: number;
}

/** Reads `spec.serving` defensively: the check may run before validation is enforced. */
function servingOf(entity: Entity): { endpoint?: string; healthUrl?: string } {
  const serving = (entity.spec as { serving?: unknown } | undefined)?.serving;
  if (!serving || typeof serving !== 'object') return {};
  const { endpoint, healthUrl } = serving as Record<string, unknown>;
  return {
    endpoint: typeof endpoint === 'string' && endpoint ? endpoint : undefined,
    healthUrl:
      typeof healthUrl === 'string' && healthUrl ? healthUrl : undefined,
  };
}

/**
 * Calls a model's `spec.serving.healthUrl` and expects a 2xx answer. Only
 * hosts on the operators' allow-list are called, because entity YAML is
 * written by anyone who can register a model and would otherwise make
 * Backstage a proxy into the internal network (SSRF).
 */
export class ServingEndpointCheck implements MlHealthCheck {
  readonly id = 'serving-endpoint';
  /** The model cannot be called. */
  readonly severity = 'error' as const;
  readonly title = 'Serving endpoint healthy';
  readonly description =
    "Calls the model's spec.serving.healthUrl and expects a 2xx answer.";

  private readonly allowedHosts: string[];
  private readonly timeoutMs: number;

  constructor(options: ServingEndpointCheckOptions) {
    // Fail at startup on entries that could never match.
    parseAllowedHosts(options.allowedHosts);
    this.allowedHosts = options.allowedHosts;
    this.timeoutMs = options.timeoutMs;
  }

  appliesTo(entity: Entity): boolean {
    if (!isModelEntity(entity)) return false;
    const { endpoint, healthUrl } = servingOf(entity);
    return Boolean(endpoint || healthUrl);
  }

  async run(
    entity: Entity,
    context: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult> {
    const { endpoint, healthUrl } = servingOf(entity);
    if (!healthUrl) {
      // Not a verdict on the model: nobody can tell whether it serves.
      return {
        status: 'warn',
        severity: 'advice',
        message: `Not probed: the model declares the serving endpoint ${endpoint} but no spec.serving.healthUrl to call.`,
        fixHint:
          'Add spec.serving.healthUrl: an absolute URL on the serving endpoint that answers 2xx when the model can serve, e.g. https://models.example.com/churn/health.',
      };
    }
    if (this.allowedHosts.length === 0) {
      return {
        status: 'warn',
        severity: 'advice',
        message:
          'Not probed: serving checks are off (no allowed hosts configured), so spec.serving.healthUrl is not called.',
        fixHint: `Ask the Backstage operators to add the host of ${healthUrl} to ${ALLOWED_HOSTS_CONFIG_KEY} in app-config.`,
      };
    }

    const started = performance.now();
    try {
      const { status, finalUrl } = await safeHttpGet(healthUrl, {
        allowedHosts: this.allowedHosts,
        timeoutMs: this.timeoutMs,
        signal: context.signal,
      });
      const latencyMs = Math.round(performance.now() - started);
      const redirected =
        finalUrl !== new URL(healthUrl).href
          ? ` (redirected to ${finalUrl})`
          : '';
      if (status >= 200 && status < 300) {
        return {
          status: 'pass',
          message: `${healthUrl} answered ${status} in ${latencyMs} ms${redirected}.`,
        };
      }
      return {
        status: 'fail',
        message: `${healthUrl} answered HTTP ${status}${redirected}; a healthy endpoint answers 2xx.`,
        fixHint:
          status === 404
            ? 'Check that spec.serving.healthUrl points to the health route of the serving deployment.'
            : 'Check that the serving deployment is up and can load the model; its logs usually say why it is unhealthy.',
      };
    } catch (error) {
      if (!(error instanceof SafeHttpError)) throw error;
      return failureResult(error, healthUrl, this.timeoutMs);
    }
  }
}

function failureResult(
  error: SafeHttpError,
  healthUrl: string,
  timeoutMs: number,
): MlHealthCheckResult {
  switch (error.code) {
    case 'UNSAFE_URL': {
      // The declared host not being allowed says nothing about the model: it
      // is not probed. A redirect to a host not allowed is the endpoint's doing.
      const notProbed =
        error instanceof UnsafeUrlError &&
        error.reason === 'host-not-allowed' &&
        error.host === new URL(healthUrl).hostname;
      return {
        status: notProbed ? 'warn' : 'fail',
        ...(notProbed && { severity: 'advice' as const }),
        message: `${
          notProbed ? 'Not probed: ' : ''
        }${healthUrl} was not called: ${error.message}.`,
        fixHint:
          error instanceof UnsafeUrlError && error.reason === 'host-not-allowed'
            ? `If "${error.host}" is a serving host of your organisation, ask the Backstage operators to add it to ${ALLOWED_HOSTS_CONFIG_KEY}.`
            : `Point spec.serving.healthUrl to an http(s) health route on the serving host. Link-local and cloud metadata addresses are never called, whatever ${ALLOWED_HOSTS_CONFIG_KEY} says.`,
      };
    }
    case 'TIMEOUT':
      return {
        status: 'fail',
        message: `${healthUrl} did not answer within ${timeoutMs} ms.`,
        fixHint:
          'Check that the serving deployment is up and reachable from Backstage; a health route should answer quickly without running the model.',
      };
    case 'TOO_MANY_REDIRECTS':
      return {
        status: 'fail',
        message: `${healthUrl} was not checked: ${error.message}.`,
        fixHint:
          'Set spec.serving.healthUrl to the address the health route finally answers on.',
      };
    case 'REQUEST_FAILED':
      return {
        status: 'fail',
        message: `${healthUrl} could not be reached: ${error.message}.`,
        fixHint:
          'Check that the serving deployment is running and that its host and port in spec.serving.healthUrl are right.',
      };
    default:
      // Cancellation is not a verdict on the endpoint; let the sweep see it.
      throw error;
  }
}
