#!/usr/bin/env node
/*
 * `npm run bench -- portal-startup`: starts the demo portal the way
 * `npm run demo` does and prints
 *   - backend ready: seconds until the backend's readiness probe answers,
 *   - catalog ready: seconds until a guest sees all example ML entities,
 *     and its ratio to "backend ready" (the cost of ingesting the catalog),
 *   - app ready: seconds until the app's dev server serves the page,
 *   - peak and settled RSS of the whole portal process tree.
 * Pass --backend-only to skip the app dev server.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BACKEND = 'http://localhost:7007';
const APP = 'http://localhost:3000';
const { parseAllDocuments } = require('yaml');

// The example catalog's ML entities, counted from its YAML.
const EXPECTED_ML_ENTITIES = fs
  .readdirSync(path.join(ROOT, 'examples/ml'))
  .filter(f => f.endsWith('.yaml'))
  .reduce(
    (n, f) =>
      n +
      parseAllDocuments(
        fs.readFileSync(path.join(ROOT, 'examples/ml', f), 'utf8'),
      ).length,
    0,
  );
const backendOnly = process.argv.includes('--backend-only');

const sleep = ms => new Promise(r => setTimeout(r, ms));

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

async function mlEntityCount() {
  const auth = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!auth.ok) return 0;
  const token = (await auth.json()).backstageIdentity.token;
  const res = await fetch(
    `${BACKEND}/api/catalog/entities/by-query?filter=kind=model,kind=feature,kind=dataset&limit=1000&fields=kind`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  return res.ok ? (await res.json()).items.length : 0;
}

function start(cwd) {
  return spawn(
    path.join(ROOT, 'node_modules/.bin/backstage-cli'),
    ['package', 'start'],
    {
      cwd: path.join(ROOT, cwd),
      env: { ...process.env, BROWSER: 'none' },
      stdio: 'ignore',
      detached: true,
    },
  );
}

async function main() {
  for (const url of [BACKEND, ...(backendOnly ? [] : [APP])]) {
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    ) {
      throw new Error(`${url} already answers: stop the running portal first`);
    }
  }
  const t0 = Date.now();
  const procs = [
    start('packages/backend'),
    ...(backendOnly ? [] : [start('packages/app')]),
  ];
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(
      peak,
      procs.reduce((sum, p) => sum + treeRssBytes(p.pid), 0),
    );
  }, 250);

  try {
    const backendReady = await until(
      async () => (await fetch(`${BACKEND}/.backstage/health/v1/readiness`)).ok,
    );
    const catalogReady =
      (await until(
        async () => (await mlEntityCount()) >= EXPECTED_ML_ENTITIES,
      )) + backendReady;
    const appReady = backendOnly
      ? undefined
      : (Date.now() - t0) / 1000 +
        (await until(async () => (await fetch(APP)).ok));
    await sleep(5000);
    const settled = procs.reduce((sum, p) => sum + treeRssBytes(p.pid), 0);
    const mb = b => `${(b / 1024 / 1024).toFixed(0)} MB`;

    console.log(
      `backend ready (readiness probe)     ${backendReady.toFixed(
        1,
      )} s   (baseline)`,
    );
    console.log(
      `catalog ready (${EXPECTED_ML_ENTITIES} ML entities seen)  ${catalogReady.toFixed(
        1,
      )} s   ${(catalogReady / backendReady).toFixed(2)}x baseline`,
    );
    if (appReady !== undefined) {
      console.log(
        `app ready (dev server answers)      ${appReady.toFixed(1)} s   ${(
          appReady / backendReady
        ).toFixed(2)}x baseline`,
      );
    }
    console.log(`peak RSS, whole portal              ${mb(peak)}`);
    console.log(`settled RSS, 5 s after ready        ${mb(settled)}`);
  } finally {
    clearInterval(sampler);
    for (const p of procs) {
      try {
        process.kill(-p.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
  }
}

main().catch(error => {
  console.error(`portal-startup: ${error.message}`);
  process.exit(1);
});
