#!/usr/bin/env node
/*
 * `npm run bench -- catalog-ingest [N ...]`: ingests N generated ML entities with
 * lineage through a real catalog backend on SQLite and, in the same run, N plain
 * Components with as many relations; prints entities/second for both and the
 * ratio of their ingest times (target: ML at most 1.2x the Components).
 * Default N: 1000 and 10000.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const ns = sizes.length ? sizes : [1000, 10000];
const CHILD = path.join(__dirname, 'child.js');
const ROOT = path.resolve(__dirname, '../..');

function run(kind, n, port) {
  const result = spawnSync(
    process.execPath,
    [CHILD, kind, String(n), String(port)],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const line = result.stdout.split('\n').find(l => l.startsWith('{'));
  if (result.status !== 0 || !line) {
    throw new Error(`${kind} x ${n} failed:\n${result.stderr.slice(-2000)}`);
  }
  return JSON.parse(line);
}

const mb = b => `${Math.round(b / 1024 / 1024)} MB`;
console.log(
  'N       kind        ingest s   entities/s   peak RSS   ratio (ML / Component time)',
);
let port = 7301;
for (const n of ns) {
  // Components first, then ML: any warm-up of the OS page cache favours ML, not us.
  const plain = run('component', n, port++);
  const ml = run('ml', n, port++);
  for (const r of [plain, ml]) {
    console.log(
      `${String(n).padEnd(7)} ${(r.kind === 'ml'
        ? 'ML kinds'
        : 'Component'
      ).padEnd(11)} ${r.ingestSeconds.toFixed(1).padStart(8)}   ${(
        n / r.ingestSeconds
      )
        .toFixed(0)
        .padStart(10)}   ${mb(r.peakRss).padStart(8)}`,
    );
  }
  console.log(
    `${' '.repeat(64)}${(ml.ingestSeconds / plain.ingestSeconds).toFixed(2)}x`,
  );
}
