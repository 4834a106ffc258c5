import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { MlRegistryError } from '../registryConnectors';
import { MlflowClient, parseRetryAfter } from './MlflowClient';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

/** A loopback server of the test's own that answers what each test needs. */
async function faultServer(handler: Handler) {
  let hits = 0;
  const urls: string[] = [];
  const server: Server = createServer((req, res) => {
    hits += 1;
    urls.push(req.url ?? '');
    handler(req, res, hits);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    hits: () => hits,
    urls,
    close: () =>
      new Promise<void>(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers = {},
) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const client = (baseUrl: string, overrides = {}) =>
  new MlflowClient({
    id: 'test',
    baseUrl,
    requestTimeoutMs: 2000,
    attempts: 3,
    maxRetryAfterMs: 5000,
    ...overrides,
  });

const anything = z.object({ ok: z.boolean() });
const signal = () => new AbortController().signal;

async function failure(promise: Promise<unknown>): Promise<MlRegistryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MlRegistryError);
    return error as MlRegistryError;
  }
  throw new Error('expected the request to fail');
}

describe('MlflowClient', () => {
  let server: Awaited<ReturnType<typeof faultServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    server = await faultServer((_req, res, hit) =>
      hit === 1
        ? json(
            res,
            429,
            { error_code: 'REQUEST_LIMIT_EXCEEDED' },
            { 'Retry-After': '1' },
          )
        : json(res, 200, { ok: true }),
    );
    const started = Date.now();
    await expect(
      client(server.baseUrl).get('x', {}, anything, signal()),
    ).resolves.toEqual({ ok: true });
    expect(server.hits()).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('gives up at once when Retry-After is longer than allowed', async () => {
    server = await faultServer((_req, res) =>
      json(res, 429, {}, { 'Retry-After': '3600' }),
    );
    const error = await failure(
      client(server.baseUrl).get('x', {}, anything, signal()),
    );
    expect(error.kind).toBe('rate-limited');
    expect(error.message).toContain('answered 429');
    expect(server.hits()).toBe(1);
  });

  it('retries 5xx and reports the attempts', async () => {
    server = await faultServer((_req, res) =>
      json(res, 503, {
        error_code: 'TEMPORARILY_UNAVAILABLE',
        message: 'db down',
      }),
    );
    const error = await failure(
      client(server.baseUrl).get(
        'registered-models/search',
        {},
        anything,
        signal(),
      ),
    );
    expect(error.kind).toBe('server');
    expect(error.status).toBe(503);
    expect(error.message).toBe(
      `MLflow registry "test" (${server.baseUrl}) registered-models/search answered 503 (TEMPORARILY_UNAVAILABLE: db down) (after 3 attempts)`,
    );
    expect(server.hits()).toBe(3);
  });

  it('recovers when a 500 is followed by an answer', async () => {
    server = await faultServer((_req, res, hit) =>
      hit < 3 ? json(res, 500, 'oops') : json(res, 200, { ok: true }),
    );
    await expect(
      client(server.baseUrl).get('x', {}, anything, signal()),
    ).resolves.toEqual({ ok: true });
    expect(server.hits()).toBe(3);
  });

  it.each([401, 403])(
    'does not retry %s and names the credentials to fix',
    async status => {
      server = await faultServer((_req, res) =>
        json(res, status, { error_code: 'PERMISSION_DENIED' }),
      );
      const error = await failure(
        client(server.baseUrl).get('x', {}, anything, signal()),
      );
      expect(error.kind).toBe('auth');
      expect(error.message).toContain(
        'check the token or username/password of ml.registries.mlflow id "test"',
      );
      expect(server.hits()).toBe(1);
    },
  );

  it('sends the bearer token, or basic auth', async () => {
    const seen: Array<string | undefined> = [];
    server = await faultServer((req, res) => {
      seen.push(req.headers.authorization);
      json(res, 200, { ok: true });
    });
    await client(server.baseUrl, { token: 's3cret' }).get(
      'x',
      {},
      anything,
      signal(),
    );
    await client(server.baseUrl, { username: 'u', password: 'p' }).get(
      'x',
      {},
      anything,
      signal(),
    );
    expect(seen).toEqual([
      'Bearer s3cret',
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    ]);
  });

  it('reports a body that is not JSON, and JSON of the wrong shape', async () => {
    server = await faultServer((req, res) =>
      req.url?.startsWith('/api/2.0/mlflow/html')
        ? (res.writeHead(200, { 'Content-Type': 'text/html' }),
          res.end('<html>login</html>'))
        : json(res, 200, { ok: 'yes' }),
    );
    const notJson = await failure(
      client(server.baseUrl).get('html', {}, anything, signal()),
    );
    expect(notJson.kind).toBe('malformed');
    expect(notJson.message).toContain(
      'with a body that is not JSON: "<html>login</html>"',
    );
    const shape = await failure(
      client(server.baseUrl).get('shape', {}, anything, signal()),
    );
    expect(shape.kind).toBe('malformed');
    expect(shape.message).toContain('unexpected shape at ok');
    // Worded for the operator who reads the sync status, not zod's own text.
    expect(shape.message).not.toMatch(/Invalid input|received/);
    expect(server.hits()).toBe(2);
  });

  it('reports a refused connection after retrying', async () => {
    server = await faultServer((_req, res) => json(res, 200, {}));
    const { baseUrl } = server;
    await server.close();
    server = undefined;
    const error = await failure(
      client(baseUrl, { attempts: 2 }).get('x', {}, anything, signal()),
    );
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('(after 2 attempts)');
  });

  it('times out a server that never answers', async () => {
    server = await faultServer(() => {
      /* never answers */
    });
    const error = await failure(
      client(server.baseUrl, { requestTimeoutMs: 150, attempts: 2 }).get(
        'x',
        {},
        anything,
        signal(),
      ),
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('did not answer within 150 ms');
    expect(server.hits()).toBe(2);
  });

  it('stops retrying when aborted', async () => {
    server = await faultServer((_req, res) =>
      json(res, 503, {}, { 'Retry-After': '4' }),
    );
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    const error = await failure(
      client(server.baseUrl).get('x', {}, anything, controller.signal),
    );
    expect(error.kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  describe('paginate', () => {
    it('follows page tokens until none, with the page size asked', async () => {
      server = await faultServer((req, res) => {
        const url = new URL(req.url!, 'http://x');
        const token = url.searchParams.get('page_token');
        const page = token ? Number(token) : 0;
        json(res, 200, {
          items: [`item-${page}a`, `item-${page}b`],
          ...(page < 2 && { next_page_token: String(page + 1) }),
        });
      });
      const result = await client(server.baseUrl).paginate(
        'search',
        'items',
        { max_results: 2 },
        signal(),
      );
      expect(result).toEqual({
        items: [
          'item-0a',
          'item-0b',
          'item-1a',
          'item-1b',
          'item-2a',
          'item-2b',
        ],
        complete: true,
        pages: 3,
      });
      expect(server.urls.every(u => u.includes('max_results=2'))).toBe(true);
    });

    it('stops when a page token repeats and says the listing is incomplete', async () => {
      server = await faultServer((_req, res) =>
        json(res, 200, { items: ['same'], next_page_token: 'again' }),
      );
      const result = await client(server.baseUrl).paginate(
        'search',
        'items',
        {},
        signal(),
      );
      expect(result).toEqual({
        items: ['same', 'same'],
        complete: false,
        pages: 2,
      });
    });

    it('treats an empty answer as an empty page', async () => {
      server = await faultServer((_req, res) => json(res, 200, {}));
      await expect(
        client(server.baseUrl).paginate('search', 'items', {}, signal()),
      ).resolves.toEqual({
        items: [],
        complete: true,
        pages: 1,
      });
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
