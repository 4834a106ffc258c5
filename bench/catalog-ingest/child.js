/*
 * One ingest run in its own process: a real backend (createBackend) with the
 * catalog, our catalog module and in-memory SQLite, reading one file location.
 * Prints a JSON line: { kind, n, ingestSeconds, readySeconds }.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { stringify } = require('yaml');
const { mlEntities, components } = require('./generate');

const [kind, nText, portText] = process.argv.slice(2);
const n = Number(nText);
const port = Number(portText);
const TOKEN = 'bench-static-token-0123456789';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-'));
const entitiesFile = path.join(dir, 'entities.yaml');
const docs = kind === 'ml' ? mlEntities(n) : components(n);
fs.writeFileSync(entitiesFile, docs.map(d => stringify(d)).join('---\n'));
fs.writeFileSync(
  path.join(dir, 'app-config.yaml'),
  stringify({
    app: { baseUrl: `http://localhost:${port}` },
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token: TOKEN, subject: 'bench' } },
        ],
      },
    },
    catalog: {
      rules: [
        { allow: ['Component', 'Model', 'Feature', 'Dataset', 'Location'] },
      ],
      processingInterval: { minutes: 30 },
      locations: [{ type: 'file', target: entitiesFile }],
    },
  }),
);

// Load the repo's TypeScript packages the way the CLI and dev server do.
require('@backstage/cli/config/nodeTransform.cjs');
process.argv = [
  process.argv[0],
  'bench',
  '--config',
  path.join(dir, 'app-config.yaml'),
];
const { createBackend } = require('@backstage/backend-defaults');

async function count() {
  const res = await fetch(
    `http://localhost:${port}/api/catalog/entities/by-query?limit=1&filter=metadata.tags=bench`,
    { headers: { Authorization: `Bearer ${TOKEN}` } },
  );
  return res.ok ? (await res.json()).totalItems : -1;
}

async function main() {
  const t0 = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - t0) / 1e9;
  const backend = createBackend();
  backend.add(require('@backstage/plugin-catalog-backend'));
  backend.add(require('@ml-marketplace/plugin-catalog-backend-module-ml'));
  await backend.start();
  const readySeconds = seconds();
  let peakRss = 0;
  for (;;) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if ((await count()) >= n) break;
    if (seconds() > 1800)
      throw new Error(
        `timed out after 30 minutes with ${await count()} of ${n}`,
      );
    await new Promise(r => setTimeout(r, 100));
  }
  const total = seconds();
  process.stdout.write(
    `${JSON.stringify({
      kind,
      n,
      readySeconds,
      ingestSeconds: total - readySeconds,
      peakRss,
    })}\n`,
  );
  await backend.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
