/*
 * The backend for the HTTP half of the marketplace-scale bench, in its own
 * process (forked with an IPC channel by index.js through
 * bench/lib/backendChild.js): createBackend() with the catalog, our catalog
 * module and the ml plugin, as bench/ml-trust/child.js (bench/lib/runBackend.js),
 * on the SQLite files in the configured directory (the catalog's one filled
 * by catalogDb.js), plus one catalog module registering the entity provider
 * the filled rows name as their source, so the catalog keeps them (a provider
 * that never sends a mutation). Config file path in argv[2]. Besides
 * runBackend's profile and stop, answers
 *   { type: 'rss' }   ->  { type: 'rss', current }
 */
// First: it loads the repo's TypeScript packages, as the CLI does.
const { runBackend } = require('../lib/runBackend');
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

runBackend({
  catalogModules: [benchProvider],
  handlers: {
    rss: () => ({ current: process.memoryUsage().rss }),
  },
});
