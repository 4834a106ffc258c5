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
const fs = require('node:fs');
const path = require('node:path');
const { parseAllDocuments } = require('yaml');
const {
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
} = require('./lib/portal');

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

async function mlEntityCount() {
  const token = await guestToken();
  if (!token) return 0;
  const res = await fetch(
    `${BACKEND}/api/catalog/entities/by-query?filter=kind=model,kind=feature,kind=dataset&limit=1000&fields=kind`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  return res.ok ? (await res.json()).items.length : 0;
}

async function main() {
  await assertPortsFree([BACKEND, ...(backendOnly ? [] : [APP])]);
  const t0 = Date.now();
  const procs = [
    startPackage('packages/backend'),
    ...(backendOnly ? [] : [startPackage('packages/app')]),
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
    stopAll(procs);
  }
}

main().catch(error => {
  console.error(`portal-startup: ${error.message}`);
  process.exit(1);
});
