/*
 * Starts the demo backend (packages/backend) the way `backstage-cli package
 * start` runs it (same TypeScript loader, NODE_ENV=development, config files
 * passed with --config) but without the CLI's file watcher: a source edit
 * during a run would otherwise restart it with an empty in-memory database.
 * Its output goes to a log file; stop it with portal.js's stopAll.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('../../lib/portal');

/**
 * Loaded after the bench's own config: the bench measures Backstage's stock
 * search, the catalog collator over every kind, so the demo's filter (which
 * leaves ML kinds to the ml-asset collator of
 * @ml-marketplace/plugin-search-backend-module-ml) is taken off. The ml-asset
 * collator never runs: its first pass would build the marketplace index
 * before the catalog is complete, and the bench keeps that index for an hour.
 */
const STOCK_SEARCH_CONFIG = `search:
  collators:
    catalog:
      filter: null
    mlAssets:
      schedule:
        frequency: { trigger: manual }
        timeout: { minutes: 10 }
`;

function startBackend(configFiles, logFile) {
  const stockSearch = path.join(
    path.dirname(logFile),
    'app-config.stock-search.yaml',
  );
  fs.writeFileSync(stockSearch, STOCK_SEARCH_CONFIG);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [ROOT],
      }),
      'src/index',
      ...[...configFiles, stockSearch].flatMap(f => ['--config', f]),
    ],
    {
      cwd: path.join(ROOT, 'packages/backend'),
      env: { NODE_ENV: 'development', ...process.env },
      stdio: ['ignore', out, out],
      detached: true,
    },
  );
  fs.closeSync(out);
  /** Rejects when the backend exits before being stopped. */
  child.exited = new Promise((_, reject) =>
    child.once('exit', code =>
      reject(
        new Error(`the backend exited (code ${code}); its log: ${logFile}`),
      ),
    ),
  );
  child.exited.catch(() => undefined);
  return child;
}

module.exports = { startBackend };
