/*
 * The backend under test in a child process of the bench (its memory and CPU
 * apart from the client's), started here and run by runBackend.js on the
 * other side of an IPC channel: its app-config, start, questions over IPC,
 * and stop.
 */
const { fork } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { stringify } = require('yaml');

const ROOT = path.resolve(__dirname, '../..');

/** The catalog rules for the generated catalog: its kinds, ours among them. */
const CATALOG_RULES = [
  {
    allow: [
      'Group',
      'System',
      'Resource',
      'API',
      'Model',
      'Feature',
      'Dataset',
      'Location',
    ],
  },
];

/**
 * An app-config for a backend on localhost:`port` that a client holding
 * `token` may call (a static external-access token), permissions off (no
 * policy is installed, so every request is allowed), the catalog keeping the
 * generated kinds; `database`, the rest of `catalog` and `ml` as given.
 */
function benchAppConfig({ port, token, database, catalog, ml }) {
  const base = `http://localhost:${port}`;
  return {
    app: { baseUrl: base },
    backend: {
      baseUrl: base,
      listen: { port },
      database,
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'bench' } },
        ],
      },
    },
    permission: { enabled: false },
    catalog: { rules: CATALOG_RULES, ...catalog },
    ml,
  };
}

/** Sends one IPC message to the backend and waits for its answer of the same type. */
function ask(child, message) {
  return new Promise((resolve, reject) => {
    const onMessage = m => {
      if (m?.type !== message.type) return;
      child.off('message', onMessage);
      resolve(m);
    };
    child.on('message', onMessage);
    if (!child.send(message)) reject(new Error('IPC closed'));
  });
}

/**
 * Writes `config` to app-config.yaml in `dir` and forks `script` (a child.js
 * that calls runBackend) with that file as its argument, from the repo root,
 * its output appended to backend.log in `dir`, `env` added to ours. `ready` resolves once the backend started;
 * `guard(p)` is `p` unless the backend exits first, so that a bench never
 * waits on a dead backend; `stop()` asks it to stop and kills it if it has
 * not exited after 15 s.
 */
function startBackendChild({ script, dir, config, env = {} }) {
  const configFile = path.join(dir, 'app-config.yaml');
  fs.writeFileSync(configFile, stringify(config));
  const logFile = path.join(dir, 'backend.log');
  const out = fs.openSync(logFile, 'a');
  const child = fork(script, [configFile], {
    cwd: ROOT,
    stdio: ['ignore', out, out, 'ipc'],
    env: { ...process.env, ...env },
  });
  const exited = new Promise((_, reject) =>
    child.on('exit', code =>
      reject(new Error(`backend exited with ${code}; log: ${logFile}`)),
    ),
  );
  // Keep a failed child from leaving an unhandled rejection behind.
  exited.catch(() => {});
  const guard = p => Promise.race([p, exited]);
  const ready = guard(
    new Promise(resolve =>
      child.on('message', m => m?.type === 'ready' && resolve()),
    ),
  );
  ready.catch(() => {});
  const stop = async () => {
    if (child.connected) child.send({ type: 'stop' });
    const stopped = new Promise(r => child.once('exit', r));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    if (child.exitCode === null && child.signalCode === null) await stopped;
    clearTimeout(timer);
  };
  return {
    child,
    logFile,
    ready,
    guard,
    stop,
    ask: message => ask(child, message),
  };
}

module.exports = {
  ROOT,
  CATALOG_RULES,
  benchAppConfig,
  startBackendChild,
  ask,
};
