#!/usr/bin/env node
/*
 * `node bench/ml-trust/profile-summary.js FILE.cpuprofile [top] [filter]`:
 * summarises a CPU profile written by `npm run bench -- ml-trust --profile`:
 * total sampled time, self time by function and by file, and inclusive time
 * by function (each function counted once per stack), optionally only for
 * functions whose name or file contains `filter`.
 */
const fs = require('node:fs');

const [file, topText = '25', filter] = process.argv.slice(2);
const top = Number(topText);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) {
  for (const c of n.children ?? []) parent.set(c, n.id);
}

// Time per sample from the deltas (microseconds). Samples of the profiler's
// own work (stopping and serialising the profile) and idle time are left out.
const profilerOwn = id => {
  for (let at = id; at !== undefined; at = parent.get(at)) {
    if (byId.get(at).callFrame.url === 'node:inspector') return true;
  }
  return false;
};
const selfUs = new Map();
let idle = 0;
let own = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  const name = byId.get(id).callFrame.functionName;
  if (name === '(idle)') idle += us;
  else if (profilerOwn(id)) own += us;
  else selfUs.set(id, (selfUs.get(id) ?? 0) + us);
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const short = url =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, '')
    .replace(/^\/work\/main\//, '');
const key = n => {
  const f = n.callFrame;
  return `${f.functionName || '(anonymous)'} ${short(f.url)}:${
    f.lineNumber + 1
  }`;
};

const self = new Map();
const files = new Map();
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  self.set(key(node), (self.get(key(node)) ?? 0) + us);
  const f = short(node.callFrame.url) || `(${node.callFrame.functionName})`;
  files.set(f, (files.get(f) ?? 0) + us);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const k = key(byId.get(at));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
}

const show = (title, map) => {
  console.log(`\n${title}`);
  [...map.entries()]
    .filter(([k]) => !filter || k.includes(filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, us]) =>
      console.log(
        `  ${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total)
          .toFixed(1)
          .padStart(5)}%  ${k}`,
      ),
    );
};
console.log(
  `${file}: ${(total / 1000).toFixed(0)} ms busy (left out: ${(
    idle / 1000
  ).toFixed(0)} ms idle, ${(own / 1000).toFixed(0)} ms profiler's own)`,
);
show('Self time by file', files);
show('Self time by function', self);
show('Inclusive time by function', inclusive);
