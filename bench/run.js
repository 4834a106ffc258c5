#!/usr/bin/env node
/*
 * `npm run bench -- NAME` runs bench/NAME.js (or bench/NAME/index.js) and lists
 * the benchmarks when NAME is missing. Each benchmark prints its own figures,
 * as ratios against a baseline measured in the same run.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const name = process.argv[2];
const available = fs
  .readdirSync(__dirname)
  .filter(
    f => !['run.js', 'README.md', 'lib'].includes(f) && !f.startsWith('.'),
  )
  .map(f => f.replace(/\.js$/, ''));

if (!name || !available.includes(name)) {
  console.error(
    `${
      name ? `No benchmark named "${name}". ` : ''
    }Usage: npm run bench -- NAME\nAvailable: ${
      available.join(', ') || '(none)'
    }`,
  );
  process.exit(name ? 1 : 0);
}
const file = fs.existsSync(path.join(__dirname, `${name}.js`))
  ? path.join(__dirname, `${name}.js`)
  : path.join(__dirname, name, 'index.js');
const result = spawnSync(process.execPath, [file, ...process.argv.slice(3)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
