/*
 * The backend under test, in its own process (forked with an IPC channel by
 * index.js): a real createBackend() with the catalog, our catalog module and
 * the ml plugin, on in-memory SQLite, configured by the app-config file whose
 * path is argv[2]. Samples its own RSS every 100 ms and answers
 *   { type: 'rss', reset }  ->  { type: 'rss', peak, current }
 *   { type: 'profile', action: 'start' | 'stop', file }  ->  { type: 'profile' }
 *                           (V8 CPU profile of this process, for --profile)
 *   { type: 'stop' }        ->  stops the backend and exits 0.
 * Sends { type: 'ready' } once backend.start() resolved.
 */
const configPath = process.argv[2];

// Load the repo's TypeScript packages the way the CLI and dev server do.
require('@backstage/cli/config/nodeTransform.cjs');
process.argv = [process.argv[0], 'bench', '--config', configPath];
const { createBackend } = require('@backstage/backend-defaults');

let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
setInterval(sample, 100).unref();

// --profile: time the steps of a lineage answer by wrapping the plugin's
// classes in this process (the plugin's code is not changed).
const traced = new Map();
if (process.env.ML_TRUST_TRACE) {
  const { performance } = require('node:perf_hooks');
  const wrap = (proto, name, label) => {
    const original = proto[name];
    proto[name] = async function traced_(...args) {
      const t0 = performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        const entry = traced.get(label) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += performance.now() - t0;
        traced.set(label, entry);
      }
    };
  };
  const src = '@ml-marketplace/plugin-ml-backend/src';
  const { LineageService } = require(`${src}/services/lineage/LineageService`);
  const { DatabaseLineageStore } = require(`${src}/database/LineageStore`);
  const { HealthStore } = require(`${src}/database/HealthStore`);
  const { CertificationStore } = require(`${src}/database/CertificationStore`);
  wrap(LineageService.prototype, 'walk', 'LineageService.walk, all of it');
  wrap(
    DatabaseLineageStore.prototype,
    'edgesOf',
    'edgesOf: one SQL query per level and direction',
  );
  wrap(
    LineageService.prototype,
    'readableRefs',
    'readableRefs: catalog getEntitiesByRefs (HTTP to the catalog)',
  );
  wrap(DatabaseLineageStore.prototype, 'nodes', 'nodes: SQL');
  wrap(HealthStore.prototype, 'assets', 'trust: health assets SQL');
  wrap(CertificationStore.prototype, 'certificates', 'trust: certificates SQL');
}

let backend;
let session;
process.on('message', async message => {
  if (message?.type === 'profile') {
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
  } else if (message?.type === 'trace') {
    process.send({ type: 'trace', traced: [...traced.entries()] });
    traced.clear();
  } else if (message?.type === 'rss') {
    sample();
    const reply = { type: 'rss', peak, current: process.memoryUsage().rss };
    if (message.reset) peak = reply.current;
    process.send(reply);
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
  backend.add(require('@ml-marketplace/plugin-ml-backend'));
  // No allow-all policy module is installed, so permissions stay disabled
  // (permission.enabled: false): every request is allowed without a policy.
  await backend.start();
  process.send({ type: 'ready' });
}

main().catch(error => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
