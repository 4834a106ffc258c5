/*
 * The backend for the HTTP half of the marketplace-scale bench, in its own
 * process (forked with an IPC channel by index.js): createBackend() with the
 * catalog, our catalog module and the ml plugin, like bench/ml-trust/child.js,
 * on the SQLite files in the configured directory (the catalog's one filled
 * by catalogDb.js), plus one catalog module registering the entity provider
 * the filled rows name as their source, so the catalog keeps them (a provider
 * that never sends a mutation). Config file path in argv[2]. Answers
 *   { type: 'rss' }   ->  { type: 'rss', current }
 *   { type: 'profile', action: 'start' | 'stop', file }  ->  { type: 'profile' }
 *   { type: 'stop' }  ->  stops the backend and exits 0.
 * Sends { type: 'ready' } once backend.start() resolved.
 */
const configPath = process.argv[2];

require('@backstage/cli/config/nodeTransform.cjs');
process.argv = [process.argv[0], 'bench', '--config', configPath];
const { createBackend } = require('@backstage/backend-defaults');
const { createBackendModule } = require('@backstage/backend-plugin-api');
const {
  catalogProcessingExtensionPoint,
} = require('@backstage/plugin-catalog-node');
const { PROVIDER } = require('./catalogDb');

const benchProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'marketplace-scale-bench',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider({
          getProviderName: () => PROVIDER,
          connect: async () => {},
        });
      },
    });
  },
});

let backend;
let session;
process.on('message', async message => {
  if (message?.type === 'rss') {
    process.send({ type: 'rss', current: process.memoryUsage().rss });
  } else if (message?.type === 'profile') {
    const inspector = require('node:inspector');
    const post = (method, params) =>
      new Promise((resolve, reject) =>
        session.post(method, params, (err, res) =>
          err ? reject(err) : resolve(res),
        ),
      );
    if (message.action === 'start') {
      session = new inspector.Session();
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
    } else {
      const { profile } = await post('Profiler.stop');
      require('node:fs').writeFileSync(message.file, JSON.stringify(profile));
      session.disconnect();
    }
    process.send({ type: 'profile' });
  } else if (message?.type === 'stop') {
    try {
      await backend?.stop();
    } finally {
      process.exit(0);
    }
  }
});
process.on('disconnect', () => process.exit(0));

async function main() {
  backend = createBackend();
  backend.add(require('@backstage/plugin-catalog-backend'));
  backend.add(require('@ml-marketplace/plugin-catalog-backend-module-ml'));
  backend.add(benchProvider);
  backend.add(require('@ml-marketplace/plugin-ml-backend'));
  await backend.start();
  process.send({ type: 'ready' });
}

main().catch(error => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
