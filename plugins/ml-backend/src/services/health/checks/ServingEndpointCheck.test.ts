import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import type { MlHealthCheckContext } from '@ml-marketplace/plugin-ml-node';
import { ServingEndpointCheck } from './ServingEndpointCheck';
import {
  ALLOWED_HOSTS_CONFIG_KEY,
  HttpRequestError,
  HttpTimeoutError,
  UnsafeUrlError,
  blockedAddressReason,
  safeHttpGet,
} from './safeHttpGet';

interface TestServer {
  port: number;
  base: string;
  /** Paths requested, in order. */
  requests: string[];
  connections: () => number;
  /** Resolves when the server sees a request's connection close. */
  closedRequests: Promise<void>[];
}

const servers: http.Server[] = [];

async function startServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<TestServer> {
  const requests: string[] = [];
  const closedRequests: Promise<void>[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    closedRequests.push(
      new Promise(resolve => res.on('close', () => resolve())),
    );
    handler(req, res);
  });
  server.on('connection', () => {
    connections += 1;
  });
  servers.push(server);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    closedRequests,
  };
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(
    servers.splice(0).map(server => {
      server.closeAllConnections();
      return new Promise(resolve => server.close(resolve));
    }),
  );
});

function model(serving?: { endpoint?: string; healthUrl?: string }): Entity {
  return {
    apiVersion: 'ml-marketplace.io/v1alpha1',
    kind: 'Model',
    metadata: { name: 'churn-model', namespace: 'default' },
    spec: {
      lifecycle: 'production',
      owner: 'group:default/team',
      ...(serving ? { serving } : {}),
    },
  };
}

function context(signal = new AbortController().signal): MlHealthCheckContext {
  return {
    logger: mockServices.logger.mock(),
    signal,
    now: new Date('2025-01-01T00:00:00Z'),
    catalog: { get: () => undefined },
    lastUpdatedAt: new Date('2024-12-01T00:00:00Z'),
  };
}

const check = (allowedHosts: string[], timeoutMs = 2000) =>
  new ServingEndpointCheck({ allowedHosts, timeoutMs });

/** Resolves `*.example` names to `address` and leaves the rest to real DNS. */
function fakeDns(address: string, family = 4) {
  const realLookup = dns.lookup;
  return jest.spyOn(dns, 'lookup').mockImplementation(((
    hostname: string,
    options: unknown,
    callback: (...args: unknown[]) => void,
  ) => {
    if (!hostname.endsWith('.example')) {
      return (realLookup as Function)(hostname, options, callback);
    }
    return callback(null, [{ address, family }]);
  }) as unknown as typeof dns.lookup);
}

describe('ServingEndpointCheck', () => {
  describe('appliesTo', () => {
    it('applies to models that declare spec.serving', () => {
      expect(
        check(['127.0.0.1']).appliesTo(
          model({ healthUrl: 'https://m.example/health' }),
        ),
      ).toBe(true);
      expect(
        check(['127.0.0.1']).appliesTo(
          model({ endpoint: 'https://m.example/predict' }),
        ),
      ).toBe(true);
    });

    it('does not apply to models without serving or to other kinds', () => {
      expect(check(['127.0.0.1']).appliesTo(model())).toBe(false);
      expect(check(['127.0.0.1']).appliesTo(model({}))).toBe(false);
      const component: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'svc' },
        spec: { serving: { healthUrl: 'https://m.example/health' } },
      };
      expect(check(['127.0.0.1']).appliesTo(component)).toBe(false);
      const dataset = { ...component, ...model(), kind: 'Dataset' };
      expect(check(['127.0.0.1']).appliesTo(dataset)).toBe(false);
    });
  });

  it('rejects allow-list entries that can never match at construction', () => {
    expect(() => check(['http://models.example'])).toThrow(
      `Invalid entry "http://models.example" in ${ALLOWED_HOSTS_CONFIG_KEY}: a host, not a URL, is expected`,
    );
    expect(() =>
      check(['*.models.example:8443', '[::1]:80', '::1']),
    ).not.toThrow();
    expect(() => check(['*'])).toThrow(/\*\.suffix/);
    expect(() => check(['models.example:99999'])).toThrow(/bad port/);
    expect(() => check(['*.10.0.0.1'])).toThrow(/not IPs/);
  });

  it('passes when the health URL answers 200, naming URL, status and latency', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    const url = `${server.base}/health`;
    const result = await check(['127.0.0.1']).run(
      model({ healthUrl: url }),
      context(),
    );
    expect(result.status).toBe('pass');
    expect(result.message).toMatch(
      new RegExp(`^${url} answered 200 in \\d+ ms\\.$`),
    );
    expect(server.requests).toEqual(['/health']);
  });

  it('fails when the health URL answers 503', async () => {
    const server = await startServer((_req, res) => {
      res.statusCode = 503;
      res.end('loading model');
    });
    const result = await check(['127.0.0.1']).run(
      model({ healthUrl: `${server.base}/health` }),
      context(),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toContain('HTTP 503');
    expect(result.fixHint).toBeDefined();
  });

  it('fails within the timeout when the server does not answer', async () => {
    const server = await startServer(() => {
      // Never answers.
    });
    const started = Date.now();
    const result = await check(['127.0.0.1'], 200).run(
      model({ healthUrl: `${server.base}/health` }),
      context(),
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      `${server.base}/health did not answer within 200 ms.`,
    );
    expect(server.requests).toEqual(['/health']);
    // The connection is dropped, not left hanging.
    await server.closedRequests[0];
  });

  it('passes without reading an endless body', async () => {
    const server = await startServer((_req, res) => {
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const pump = () => {
        while (res.write(chunk)) {
          // Fill the socket buffer, then wait for drain.
        }
      };
      res.on('drain', pump);
      pump();
    });
    const result = await check(['127.0.0.1'], 1000).run(
      model({ healthUrl: `${server.base}/health` }),
      context(),
    );
    expect(result.status).toBe('pass');
    await server.closedRequests[0];
  });

  it('follows a redirect to an allowed path', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/old') {
        res.writeHead(302, { location: '/health' }).end();
      } else {
        res.end('ok');
      }
    });
    const result = await check(['127.0.0.1']).run(
      model({ healthUrl: `${server.base}/old` }),
      context(),
    );
    expect(result.status).toBe('pass');
    expect(result.message).toContain(`redirected to ${server.base}/health`);
    expect(server.requests).toEqual(['/old', '/health']);
  });

  it('refuses a redirect to a host that is not on the allow-list', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/old') {
        res
          .writeHead(302, {
            location: `http://localhost:${server.port}/health`,
          })
          .end();
      } else {
        res.end('ok');
      }
    });
    const lookup = jest.spyOn(dns, 'lookup');
    const result = await check(['127.0.0.1']).run(
      model({ healthUrl: `${server.base}/old` }),
      context(),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toContain(
      `Redirect from "127.0.0.1": Host "localhost" (port ${server.port}) is not on ${ALLOWED_HOSTS_CONFIG_KEY}`,
    );
    expect(result.fixHint).toContain(ALLOWED_HOSTS_CONFIG_KEY);
    expect(server.requests).toEqual(['/old']);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('stops after three redirects', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(307, { location: '/loop' }).end();
    });
    const result = await check(['127.0.0.1']).run(
      model({ healthUrl: `${server.base}/loop` }),
      context(),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toContain('redirected more than 3 times');
    expect(server.requests).toHaveLength(4);
  });

  it('says "not probed", as advice, without contacting a host that is not on the allow-list', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    const result = await check(['models.example']).run(
      model({ healthUrl: `${server.base}/health` }),
      context(),
    );
    expect(result).toEqual({
      status: 'warn',
      severity: 'advice',
      message: `Not probed: ${server.base}/health was not called: Host "127.0.0.1" (port ${server.port}) is not on ${ALLOWED_HOSTS_CONFIG_KEY}.`,
      fixHint: `If "127.0.0.1" is a serving host of your organisation, ask the Backstage operators to add it to ${ALLOWED_HOSTS_CONFIG_KEY}.`,
    });
    expect(server.connections()).toBe(0);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    [
      'http://metadata.google.internal/computeMetadata/v1/',
      'metadata.google.internal',
    ],
    ['http://[::ffff:169.254.169.254]/', '[::ffff:169.254.169.254]'],
  ])(
    'refuses %s even when its host is allowed, without connecting',
    async (healthUrl, allowed) => {
      const request = jest.spyOn(http, 'request');
      const lookup = jest.spyOn(dns, 'lookup');
      const result = await check([allowed]).run(
        model({ healthUrl }),
        context(),
      );
      expect(result.status).toBe('fail');
      expect(result.message).toMatch(/metadata .*never contacted/);
      expect(result.fixHint).toContain(ALLOWED_HOSTS_CONFIG_KEY);
      expect(request).not.toHaveBeenCalled();
      expect(lookup).not.toHaveBeenCalled();
    },
  );

  it('refuses a name that resolves to a metadata address (DNS rebinding)', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    const lookup = fakeDns('169.254.169.254');
    const result = await check(['models.example']).run(
      model({ healthUrl: `http://models.example:${server.port}/health` }),
      context(),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toContain(
      'Host "models.example" resolves to 169.254.169.254, a cloud metadata address',
    );
    expect(lookup).toHaveBeenCalledWith(
      'models.example',
      expect.anything(),
      expect.any(Function),
    );
    expect(server.connections()).toBe(0);
  });

  it('connects to the address its own lookup approved', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    fakeDns('127.0.0.1');
    const result = await check(['models.example']).run(
      model({ healthUrl: `http://models.example:${server.port}/health` }),
      context(),
    );
    expect(result.status).toBe('pass');
    expect(server.requests).toEqual(['/health']);
  });

  it('refuses non-http protocols', async () => {
    const request = jest.spyOn(http, 'request');
    const result = await check(['models.example']).run(
      model({ healthUrl: 'ftp://models.example/health' }),
      context(),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toContain('uses ftp; only http and https');
    expect(result.fixHint).toContain(ALLOWED_HOSTS_CONFIG_KEY);
    expect(request).not.toHaveBeenCalled();
  });

  it('stops when the sweep is aborted', async () => {
    const controller = new AbortController();
    const server = await startServer(() => controller.abort());
    const started = Date.now();
    await expect(
      check(['127.0.0.1'], 5000).run(
        model({ healthUrl: `${server.base}/health` }),
        context(controller.signal),
      ),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2000);
    await server.closedRequests[0];
  });

  it('does not start a request when already aborted', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    const controller = new AbortController();
    controller.abort();
    await expect(
      check(['127.0.0.1']).run(
        model({ healthUrl: `${server.base}/health` }),
        context(controller.signal),
      ),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.connections()).toBe(0);
  });

  it('fails naming the error when the connection is refused', async () => {
    const port = await closedPort();
    const result = await check(['127.0.0.1']).run(
      model({ healthUrl: `http://127.0.0.1:${port}/health` }),
      context(),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      `http://127.0.0.1:${port}/health could not be reached: Could not reach "127.0.0.1:${port}": connection refused (ECONNREFUSED).`,
    );
  });

  it('says "not probed", as advice, when a model has an endpoint but no health URL', async () => {
    const request = jest.spyOn(http, 'request');
    const result = await check(['models.example']).run(
      model({ endpoint: 'https://models.example/predict' }),
      context(),
    );
    expect(result.status).toBe('warn');
    expect(result.severity).toBe('advice');
    expect(result.message).toBe(
      'Not probed: the model declares the serving endpoint https://models.example/predict but no spec.serving.healthUrl to call.',
    );
    expect(result.fixHint).toContain('spec.serving.healthUrl');
    expect(request).not.toHaveBeenCalled();
  });

  it('warns that serving checks are off when no hosts are allowed', async () => {
    const request = jest.spyOn(http, 'request');
    const result = await check([]).run(
      model({ healthUrl: 'https://models.example/health' }),
      context(),
    );
    expect(result.status).toBe('warn');
    expect(result.severity).toBe('advice');
    expect(result.message).toMatch(
      /^Not probed: serving checks are off \(no allowed hosts configured\)/,
    );
    expect(result.fixHint).toContain(ALLOWED_HOSTS_CONFIG_KEY);
    expect(request).not.toHaveBeenCalled();
  });
});

describe('safeHttpGet', () => {
  const get = (url: string, allowedHosts: string[]) =>
    safeHttpGet(url, {
      allowedHosts,
      timeoutMs: 2000,
      signal: new AbortController().signal,
    });

  it('matches wildcards on subdomains only, ignoring case', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    fakeDns('127.0.0.1');
    await expect(
      get(`http://API.Models.example:${server.port}/h`, ['*.MODELS.example']),
    ).resolves.toEqual({
      status: 200,
      finalUrl: `http://api.models.example:${server.port}/h`,
    });
    await expect(
      get(`http://models.example:${server.port}/h`, ['*.models.example']),
    ).rejects.toMatchObject({ reason: 'host-not-allowed' });
    await expect(
      get(`http://evilmodels.example:${server.port}/h`, ['*.models.example']),
    ).rejects.toThrow(
      `Host "evilmodels.example" (port ${server.port}) is not on ${ALLOWED_HOSTS_CONFIG_KEY}`,
    );
    expect(server.requests).toEqual(['/h']);
  });

  it('restricts the port when an entry names one', async () => {
    const server = await startServer((_req, res) => res.end('ok'));
    await expect(
      get(`${server.base}/h`, [`127.0.0.1:${server.port}`]),
    ).resolves.toMatchObject({ status: 200 });
    await expect(
      get(`${server.base}/h`, [`127.0.0.1:${server.port === 1 ? 2 : 1}`]),
    ).rejects.toBeInstanceOf(UnsafeUrlError);
    expect(server.requests).toEqual(['/h']);
  });

  it('neither returns the body nor sends or reports URL credentials', async () => {
    const authorization: Array<string | undefined> = [];
    const server = await startServer((req, res) => {
      authorization.push(req.headers.authorization);
      res.end('secret body');
    });
    const result = await get(`http://user:pw@127.0.0.1:${server.port}/h`, [
      '127.0.0.1',
    ]);
    expect(result).toEqual({ status: 200, finalUrl: `${server.base}/h` });
    expect(authorization).toEqual([undefined]);
  });

  it('throws typed errors for timeouts and refused connections', async () => {
    const slow = await startServer(() => {});
    await expect(
      safeHttpGet(`${slow.base}/h`, {
        allowedHosts: ['127.0.0.1'],
        timeoutMs: 100,
        signal: new AbortController().signal,
      }),
    ).rejects.toBeInstanceOf(HttpTimeoutError);
    const port = await closedPort();
    await expect(
      get(`http://127.0.0.1:${port}/h`, ['127.0.0.1']),
    ).rejects.toMatchObject({
      constructor: HttpRequestError,
      errorCode: 'ECONNREFUSED',
    });
  });

  it.each([
    ['http://169.254.10.1/', 'a link-local address'],
    ['http://100.100.100.200/', 'a cloud metadata address'],
    ['http://0.0.0.0/', 'the unspecified address'],
    ['http://[::]/', 'the unspecified address'],
    ['http://[fe80::1]/', 'a link-local address'],
    ['http://[fd00:ec2::254]/', 'a cloud metadata address'],
    ['http://[::ffff:0.0.0.0]/', 'the unspecified address'],
    ['http://[::ffff:a9fe:a9fe]/', 'a cloud metadata address'],
    ['http://METADATA.Google.Internal./', 'a cloud metadata service'],
  ])('refuses %s as %s', async (url, reason) => {
    const host = new URL(url).hostname;
    const request = jest.spyOn(http, 'request');
    const error = await get(url, [host]).catch(e => e);
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect(error.reason).toBe('blocked-address');
    expect(error.message).toContain(reason);
    expect(request).not.toHaveBeenCalled();
  });

  it('allows loopback and private addresses, which the allow-list governs', () => {
    expect(blockedAddressReason('127.0.0.1')).toBeUndefined();
    expect(blockedAddressReason('10.1.2.3')).toBeUndefined();
    expect(blockedAddressReason('::1')).toBeUndefined();
    expect(blockedAddressReason('::ffff:192.168.1.1')).toBeUndefined();
    expect(blockedAddressReason('fe80::1%eth0')).toBe('a link-local address');
  });
});
