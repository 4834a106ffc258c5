#!/usr/bin/env node
// Writes a Backstage release manifest ({ releaseVersion, packages: [{ name, version }] })
// for `backstage-cli versions:bump` (BACKSTAGE_MANIFEST_FILE), made from this
// repository: the release in backstage.json and the @backstage/* versions its
// package-lock.json installed, i.e. the Backstage the plugins are built and tested
// against. (versions.backstage.io, where the bump reads manifests from, is not
// reachable from CI.) Packages the repository does not use are left out: the bump
// keeps their range and npm takes the newest release in it.
// Usage: node release-manifest.js <repoRoot> <outFile>
const fs = require('fs');
const path = require('path');

const [repoRoot, outFile] = process.argv.slice(2).map(p => path.resolve(p));
const release = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'backstage.json'), 'utf8'),
).version;
const lock = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'),
);
const packages = Object.entries(lock.packages ?? {})
  .filter(
    ([key, entry]) =>
      /^node_modules\/@backstage\/[^/]+$/.test(key) &&
      entry.version &&
      !entry.link,
  )
  .map(([key, entry]) => ({
    name: key.slice('node_modules/'.length),
    version: entry.version,
  }))
  .sort((a, b) => a.name.localeCompare(b.name));
fs.writeFileSync(
  outFile,
  `${JSON.stringify({ releaseVersion: release, packages }, null, 2)}\n`,
);
console.log(
  `  Backstage ${release}: ${packages.length} @backstage packages from package-lock.json`,
);
