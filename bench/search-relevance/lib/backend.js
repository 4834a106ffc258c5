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

function startBackend(configFiles, logFile) {
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
      ...configFiles.flatMap(f => ['--config', f]),
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
