/*
 * A V8 CPU profile of this process through the inspector, for a bench's
 * --profile: start(), then stop(file) writes a .cpuprofile that Chrome's
 * DevTools opens and bench/ml-trust/profile-summary.js summarises.
 */
const fs = require('node:fs');
const inspector = require('node:inspector');

function cpuProfiler() {
  let session;
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
  return {
    async start() {
      session = new inspector.Session();
      session.connect();
      await post('Profiler.enable');
      // 0.5 ms: fine enough for answers of a few milliseconds.
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
    },
    async stop(file) {
      const { profile } = await post('Profiler.stop');
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      session = undefined;
    },
  };
}

module.exports = { cpuProfiler };
