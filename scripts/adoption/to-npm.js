#!/usr/bin/env node
// Turns a freshly generated @backstage/create-app (Yarn 4) into an npm workspaces
// app, as /work/shared/SETUP-NOTES.md describes for this project's own repo:
//   - .npmrc: legacy-peer-deps (Material UI v4 peers), no registry host in the lockfile
//   - root overrides: @yarnpkg/core 4.9.1 (4.9.2 makes npm exit 1 silently), the
//     template's Yarn `resolutions` carried over
//   - root devDependencies react/react-dom ^18.3.1 (else React 17 gets hoisted)
//   - `workspace:` and `link:` specs between the app's own packages become the
//     workspace's real version (npm links the workspace copy when it satisfies it)
//   - Yarn's files (yarn.lock, .yarnrc.yml, .yarn/) removed
// Usage: node to-npm.js <appDir>
const fs = require('fs');
const path = require('path');

const appDir = path.resolve(process.argv[2]);
const readJson = f => JSON.parse(fs.readFileSync(f, 'utf8'));
const writeJson = (f, v) =>
  fs.writeFileSync(f, `${JSON.stringify(v, null, 2)}\n`);

const rootFile = path.join(appDir, 'package.json');
const root = readJson(rootFile);
const workspaceDirs = (root.workspaces?.packages ?? root.workspaces ?? [])
  .flatMap(pattern => {
    const base = path.join(appDir, pattern.replace(/\/\*$/, ''));
    if (!pattern.endsWith('/*')) return [base];
    return fs.existsSync(base)
      ? fs.readdirSync(base).map(d => path.join(base, d))
      : [];
  })
  .filter(d => fs.existsSync(path.join(d, 'package.json')));
if (workspaceDirs.length === 0) {
  throw new Error(`no workspaces found in ${rootFile}`);
}
const versions = new Map(
  workspaceDirs.map(d => {
    const p = readJson(path.join(d, 'package.json'));
    return [p.name, p.version];
  }),
);

const rewritten = [];
for (const file of [
  rootFile,
  ...workspaceDirs.map(d => path.join(d, 'package.json')),
]) {
  const pkg = file === rootFile ? root : readJson(file);
  for (const field of [
    'dependencies',
    'devDependencies',
    'peerDependencies',
    'optionalDependencies',
  ]) {
    for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
      if (!/^(workspace|link):/.test(spec)) continue;
      const version = versions.get(name);
      if (!version)
        throw new Error(`${file}: ${name}@${spec} is no workspace of the app`);
      const range = spec.replace(/^workspace:/, '');
      // workspace:^ -> ^1.2.3, workspace:~ -> ~1.2.3, workspace:* / link: -> 1.2.3
      pkg[field][name] =
        range === '^' || range === '~' ? `${range}${version}` : version;
      rewritten.push(
        `${path.relative(appDir, file)}: ${name} ${spec} -> ${
          pkg[field][name]
        }`,
      );
    }
  }
  if (file !== rootFile) writeJson(file, pkg);
}

root.overrides = {
  ...(root.resolutions ?? {}),
  ...(root.overrides ?? {}),
  '@yarnpkg/core': '4.9.1',
};
delete root.resolutions;
delete root.packageManager;
root.devDependencies = {
  ...root.devDependencies,
  react: '^18.3.1',
  'react-dom': '^18.3.1',
};
writeJson(rootFile, root);

fs.writeFileSync(
  path.join(appDir, '.npmrc'),
  [
    'legacy-peer-deps=true',
    'omit-lockfile-registry-resolved=true',
    'audit=false',
    'fund=false',
    '',
  ].join('\n'),
);
for (const f of ['yarn.lock', '.yarnrc.yml', '.yarn']) {
  fs.rmSync(path.join(appDir, f), { recursive: true, force: true });
}
for (const line of rewritten) console.log(`  ${line}`);
console.log(
  `  ${
    path.relative(process.cwd(), appDir) || '.'
  }: .npmrc written, overrides ${JSON.stringify(
    root.overrides,
  )}, yarn files removed`,
);
