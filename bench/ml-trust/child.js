/*
 * The backend under test, in its own process (forked with an IPC channel by
 * index.js through bench/lib/backendChild.js): a real createBackend() with
 * the catalog, our catalog module and the ml plugin (bench/lib/runBackend.js),
 * on in-memory SQLite, configured by the app-config file whose path is
 * argv[2]. Besides runBackend's profile and stop, samples its own RSS every
 * 100 ms and answers
 *   { type: 'rss', reset }  ->  { type: 'rss', peak, current }
 *   { type: 'trace' }       ->  { type: 'trace', traced } (with ML_TRUST_TRACE)
 */
// First: it loads the repo's TypeScript packages, as the CLI does.
const { runBackend } = require('../lib/runBackend');

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

runBackend({
  handlers: {
    rss(message) {
      sample();
      const reply = { peak, current: process.memoryUsage().rss };
      if (message.reset) peak = reply.current;
      return reply;
    },
    trace() {
      const reply = { traced: [...traced.entries()] };
      traced.clear();
      return reply;
    },
  },
});
