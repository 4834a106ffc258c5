import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** The config key operators use to let serving checks reach a host. */
export const ALLOWED_HOSTS_CONFIG_KEY =
  'ml.healthChecks.servingEndpoint.allowedHosts';

/** Body bytes read before the connection is dropped; the body is never used. */
const MAX_BODY_BYTES = 64 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Names are refused before DNS so an allow-list typo cannot expose them.
const BLOCKED_NAMES = new Set(['metadata.google.internal']);

export type SafeHttpErrorCode =
  | 'UNSAFE_URL'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'TOO_MANY_REDIRECTS'
  | 'REQUEST_FAILED';

/** Base of every error `safeHttpGet` throws; `code` tells them apart. */
export abstract class SafeHttpError extends Error {
  abstract readonly code: SafeHttpErrorCode;
  constructor(message: string, readonly host: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export type UnsafeUrlReason =
  | 'invalid-url'
  | 'protocol'
  | 'host-not-allowed'
  | 'blocked-address';

/** The URL, or where it leads, is refused by policy; nothing was sent. */
export class UnsafeUrlError extends SafeHttpError {
  readonly code = 'UNSAFE_URL';
  readonly name = 'UnsafeUrlError';
  constructor(message: string, host: string, readonly reason: UnsafeUrlReason) {
    super(message, host);
  }
}

export class HttpTimeoutError extends SafeHttpError {
  readonly code = 'TIMEOUT';
  readonly name = 'HttpTimeoutError';
  constructor(host: string, readonly timeoutMs: number) {
    super(`No answer from "${host}" within ${timeoutMs} ms`, host);
  }
}

/** Named `AbortError` so generic code that checks for cancellation sees it. */
export class RequestAbortedError extends SafeHttpError {
  readonly code = 'ABORTED';
  readonly name = 'AbortError';
  constructor(host: string, cause: unknown) {
    super(`Request to "${host}" was aborted`, host, { cause });
  }
}

export class TooManyRedirectsError extends SafeHttpError {
  readonly code = 'TOO_MANY_REDIRECTS';
  readonly name = 'TooManyRedirectsError';
  constructor(host: string, readonly maxRedirects: number) {
    super(`"${host}" redirected more than ${maxRedirects} times`, host);
  }
}

/** A network or TLS failure; `errorCode` is the system code, e.g. `ECONNREFUSED`. */
export class HttpRequestError extends SafeHttpError {
  readonly code = 'REQUEST_FAILED';
  readonly name = 'HttpRequestError';
  readonly errorCode?: string;
  constructor(host: string, port: number, cause: Error & { code?: string }) {
    const where = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
    super(`Could not reach "${where}": ${describeNetworkError(cause)}`, host, {
      cause,
    });
    this.errorCode = cause.code;
  }
}

export interface SafeHttpGetOptions {
  /** Host names or IPs, `*.suffix` for subdomains, each with an optional `:port`. */
  allowedHosts: string[];
  /** For the whole exchange, redirects and body included. */
  timeoutMs: number;
  signal: AbortSignal;
  /** @default 3 */
  maxRedirects?: number;
}

export interface SafeHttpGetResult {
  status: number;
  /** The URL that gave `status`, after redirects, without credentials. */
  finalUrl: string;
}

interface AllowedHost {
  host: string;
  wildcard: boolean;
  port?: number;
}

/**
 * Parses allow-list entries; throws on entries that cannot match anything so
 * config mistakes surface at startup instead of as silent refusals.
 */
export function parseAllowedHosts(entries: string[]): AllowedHost[] {
  return entries.map(raw => {
    const invalid = (why: string) =>
      new Error(
        `Invalid entry "${raw}" in ${ALLOWED_HOSTS_CONFIG_KEY}: ${why}; use a host name, an IP, or "*.example.com", each optionally with ":port"`,
      );
    const entry = raw.trim().toLowerCase();
    if (/[/@?#\s]/.test(entry)) throw invalid('a host, not a URL, is expected');
    let host = entry;
    let port: string | undefined;
    if (entry.startsWith('[')) {
      const end = entry.indexOf(']');
      if (end < 0) throw invalid('unclosed "["');
      host = entry.slice(1, end);
      const rest = entry.slice(end + 1);
      if (rest) {
        if (!rest.startsWith(':')) throw invalid('unexpected text after "]"');
        port = rest.slice(1);
      }
    } else if (entry.split(':').length === 2) {
      [host, port] = entry.split(':');
    } // More colons: a bare IPv6 address, which cannot carry a port.

    const wildcard = host.startsWith('*.');
    if (wildcard) host = host.slice(2);
    if (host.includes('*')) throw invalid('"*" is only allowed as "*.suffix"');
    const canonical = canonicalHost(host);
    if (!canonical) throw invalid('not a host name or IP');
    if (wildcard && net.isIP(canonical)) {
      throw invalid('wildcards apply to names, not IPs');
    }
    if (port === undefined) return { host: canonical, wildcard };
    const portNumber = Number(port);
    if (!/^\d+$/.test(port) || portNumber < 1 || portNumber > 65535) {
      throw invalid('bad port');
    }
    return { host: canonical, wildcard, port: portNumber };
  });
}

/**
 * GETs `url` and reports the status, refusing hosts off the allow-list and
 * addresses that reach cloud metadata or link-local services (SSRF). The
 * address check runs on the address actually connected to, so a name that
 * re-resolves elsewhere (DNS rebinding) is still caught. The body is discarded.
 */
export async function safeHttpGet(
  url: string,
  options: SafeHttpGetOptions,
): Promise<SafeHttpGetResult> {
  const { timeoutMs, signal, maxRedirects = 3 } = options;
  const allowed = parseAllowedHosts(options.allowedHosts);
  let target = checkUrl(url, allowed);
  if (signal.aborted) throw new RequestAbortedError(target.host, signal.reason);

  // One controller carries both the caller's abort and our deadline, so every
  // hop stops the same way.
  const controller = new AbortController();
  const onCallerAbort = () =>
    controller.abort(new RequestAbortedError(target.host, signal.reason));
  signal.addEventListener('abort', onCallerAbort, { once: true });
  const timer = setTimeout(
    () => controller.abort(new HttpTimeoutError(target.host, timeoutMs)),
    timeoutMs,
  );
  try {
    for (let redirects = 0; ; redirects++) {
      const { status, location } = await requestOnce(target, controller.signal);
      if (!REDIRECT_STATUSES.has(status) || location === undefined) {
        return { status, finalUrl: withoutCredentials(target.url) };
      }
      if (redirects >= maxRedirects) {
        throw new TooManyRedirectsError(target.host, maxRedirects);
      }
      let next: string;
      try {
        next = new URL(location, target.url).href;
      } catch {
        throw new UnsafeUrlError(
          `"${target.host}" redirected to "${location}", which is not a valid URL`,
          target.host,
          'invalid-url',
        );
      }
      target = checkUrl(next, allowed, target.host);
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onCallerAbort);
  }
}

interface Target {
  url: URL;
  /** Canonical host: lower case, no brackets, no trailing dot. */
  host: string;
  port: number;
}

function checkUrl(raw: string, allowed: AllowedHost[], from?: string): Target {
  const via = from ? `Redirect from "${from}": ` : '';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError(
      `${via}"${raw}" is not a valid URL`,
      '',
      'invalid-url',
    );
  }
  const host = canonicalHost(url.hostname) ?? '';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsafeUrlError(
      `${via}"${withoutCredentials(url)}" uses ${url.protocol.replace(
        ':',
        '',
      )}; only http and https are allowed`,
      host,
      'protocol',
    );
  }
  if (BLOCKED_NAMES.has(host)) {
    throw new UnsafeUrlError(
      `${via}Host "${host}" is a cloud metadata service, which is never contacted`,
      host,
      'blocked-address',
    );
  }
  // Node connects to IP literals without calling `lookup`, so check them here.
  const literalProblem = net.isIP(host)
    ? blockedAddressReason(host)
    : undefined;
  if (literalProblem) {
    throw new UnsafeUrlError(
      `${via}Host "${host}" is ${literalProblem}, which is never contacted`,
      host,
      'blocked-address',
    );
  }
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  const port = url.port ? Number(url.port) : defaultPort;
  if (!allowed.some(entry => matches(entry, host, port))) {
    throw new UnsafeUrlError(
      `${via}Host "${host}"${
        url.port ? ` (port ${port})` : ''
      } is not on ${ALLOWED_HOSTS_CONFIG_KEY}`,
      host,
      'host-not-allowed',
    );
  }
  return { url, host, port };
}

function matches(entry: AllowedHost, host: string, port: number): boolean {
  if (entry.port !== undefined && entry.port !== port) return false;
  if (!entry.wildcard) return entry.host === host;
  return !net.isIP(host) && host.endsWith(`.${entry.host}`);
}

interface Outcome {
  status: number;
  location?: string;
}

function requestOnce(target: Target, signal: AbortSignal): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    // A refusal from `lookup` reaches the request as a socket error; keep the
    // original so its type survives whatever Node wraps it in.
    let refusal: UnsafeUrlError | undefined;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };

    const client = target.url.protocol === 'https:' ? https : http;
    const req = client.request(
      {
        protocol: target.url.protocol,
        hostname: target.host,
        port: target.port,
        path: `${target.url.pathname}${target.url.search}`,
        method: 'GET',
        headers: { accept: '*/*', 'user-agent': 'backstage-ml-health-check' },
        // A fresh socket per request: no pooled connection skips `lookup`.
        agent: false,
        lookup: guardedLookup(target.host, err => {
          refusal = err;
        }),
      },
      res => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        const done = () =>
          settle(() => {
            res.destroy();
            req.destroy();
            resolve({ status, location });
          });
        if (REDIRECT_STATUSES.has(status) && location !== undefined) {
          done();
          return;
        }
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read >= MAX_BODY_BYTES) done();
        });
        res.on('end', done);
        // The status is already known; a body cut short does not change it.
        res.on('error', done);
      },
    );

    // The signal belongs to one safeHttpGet call, so the listener need not be removed.
    const onAbort = () =>
      settle(() => {
        req.destroy();
        reject(signal.reason);
      });
    signal.addEventListener('abort', onAbort, { once: true });

    req.on('error', err =>
      settle(() =>
        reject(refusal ?? new HttpRequestError(target.host, target.port, err)),
      ),
    );
    req.end();
  });
}

/** Resolves like `dns.lookup`, but fails if any address is refused. */
function guardedLookup(
  host: string,
  onRefused: (err: UnsafeUrlError) => void,
): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '');
        return;
      }
      for (const { address } of addresses) {
        const problem = blockedAddressReason(address);
        if (problem) {
          const refusal = new UnsafeUrlError(
            `Host "${host}" resolves to ${address}, ${problem}, which is never contacted`,
            host,
            'blocked-address',
          );
          onRefused(refusal);
          callback(refusal, '');
          return;
        }
      }
      if (options?.all) {
        callback(null, addresses);
      } else {
        callback(null, addresses[0].address, addresses[0].family);
      }
    });
  };
}

const AWS_METADATA_V6 = ipv6Bytes('fd00:ec2::254')!;
const NAT64_PREFIX = ipv6Bytes('64:ff9b::')!.slice(0, 12);

/**
 * Why an address must never be contacted, or undefined. Loopback and private
 * ranges pass: the allow-list already decides which hosts are reachable.
 */
export function blockedAddressReason(address: string): string | undefined {
  if (net.isIPv4(address))
    return blockedIPv4Reason(address.split('.').map(Number));
  const bytes = ipv6Bytes(address);
  if (!bytes) return undefined;
  if (bytes.every(b => b === 0)) return 'the unspecified address';
  if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80) {
    return 'a link-local address';
  }
  if (sameBytes(bytes, AWS_METADATA_V6)) return 'a cloud metadata address';
  // IPv4-mapped (::ffff:0:0/96) and NAT64 (64:ff9b::/96) addresses reach the
  // embedded IPv4 address, so they get its verdict.
  const mapped =
    bytes.slice(0, 10).every(b => b === 0) &&
    bytes[10] === 0xff &&
    bytes[11] === 0xff;
  const nat64 = sameBytes(bytes.slice(0, 12), NAT64_PREFIX);
  if (mapped || nat64) return blockedIPv4Reason(bytes.slice(12));
  return undefined;
}

function blockedIPv4Reason([a, b, c, d]: number[]): string | undefined {
  if (
    (a === 169 && b === 254 && c === 169 && d === 254) ||
    (a === 100 && b === 100 && c === 100 && d === 200)
  ) {
    return 'a cloud metadata address';
  }
  if (a === 169 && b === 254) return 'a link-local address';
  // 0.0.0.0/8 means "this host" and connects to local services on Linux.
  if (a === 0) return 'the unspecified address';
  return undefined;
}

function ipv6Bytes(address: string): number[] | undefined {
  let text = address.replace(/^\[|\]$/g, '').split('%')[0];
  if (!net.isIPv6(text)) return undefined;
  // Turn a trailing dotted quad into two hex groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${(
      (c << 8) |
      d
    ).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? headGroups
      : [
          ...headGroups,
          ...Array(8 - headGroups.length - tailGroups.length).fill('0'),
          ...tailGroups,
        ];
  return groups.flatMap(g => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

function sameBytes(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Lower case, no brackets, no trailing dot; IPs in their standard form. */
function canonicalHost(host: string): string | undefined {
  const bare = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (!bare) return undefined;
  try {
    // The WHATWG parser normalises IPv4 forms such as "2130706433" and IPv6
    // spellings, so entries and URLs compare equal however they are written.
    const parsed = new URL(`http://${net.isIPv6(bare) ? `[${bare}]` : bare}/`)
      .hostname;
    return parsed.replace(/^\[|\]$/g, '').replace(/\.$/, '') || undefined;
  } catch {
    return undefined;
  }
}

function withoutCredentials(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found in DNS',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

function describeNetworkError(err: Error & { code?: string }): string {
  const known = err.code && NETWORK_ERRORS[err.code];
  if (known) return `${known} (${err.code})`;
  return err.code ? `${err.message} (${err.code})` : err.message;
}
