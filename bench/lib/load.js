/*
 * Many clients at once against a backend, two ways:
 *
 * - Users (thinkMs > 0): each client is a person on a page, who sends a
 *   request, reads the answer, sends the next. The pause before each request
 *   but a client's first is exponentially distributed with mean thinkMs (the
 *   usual model of independent people: most pauses short, a few long), drawn
 *   from a PRNG seeded with `seed` and the client's number, so that two runs,
 *   and ours against the baseline in one run, see the same pauses whatever
 *   order the answers come in. Clients start spread evenly over one mean
 *   pause, not in lock step. The server is offered about
 *   clients / (thinkMs + answer time) requests a second; answer times then
 *   show what a user waits for while others search too.
 * - Capacity (thinkMs 0): a closed loop without pause, every client sending
 *   its next request as soon as its answer is in. The server is busy on
 *   every request, so a single Node process answers in about clients x its
 *   service time whatever it serves: the figure to read is throughput, and
 *   answer times only against another endpoint's under the same loop.
 */
const { performance } = require('node:perf_hooks');
const { sleep } = require('./http');
const { seededRandom, exponential } = require('./random');

/**
 * `clients` clients at once, each sending `requests` requests in turn with
 * `get` (a backendClient's timedGet); `pathOf(client, i)` names the i-th
 * request of a client. Returns every request's time, the wall time of the
 * whole run, `perSecond`: requests over that wall time (the throughput of a
 * closed loop, whose clients end together), and `sendRate`: the clients'
 * pooled rate between each one's first and last request, times the number
 * of clients. With pauses the wall time is the slowest client's (the sum of
 * its pauses runs long for some), which leaves a tail with fewer clients
 * sending; `sendRate` is the load while all of them are.
 */
async function runClients(
  get,
  { clients, requests, pathOf, thinkMs = 0, seed = 1 },
) {
  const times = [];
  let intervals = 0;
  let spanMs = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const random = seededRandom(seed * 7919 + client);
      let firstSent;
      let lastSent;
      for (let i = 0; i < requests; i++) {
        if (thinkMs) {
          await sleep(
            i ? exponential(random, thinkMs) : (thinkMs * client) / clients,
          );
        }
        lastSent = performance.now();
        firstSent ??= lastSent;
        times.push((await get(pathOf(client, i))).ms);
      }
      intervals += requests - 1;
      spanMs += lastSent - firstSent;
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return {
    times,
    seconds,
    perSecond: times.length / seconds,
    sendRate: spanMs ? (clients * intervals * 1000) / spanMs : 0,
  };
}

/**
 * Ours against the baseline under the same clients and pacing: `ours(client,
 * i)` names our requests (client k starting at a different one, so that all
 * are in flight at once), `baseline` the baseline's one path. Separate
 * phases, so neither slows the other; each after an unmeasured round without
 * pause (`warmup` requests a client for ours, 2 for the baseline) that opens
 * the connections and warms the code paths.
 */
async function oursAgainstBaseline(get, { ours, baseline, warmup, ...pacing }) {
  const { clients } = pacing;
  await runClients(get, { clients, requests: warmup, pathOf: ours });
  const oursRun = await runClients(get, { ...pacing, pathOf: ours });
  await runClients(get, { clients, requests: 2, pathOf: () => baseline });
  const baselineRun = await runClients(get, {
    ...pacing,
    pathOf: () => baseline,
  });
  return { ours: oursRun, baseline: baselineRun };
}

module.exports = { runClients, oursAgainstBaseline };
