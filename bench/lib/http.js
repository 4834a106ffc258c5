/*
 * HTTP to a backend under test with a static token (backend.auth.externalAccess),
 * the one client of every request a bench sends and times.
 */
const { performance } = require('node:perf_hooks');

const sleep = ms => new Promise(r => setTimeout(r, ms));
const ATTEMPTS = 8;

/**
 * A client of the backend at `base`. `retries` counts requests sent again
 * after a failed connection, for the report: a figure run with many of them
 * saw a struggling server.
 */
function backendClient({ base, token }) {
  const client = { retries: 0, timedGet, request, get };

  /**
   * One fetch and its text, sent again when the connection fails: the
   * server's keep-alive timer can close a pooled connection just as it
   * carries our next request, more often while ingestion or a long pause
   * between requests leaves it idle. Returns when the attempt that answered
   * started.
   */
  async function send(method, urlPath) {
    for (let attempt = 1; ; attempt++) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${base}${urlPath}`, {
          method,
          headers: { Authorization: `Bearer ${token}` },
        });
        return { t0, res, text: await res.text() };
      } catch (error) {
        if (attempt >= ATTEMPTS) {
          throw new Error(
            `${method} ${urlPath}: ${error} (${error.cause ?? ''})`,
          );
        }
        client.retries++;
        await sleep(200 * attempt);
      }
    }
  }

  /**
   * One GET, timed from sending the request that answered to its parsed
   * body (what a page waits for); returns its time, size and body.
   */
  async function timedGet(urlPath) {
    const { t0, res, text } = await send('GET', urlPath);
    if (!res.ok) {
      throw new Error(`GET ${urlPath}: ${res.status} ${text.slice(0, 300)}`);
    }
    const body = JSON.parse(text);
    const ms = performance.now() - t0;
    return { ms, bytes: Buffer.byteLength(text), body };
  }

  /** Any method; statuses in `allow` are answers, not errors. */
  async function request(method, urlPath, { allow = [] } = {}) {
    const { res, text } = await send(method, urlPath);
    if (!res.ok && !allow.includes(res.status)) {
      throw new Error(
        `${method} ${urlPath}: ${res.status} ${text.slice(0, 300)}`,
      );
    }
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A GET's parsed body. */
  async function get(urlPath) {
    return (await request('GET', urlPath)).body;
  }

  return client;
}

module.exports = { backendClient, sleep };
