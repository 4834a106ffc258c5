#!/usr/bin/env node
/*
 * Keeps the workspace packages publishable (run by `npm run test:all`):
 *  - every dependency on a sibling @ml-marketplace package is the caret range of
 *    the sibling's current version (never "*", which breaks a lone tarball
 *    install and accepts any future major);
 *  - every published package names its repository, homepage, bugs and the Node
 *    versions it supports, taken from the root package.json;
 *  - the Node running the checks is one of those versions.
 * `node scripts/check-packages.js --fix` rewrites the package.json files.
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const fix = process.argv.includes('--fix');
const rootPkg = readJson('package.json');
const repoUrl = rootPkg.repository.url
  .replace(/^git\+/, '')
  .replace(/\.git$/, '');

function readJson(rel) {
  return JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));
}

const dirs = rootPkg.workspaces.flatMap(pattern => {
  const parent = pattern.replace(/\/\*$/, '');
  return fs
    .readdirSync(path.join(root, parent))
    .map(name => `${parent}/${name}`)
    .filter(dir => fs.existsSync(path.join(root, dir, 'package.json')));
});
const packages = dirs.map(dir => ({
  dir,
  pkg: readJson(`${dir}/package.json`),
}));
const versions = new Map(packages.map(({ pkg }) => [pkg.name, pkg.version]));

const problems = [];
for (const { dir, pkg } of packages) {
  const before = JSON.stringify(pkg);
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (!versions.has(name)) continue;
      const want = `^${versions.get(name)}`;
      if (range !== want) {
        problems.push(
          `${dir}/package.json: ${field}.${name} is "${range}"; use "${want}" (the version of ${name} in this repository)`,
        );
        pkg[field][name] = want;
      }
    }
  }
  if (!pkg.private) {
    const expected = {
      repository: { type: 'git', url: `git+${repoUrl}.git`, directory: dir },
      homepage: `${repoUrl}/tree/main/${dir}#readme`,
      bugs: { url: `${repoUrl}/issues` },
      engines: rootPkg.engines,
    };
    for (const [key, value] of Object.entries(expected)) {
      if (JSON.stringify(pkg[key]) !== JSON.stringify(value)) {
        problems.push(
          `${dir}/package.json: "${key}" should be ${JSON.stringify(value)}`,
        );
        pkg[key] = value;
      }
    }
    if (!fs.existsSync(path.join(root, dir, 'README.md'))) {
      problems.push(
        `${dir}: no README.md telling an adopter how to install the package`,
      );
    }
  }
  if (fix && JSON.stringify(pkg) !== before) {
    fs.writeFileSync(
      path.join(root, dir, 'package.json'),
      `${JSON.stringify(pkg, null, 2)}\n`,
    );
  }
}

// The scripts run the repository on a supported Node (scripts/node.sh); the
// engines field says which.
const supported = String(rootPkg.engines.node)
  .split('||')
  .map(v => v.trim());
const runningMajor = process.versions.node.split('.')[0];
if (!supported.includes(runningMajor)) {
  console.error(
    `Running on Node ${process.versions.node}, but package.json engines.node is "${rootPkg.engines.node}": run through the npm scripts (scripts/node.sh installs a supported Node).`,
  );
  process.exitCode = 1;
}

if (problems.length === 0) {
  if (!process.exitCode)
    console.log(`package metadata: ${packages.length} packages in step`);
} else if (fix) {
  console.log(`package metadata: fixed ${problems.length} problems`);
} else {
  console.error(problems.join('\n'));
  console.error(
    `\n${problems.length} problems; \`node scripts/check-packages.js --fix\` repairs them`,
  );
  process.exit(1);
}
