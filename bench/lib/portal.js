/*
 * Helpers for benchmarks that start the demo portal: wait for a probe, start
 * a package's dev server in its own process group, stop it, and sum the RSS
 * of a process tree.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const BACKEND = 'http://localhost:7007';
const APP = 'http://localhost:3000';

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Seconds until `probe` resolves truthy; throws after `timeoutMs`. */
async function until(probe, timeoutMs = 300_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    try {
      if (await probe()) return (Date.now() - t0) / 1000;
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  throw new Error('timed out');
}

/** Refuses to start when something already answers on one of the ports. */
async function assertPortsFree(urls) {
  for (const url of urls) {
    const answers = await fetch(url).then(
      () => true,
      () => false,
    );
    if (answers) {
      throw new Error(`${url} already answers: stop the running portal first`);
    }
  }
}

/** `backstage-cli package start` in `packages/NAME`, with extra CLI args. */
function startPackage(dir, args = []) {
  return spawn(
    path.join(ROOT, 'node_modules/.bin/backstage-cli'),
    ['package', 'start', ...args],
    {
      cwd: path.join(ROOT, dir),
      env: { ...process.env, BROWSER: 'none' },
      stdio: 'ignore',
      detached: true,
    },
  );
}

function stopAll(procs) {
  for (const p of procs) {
    try {
      process.kill(-p.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

function treeRssBytes(rootPid) {
  const children = new Map();
  for (const pid of fs.readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(pid));
    } catch {
      /* process ended */
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const m = status.match(/VmRSS:\s+(\d+) kB/);
      if (m) total += Number(m[1]) * 1024;
    } catch {
      /* process ended */
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

async function guestToken() {
  const auth = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!auth.ok) return undefined;
  return (await auth.json()).backstageIdentity.token;
}

module.exports = {
  ROOT,
  BACKEND,
  APP,
  sleep,
  until,
  assertPortsFree,
  startPackage,
  stopAll,
  treeRssBytes,
  guestToken,
};
