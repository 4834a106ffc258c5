#!/usr/bin/env node
/*
 * `npm run bench -- lineage-graph`: is the Lineage card still responsive when
 * the graph holds 200 nodes (the backend's default node cap)?
 *
 * Starts the demo portal with the example catalog plus a generated lineage of
 * 231 assets around one dataset (so the answer at depth 3 is cut at 200), and
 * drives Debian's Chromium on the entity page's Lineage tab:
 *   - render: from choosing a depth to the last change in the page (the
 *     answer, the layout and the painted nodes), median of 3;
 *   - blocking: main-thread time over 50 ms per long task in that window
 *     (Total Blocking Time), and the longest task;
 *   - pan and zoom: frame intervals while the mouse wheel-zooms and drags the
 *     graph for about 2 seconds (p50/p95/max; 16.7 ms is a smooth 60 fps).
 * The baseline, in the same run, is the example catalog's `churn-model` at the
 * same depth (a graph of about a dozen nodes).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { stringify, parse } = require('yaml');
const { chromium } = require('@playwright/test');
const {
  ROOT,
  BACKEND,
  APP,
  until,
  assertPortsFree,
  startPackage,
  stopAll,
  guestToken,
} = require('./lib/portal');

const ROOT_DATASET = 'graph-bench-root';
const DEPTH = 3;
const RUNS = 3;

/** One dataset, 20 derived datasets, 60 features on them, 150 models. */
function generatedLineage() {
  const owner = 'group:default/data-engineering';
  const base = (kind, name, spec) => ({
    apiVersion: 'ml-marketplace.io/v1alpha1',
    kind,
    metadata: { name, tags: ['graph-bench'] },
    spec: {
      owner,
      lifecycle: 'production',
      classification: 'internal',
      ...spec,
    },
  });
  const docs = [base('Dataset', ROOT_DATASET, { type: 'table' })];
  for (let d = 0; d < 20; d++) {
    docs.push(
      base('Dataset', `graph-bench-ds-${d}`, {
        type: 'table',
        derivedFrom: [ROOT_DATASET],
      }),
    );
  }
  for (let f = 0; f < 60; f++) {
    const sources = [`graph-bench-ds-${f % 20}`];
    if (f % 3 === 0) sources.push(`graph-bench-ds-${(f + 7) % 20}`);
    docs.push(base('Feature', `graph-bench-feature-${f}`, { sources }));
  }
  for (let m = 0; m < 150; m++) {
    docs.push(
      base('Model', `graph-bench-model-${m}`, {
        task: 'binary-classification',
        consumesFeatures: [
          `graph-bench-feature-${m % 60}`,
          `graph-bench-feature-${(m * 7 + 3) % 60}`,
        ],
      }),
    );
  }
  return docs;
}

function writeBenchConfig(dir) {
  const catalogFile = path.join(dir, 'graph-bench.yaml');
  const docs = generatedLineage();
  fs.writeFileSync(catalogFile, docs.map(d => stringify(d)).join('---\n'));
  const appConfig = parse(
    fs.readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8'),
  );
  // Config arrays replace rather than merge: repeat the example locations.
  const locations = [
    ...appConfig.catalog.locations,
    { type: 'file', target: catalogFile },
  ];
  const configFile = path.join(dir, 'app-config.bench.yaml');
  fs.writeFileSync(configFile, stringify({ catalog: { locations } }));
  return { configFile, count: docs.length };
}

async function entityCount(token) {
  const res = await fetch(
    `${BACKEND}/api/catalog/entities/by-query?filter=metadata.tags=graph-bench&limit=1&fields=kind`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  return res.ok ? (await res.json()).totalItems : 0;
}

/** Runs in the page before any script: records long tasks and DOM changes. */
function pageProbes() {
  window.__bench = { longTasks: [], lastMutation: 0 };
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      window.__bench.longTasks.push({ start: e.startTime, ms: e.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  const watch = () =>
    new MutationObserver(() => {
      window.__bench.lastMutation = performance.now();
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  if (document.body) watch();
  else document.addEventListener('DOMContentLoaded', watch);
}

async function chooseDepth(page, depth) {
  await page.locator('[aria-haspopup="listbox"]').first().click();
  const t0 = await page.evaluate(() => {
    window.__bench.longTasks = [];
    return performance.now();
  });
  await page.getByRole('option', { name: String(depth), exact: true }).click();
  // Settled: nothing in the page changed for a second.
  await page.waitForFunction(
    () =>
      window.__bench.lastMutation > 0 &&
      performance.now() - window.__bench.lastMutation > 1000,
    undefined,
    { timeout: 60_000, polling: 100 },
  );
  return page.evaluate(start => {
    const tasks = window.__bench.longTasks.filter(t => t.start >= start);
    return {
      renderMs: window.__bench.lastMutation - start,
      blockingMs: tasks.reduce((s, t) => s + Math.max(0, t.ms - 50), 0),
      longestMs: tasks.reduce((m, t) => Math.max(m, t.ms), 0),
    };
  }, t0);
}

/** Frame intervals while the graph is zoomed and dragged. */
async function panAndZoom(page) {
  const svg = page.locator('svg[aria-label^="Lineage graph with"]');
  const box = await svg.boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.evaluate(() => {
    window.__frames = [];
    window.__framesOn = true;
    let last = performance.now();
    const tick = now => {
      window.__frames.push(now - last);
      last = now;
      if (window.__framesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(cx, cy);
  for (let i = 0; i < 8; i++) {
    await page.mouse.wheel(0, -120);
    await page.waitForTimeout(30);
  }
  await page.mouse.down();
  for (let i = 0; i < 60; i++) {
    await page.mouse.move(
      cx + 150 * Math.sin(i / 6),
      cy + 60 * Math.cos(i / 6),
    );
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    window.__framesOn = false;
    return window.__frames.slice(1);
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const q = p =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return {
    frames: frames.length,
    p50: q(0.5),
    p95: q(0.95),
    max: sorted.at(-1),
  };
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(page, kind, name) {
  await page.goto(`${APP}/catalog/default/${kind}/${name}/lineage`);
  const graph = page.locator('svg[aria-label^="Lineage graph with"]');
  await graph.waitFor({ timeout: 60_000 });
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    await chooseDepth(page, 1);
    runs.push(await chooseDepth(page, DEPTH));
  }
  const label = await graph.getAttribute('aria-label');
  const nodes = Number(label.match(/(\d+) nodes/)[1]);
  const drawn = await graph
    .locator('a[aria-label], [data-testid="ml-lineage-external"]')
    .count();
  return {
    nodes,
    drawn,
    renderMs: median(runs.map(r => r.renderMs)),
    blockingMs: median(runs.map(r => r.blockingMs)),
    longestMs: Math.max(...runs.map(r => r.longestMs)),
    pan: await panAndZoom(page),
  };
}

async function main() {
  await assertPortsFree([BACKEND, APP]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-graph-bench-'));
  const { configFile, count } = writeBenchConfig(dir);
  const procs = [
    startPackage('packages/backend', [
      '--config',
      path.join(ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ]),
    startPackage('packages/app'),
  ];
  let browser;
  try {
    process.stdout.write('starting the portal… ');
    await until(
      async () => (await fetch(`${BACKEND}/.backstage/health/v1/readiness`)).ok,
    );
    await until(async () => (await entityCount(await guestToken())) >= count);
    await until(async () => (await fetch(APP)).ok);
    console.log('ready');

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    const page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    await page.addInitScript(pageProbes);
    await page.goto(APP);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByRole('link', { name: 'Marketplace' }).waitFor();
    // Warm the dev server's lazy chunks so the first measured run is fair.
    await page.goto(`${APP}/catalog/default/dataset/customers/lineage`);
    await page
      .locator('svg[aria-label^="Lineage graph with"]')
      .waitFor({ timeout: 120_000 });

    const small = await measure(page, 'model', 'churn-model');
    const large = await measure(page, 'dataset', ROOT_DATASET);
    const ms = x => `${x.toFixed(0).padStart(6)} ms`;
    const ratio = (a, b) => `${(a / Math.max(b, 1)).toFixed(1)}x`;
    const row = (what, r) =>
      console.log(
        `${what.padEnd(34)} render ${ms(r.renderMs)}  blocking ${ms(
          r.blockingMs,
        )}  longest task ${ms(
          r.longestMs,
        )}  pan/zoom frames p50 ${r.pan.p50.toFixed(
          1,
        )} / p95 ${r.pan.p95.toFixed(1)} / max ${r.pan.max.toFixed(0)} ms (${
          r.pan.frames
        } frames)`,
      );
    console.log(
      `depth ${DEPTH}, median of ${RUNS} depth changes, Chromium headless, 2 cores`,
    );
    row(`baseline: churn-model (${small.nodes} nodes)`, small);
    row(`${ROOT_DATASET} (${large.nodes} nodes, ${large.drawn} drawn)`, large);
    console.log(
      `ratios 200-node / baseline: render ${ratio(
        large.renderMs,
        small.renderMs,
      )}, ` + `pan/zoom p95 frame ${ratio(large.pan.p95, small.pan.p95)}`,
    );
  } finally {
    await browser?.close();
    stopAll(procs);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(`lineage-graph: ${error.stack ?? error.message}`);
  process.exit(1);
});
