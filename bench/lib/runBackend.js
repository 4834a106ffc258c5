/*
 * The child side of backendChild.js: a bench's child.js requires this first
 * (it loads the repo's TypeScript packages the way the CLI and dev server
 * do, and points the backend at the app-config file whose path is argv[2]),
 * then calls runBackend.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { cpuProfiler } = require('./cpuProfile');

const configPath = process.argv[2];
process.argv = [process.argv[0], 'bench', '--config', configPath];

/**
 * Starts createBackend() with the catalog, our catalog module, then
 * `catalogModules`, and the ml plugin. Answers the bench over IPC:
 *   { type: 'profile', action: 'start' | 'stop', file }  ->  { type: 'profile' }
 *                           (V8 CPU profile of this process, for --profile)
 *   { type: 'stop' }        ->  stops the backend and exits 0;
 * any other type T with `{ type: T, ...await handlers[T](message) }`.
 * Sends { type: 'ready' } once backend.start() resolved, and exits when the
 * bench goes away.
 */
function runBackend({ catalogModules = [], handlers = {} } = {}) {
  const { createBackend } = require('@backstage/backend-defaults');
  const profiler = cpuProfiler();
  let backend;
  process.on('message', async message => {
    if (message?.type === 'profile') {
      if (message.action === 'start') await profiler.start();
      else await profiler.stop(message.file);
      process.send({ type: 'profile' });
    } else if (message?.type === 'stop') {
      try {
        await backend?.stop();
      } finally {
        process.exit(0);
      }
    } else if (handlers[message?.type]) {
      const reply = await handlers[message.type](message);
      process.send({ type: message.type, ...reply });
    }
  });
  process.on('disconnect', () => process.exit(0));

  (async () => {
    backend = createBackend();
    backend.add(require('@backstage/plugin-catalog-backend'));
    backend.add(require('@ml-marketplace/plugin-catalog-backend-module-ml'));
    for (const module of catalogModules) backend.add(module);
    backend.add(require('@ml-marketplace/plugin-ml-backend'));
    // No allow-all policy module is installed, so permissions stay disabled
    // (permission.enabled: false): every request is allowed without a policy.
    await backend.start();
    process.send({ type: 'ready' });
  })().catch(error => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  });
}

module.exports = { runBackend };
