import { backOff } from 'exponential-backoff';
import { personErrorMap } from '@ml-marketplace/plugin-ml-common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import { MlRegistryError } from '../registryConnectors';
import type { MlflowRegistryConfig } from './config';
import { mlflowError, mlflowPage } from './schemas';

/** Statuses worth another attempt: the server may answer next time. */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

type ClientConfig = Pick<
  MlflowRegistryConfig,
  | 'id'
  | 'baseUrl'
  | 'token'
  | 'username'
  | 'password'
  | 'requestTimeoutMs'
  | 'attempts'
  | 'maxRetryAfterMs'
>;

/** A failed attempt; `retryAfterMs` when the server said how long to wait. */
class AttemptError extends MlRegistryError {
  constructor(
    error: MlRegistryError,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(error.kind, error.message, error.status, error.code);
  }
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
export function parseRetryAfter(
  header: string | null,
  now = Date.now(),
): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Which registry's REST API a client speaks: names, paths, error bodies. */
export interface RegistryApiFlavour {
  /** For people: `MLflow`, `Feast`. */
  product: string;
  /** The API's path under the base URL: `api/2.0/mlflow`, `api/v1`. */
  apiPath: string;
  /** The config list its instances come from: `ml.registries.mlflow`. */
  configKey: string;
}

const MLFLOW: RegistryApiFlavour = {
  product: 'MLflow',
  apiPath: 'api/2.0/mlflow',
  configKey: 'ml.registries.mlflow',
};

/**
 * GETs against a registry's REST API (MLflow's 2.0 by default) with a
 * timeout per attempt, retries with jittered exponential backoff for network
 * errors, 5xx and 429 (honouring Retry-After), and errors that name the
 * registry, the endpoint and the fix.
 */
export class MlflowClient {
  constructor(
    private readonly config: ClientConfig,
    private readonly flavour: RegistryApiFlavour = MLFLOW,
  ) {}

  private headers(): Record<string, string> {
    const { token, username, password } = this.config;
    if (token) return { Authorization: `Bearer ${token}` };
    if (username && password) {
      return {
        Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString(
          'base64',
        )}`,
      };
    }
    return {};
  }

  private where(endpoint: string) {
    return `${this.flavour.product} registry "${this.config.id}" (${this.config.baseUrl}) ${endpoint}`;
  }

  /** One GET of `<apiPath>/<endpoint>` (MLflow: `/api/2.0/mlflow/…`), parsed with `schema`. */
  async get<S extends z.ZodType>(
    endpoint: string,
    params: Record<string, string | number | undefined>,
    schema: S,
    signal: AbortSignal,
    options: { attempts?: number } = {},
  ): Promise<z.infer<S>> {
    const url = new URL(
      `${this.config.baseUrl}/${this.flavour.apiPath}/${endpoint}`,
    );
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== '') {
        url.searchParams.set(key, String(value));
      }
    }
    return this.send(
      url,
      endpoint,
      undefined,
      jsonOf(schema),
      signal,
      options.attempts,
    );
  }

  /**
   * One GET of a file the tracking server serves beside its API, e.g.
   * `model-versions/get-artifact` (what MLflow's own UI reads), as text.
   */
  async getFile(
    endpoint: string,
    params: Record<string, string>,
    signal: AbortSignal,
    options: { attempts?: number } = {},
  ): Promise<string> {
    const url = new URL(`${this.config.baseUrl}/${endpoint}`);
    for (const [key, value] of Object.entries(params)) {
      url.searchParams.set(key, value);
    }
    return this.send(
      url,
      endpoint,
      undefined,
      text => text,
      signal,
      options.attempts,
    );
  }

  /**
   * One POST of `body` to `<apiPath>/<endpoint>`, retried like a GET:
   * callers make it safe to repeat (MLflow answers RESOURCE_ALREADY_EXISTS to
   * a create that did land before a lost answer).
   */
  async post<S extends z.ZodType>(
    endpoint: string,
    body: object,
    schema: S,
    signal: AbortSignal,
  ): Promise<z.infer<S>> {
    const url = new URL(
      `${this.config.baseUrl}/${this.flavour.apiPath}/${endpoint}`,
    );
    return this.send(
      url,
      endpoint,
      JSON.stringify(body),
      jsonOf(schema),
      signal,
    );
  }

  private async send<T>(
    url: URL,
    endpoint: string,
    body: string | undefined,
    decode: Decoder<T>,
    signal: AbortSignal,
    attempts = this.config.attempts,
  ): Promise<T> {
    try {
      return await backOff(
        () => this.attempt(url, endpoint, body, decode, signal),
        {
          numOfAttempts: attempts,
          startingDelay: 250,
          timeMultiple: 2,
          maxDelay: 8_000,
          jitter: 'full',
          retry: async (error: unknown) => {
            if (signal.aborted || !(error instanceof AttemptError))
              return false;
            if (!error.retryable) return false;
            if (error.retryAfterMs !== undefined) {
              if (error.retryAfterMs > this.config.maxRetryAfterMs)
                return false;
              // The server's wait plus up to 20 % jitter, so replicas spread out.
              const wait = error.retryAfterMs * (1 + Math.random() * 0.2);
              await sleep(wait, undefined, { signal }).catch(() => undefined);
            }
            return !signal.aborted;
          },
        },
      );
    } catch (error) {
      if (signal.aborted) {
        throw new MlRegistryError(
          'aborted',
          `${this.where(endpoint)}: aborted`,
        );
      }
      if (error instanceof AttemptError) {
        const tries =
          error.retryable && attempts > 1
            ? ` (after ${attempts} attempts)`
            : '';
        throw new MlRegistryError(
          error.kind,
          `${error.message}${tries}`,
          error.status,
          error.code,
        );
      }
      throw error;
    }
  }

  private async attempt<T>(
    url: URL,
    endpoint: string,
    body: string | undefined,
    decode: Decoder<T>,
    signal: AbortSignal,
  ): Promise<T> {
    const where = this.where(endpoint);
    const timeout = AbortSignal.timeout(this.config.requestTimeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        body,
        headers: {
          Accept: 'application/json',
          ...(body !== undefined && { 'Content-Type': 'application/json' }),
          ...this.headers(),
        },
        signal: AbortSignal.any([signal, timeout]),
        redirect: 'error',
      });
      text = await response.text();
    } catch (error) {
      if (timeout.aborted && !signal.aborted) {
        throw new AttemptError(
          new MlRegistryError(
            'timeout',
            `${where} did not answer within ${this.config.requestTimeoutMs} ms; raise requestTimeoutMs or check the server`,
          ),
          true,
        );
      }
      if (signal.aborted) {
        throw new AttemptError(
          new MlRegistryError('aborted', `${where}: aborted`),
          false,
        );
      }
      const cause = (error as { cause?: { code?: string; message?: string } })
        .cause;
      throw new AttemptError(
        new MlRegistryError(
          'unreachable',
          `${where} is unreachable (${
            cause?.code ?? cause?.message ?? (error as Error).message
          }); check baseUrl and that the server runs`,
        ),
        true,
      );
    }

    if (!response.ok) {
      // MLflow: { error_code, message }; FastAPI-based servers (Feast):
      // { detail, error_type } (detail may be a list for a 422).
      const answer = mlflowError.safeParse(safeJson(text));
      const code = answer.success
        ? answer.data.error_code ?? answer.data.error_type
        : undefined;
      const detailText =
        answer.success && typeof answer.data.detail === 'string'
          ? answer.data.detail
          : undefined;
      const detail = answer.success
        ? [code, answer.data.message ?? detailText].filter(Boolean).join(': ')
        : text.slice(0, 200);
      const status = response.status;
      const said = `${where} answered ${status}${detail ? ` (${detail})` : ''}`;
      if (status === 401 || status === 403) {
        throw new AttemptError(
          new MlRegistryError(
            'auth',
            `${said}; check the token or username/password of ${this.flavour.configKey} id "${this.config.id}"`,
            status,
          ),
          false,
        );
      }
      if (status === 429) {
        throw new AttemptError(
          new MlRegistryError('rate-limited', `${said}: rate limited`, status),
          true,
          parseRetryAfter(response.headers.get('retry-after')),
        );
      }
      if (status === 404) {
        throw new AttemptError(
          new MlRegistryError('not-found', said, status, code),
          false,
        );
      }
      throw new AttemptError(
        new MlRegistryError(
          status >= 500 ? 'server' : 'bad-request',
          said,
          status,
          code,
        ),
        RETRYABLE_STATUS.has(status),
        status === 503
          ? parseRetryAfter(response.headers.get('retry-after'))
          : undefined,
      );
    }

    const decoded = decode(text);
    if (typeof decoded === 'object' && decoded && 'unreadable' in decoded) {
      throw new AttemptError(
        new MlRegistryError(
          'malformed',
          `${where} answered ${response.status} ${decoded.unreadable}`,
        ),
        false,
      );
    }
    return decoded as T;
  }

  /**
   * Every item of a paginated search: follows `next_page_token` until MLflow
   * sends none. A token seen before ends the loop (a server bug would
   * otherwise loop forever) and reports the listing as incomplete.
   */
  async paginate(
    endpoint: string,
    itemsKey: string,
    params: Record<string, string | number | undefined>,
    signal: AbortSignal,
  ): Promise<{ items: unknown[]; complete: boolean; pages: number }> {
    const schema = mlflowPage(itemsKey);
    const seen = new Set<string>();
    const items: unknown[] = [];
    let token: string | undefined;
    let pages = 0;
    for (;;) {
      const page = (await this.get(
        endpoint,
        { ...params, page_token: token },
        schema,
        signal,
      )) as Record<string, unknown> & { next_page_token?: string };
      pages += 1;
      items.push(...((page[itemsKey] as unknown[] | undefined) ?? []));
      token = page.next_page_token || undefined;
      if (!token) return { items, complete: true, pages };
      if (seen.has(token)) return { items, complete: false, pages };
      seen.add(token);
    }
  }
}

/** Reads a successful answer's body; `unreadable` says what was wrong with it. */
type Decoder<T> = (text: string) => T | { unreadable: string };

/** JSON parsed with `schema`, with person-readable reasons when it does not fit. */
function jsonOf<S extends z.ZodType>(schema: S): Decoder<z.infer<S>> {
  return text => {
    const json = safeJson(text);
    if (json === undefined) {
      return {
        unreadable: `with a body that is not JSON: ${JSON.stringify(
          text.slice(0, 80),
        )}`,
      };
    }
    const parsed = schema.safeParse(json, { error: personErrorMap });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        unreadable: `with JSON of an unexpected shape at ${
          issue.path.join('.') || '(root)'
        }: ${issue.message}`,
      };
    }
    return parsed.data;
  };
}

function safeJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
