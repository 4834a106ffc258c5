#!/usr/bin/env node
// Installs the packed ML marketplace packages into a fresh Backstage app the way
// their READMEs tell an adopter to, and nothing more. A README that leaves out
// a step an adopter needs makes the adoption test fail, which is the point.
//
// Read from each package's own README.md (the one inside its tarball, as npm
// shows it), in its "## Install" section; "Legacy frontend system" subsections
// are skipped (create-app's default template is the new frontend system):
//   - ```sh  `yarn --cwd packages/X add [--dev] PKG…` / `yarn workspace X add …` /
//            `npm install [--save-dev] [--workspace X] PKG…`: the dependency is
//            written to that workspace's package.json as the local tarball. A
//            plugin or module must go into a workspace (packages/app or
//            packages/backend): at the root, feature discovery and the backend
//            bundle would not see it.
//   - ```ts   starting with `// packages/backend/src/index.ts`: each
//            `backend.add(…)` line missing from the backend is added before
//            `backend.start()`.
//   - ```ts   holding `createApp({ features: [...] })` (new frontend system): its
//            imports go into packages/app/src/App.tsx and the features into the
//            app's `features` array, unless the app discovers installed plugins
//            (`app.packages: all`, create-app's default), where installing is enough.
//   - ```yaml directly under "## Install" (not under a "###" heading, where the
//            READMEs show options, and without a `# file` comment naming another
//            file): merged into the app's app-config.yaml, maps key by key,
//            lists replaced.
// Every ML marketplace package also gets a root `overrides` entry pointing at its
// tarball, so the sibling dependencies (caret ranges) resolve to the local
// tarballs, as they would to the registry after a release.
//
// Usage: node apply-readmes.js <appDir> <unpackedDir> <tarballDir>
//   <unpackedDir>/<n>/package/{package.json,README.md}: each tarball, extracted
// or:    node apply-readmes.js --commands <unpackedDir>
//   prints the shell lines of every README's install section (the test looks
//   there for `versions:bump`, a step to take before the app's first install)
const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '../..');
if (process.argv[2] === '--commands') {
  const dir = path.resolve(process.argv[3]);
  for (const d of fs.readdirSync(dir)) {
    const readme = path.join(dir, d, 'package/README.md');
    if (!fs.existsSync(readme)) continue;
    for (const block of installBlocks(fs.readFileSync(readme, 'utf8'))) {
      if (['sh', 'bash', 'shell', 'console'].includes(block.lang)) {
        for (const line of block.lines) console.log(`${d}: ${line}`);
      }
    }
  }
  process.exit(0);
}
const [appDir, unpackedDir, tarballDir] = process.argv
  .slice(2)
  .map(p => path.resolve(p));
const YAML = require(require.resolve('yaml', { paths: [appDir, repoRoot] }));

const readJson = f => JSON.parse(fs.readFileSync(f, 'utf8'));
const writeJson = (f, v) =>
  fs.writeFileSync(f, `${JSON.stringify(v, null, 2)}\n`);
const problems = [];
const fail = (pkg, message) => problems.push(`${pkg}'s README: ${message}`);
const say = (pkg, message) => console.log(`  ${pkg}: ${message}`);

// The packages, from their tarballs.
const packages = fs.readdirSync(unpackedDir).map(dir => {
  const root = path.join(unpackedDir, dir, 'package');
  const manifest = readJson(path.join(root, 'package.json'));
  const tarball = fs
    .readdirSync(tarballDir)
    .find(
      f =>
        f ===
        `${manifest.name.replace(/^@/, '').replace('/', '-')}-${
          manifest.version
        }.tgz`,
    );
  if (!tarball)
    throw new Error(`no tarball for ${manifest.name} in ${tarballDir}`);
  const readmeFile = path.join(root, 'README.md');
  return {
    name: manifest.name,
    role: manifest.backstage?.role,
    spec: `file:${path.join(tarballDir, tarball)}`,
    readme: fs.existsSync(readmeFile)
      ? fs.readFileSync(readmeFile, 'utf8')
      : undefined,
  };
});
const ours = new Map(packages.map(p => [p.name, p]));

// The app's workspaces, by folder and by name.
const rootFile = path.join(appDir, 'package.json');
const rootPkg = readJson(rootFile);
const workspaces = ['packages/app', 'packages/backend'].map(dir => {
  const file = path.join(appDir, dir, 'package.json');
  return { dir, file, pkg: readJson(file) };
});
const workspaceFor = ref =>
  workspaces.find(
    w =>
      w.dir === ref.replace(/^\.\//, '').replace(/\/$/, '') ||
      w.pkg.name === ref,
  );

/**
 * The "## Install" section, without "Legacy" subsections, as fenced blocks;
 * `sub` is the "###" subsection a block is in, if any.
 */
function installBlocks(markdown) {
  const blocks = [];
  let inInstall = false;
  let skipping = false;
  let sub;
  let fence;
  for (const line of markdown.split('\n')) {
    if (fence) {
      if (line.startsWith('```')) {
        if (!skipping) blocks.push(fence);
        fence = undefined;
      } else fence.lines.push(line);
      continue;
    }
    const heading = /^(#{2,3}) (.*)/.exec(line);
    if (heading) {
      if (heading[1] === '##') {
        inInstall = /^install/i.test(heading[2].trim());
        skipping = false;
        sub = undefined;
      } else if (inInstall) {
        skipping = /legacy/i.test(heading[2]);
        sub = heading[2].trim();
      }
      continue;
    }
    const open = /^```(\w*)/.exec(line);
    if (open && inInstall) fence = { lang: open[1] || 'text', lines: [], sub };
  }
  return blocks;
}

/** `yarn --cwd packages/backend add X`, `npm install -w backend X`, … */
function parseInstall(line) {
  const words = line.replace(/#.*/, '').trim().split(/\s+/);
  let workspace;
  let dev = false;
  const specs = [];
  const tool = words.shift();
  if (tool !== 'yarn' && tool !== 'npm') return undefined;
  let verb;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--cwd' || w === '--workspace' || w === '-w')
      workspace = words[++i];
    else if (w.startsWith('--workspace='))
      workspace = w.slice('--workspace='.length);
    else if (w === 'workspace' && tool === 'yarn' && !verb)
      workspace = words[++i];
    else if (['--dev', '-D', '--save-dev'].includes(w)) dev = true;
    else if (w.startsWith('-')) continue;
    else if (!verb) verb = w;
    else specs.push(w);
  }
  if (!['add', 'install', 'i'].includes(verb)) return undefined;
  return { workspace, dev, specs };
}

const backendIndex = path.join(appDir, 'packages/backend/src/index.ts');
const appTsx = path.join(appDir, 'packages/app/src/App.tsx');
const appConfigFile = path.join(appDir, 'app-config.yaml');
const appConfig = YAML.parseDocument(fs.readFileSync(appConfigFile, 'utf8'));
const installed = new Set();

for (const pkg of packages) {
  if (!pkg.readme) {
    fail(pkg.name, 'the package ships no README.md');
    continue;
  }
  const blocks = installBlocks(pkg.readme);
  if (blocks.length === 0)
    fail(pkg.name, 'no "## Install" section with code blocks');
  for (const block of blocks) {
    const text = block.lines.join('\n');
    if (['sh', 'bash', 'shell', 'console'].includes(block.lang)) {
      for (const line of block.lines) {
        const cmd = parseInstall(line.replace(/^\$\s*/, ''));
        if (!cmd) continue;
        for (const spec of cmd.specs) {
          const name = spec.replace(/(?<=.)@[^/]*$/, '');
          const target = ours.get(name);
          if (!target) continue; // e.g. a peer the adopter already has
          let ws;
          if (cmd.workspace) {
            ws = workspaceFor(cmd.workspace);
            if (!ws) {
              fail(
                pkg.name,
                `\`${line.trim()}\` names workspace ${
                  cmd.workspace
                }, which a create-app app does not have`,
              );
              continue;
            }
          } else if (
            [
              'frontend-plugin',
              'backend-plugin',
              'backend-plugin-module',
            ].includes(target.role)
          ) {
            fail(
              pkg.name,
              `\`${line.trim()}\` installs the ${
                target.role
              } ${name} at the app's root; it belongs in ` +
                `${
                  target.role === 'frontend-plugin'
                    ? 'packages/app'
                    : 'packages/backend'
                } ` +
                '(feature discovery and the backend only see their own dependencies)',
            );
            continue;
          }
          const holder = ws ? ws.pkg : rootPkg;
          const field = cmd.dev ? 'devDependencies' : 'dependencies';
          holder[field] = { ...holder[field], [name]: target.spec };
          installed.add(name);
          say(
            pkg.name,
            `${ws ? ws.dir : 'root'} ${field} += ${name} (\`${line.trim()}\`)`,
          );
        }
      }
    } else if (['ts', 'tsx', 'js'].includes(block.lang)) {
      const first = block.lines[0]?.trim() ?? '';
      if (/^\/\/\s*packages\/backend\/src\/index\.ts/.test(first)) {
        let source = fs.readFileSync(backendIndex, 'utf8');
        for (const add of block.lines.filter(l =>
          /^\s*backend\.add\(/.test(l),
        )) {
          const normalized = s => s.replace(/\s+/g, '');
          const present = source
            .split(/\n(?=\s*backend\.)/)
            .some(stmt => normalized(stmt).startsWith(normalized(add)));
          if (present) {
            say(pkg.name, `backend already has ${add.trim()}`);
            continue;
          }
          if (!/\nbackend\.start\(\);/.test(source)) {
            fail(
              pkg.name,
              'packages/backend/src/index.ts has no backend.start() to add before',
            );
            break;
          }
          source = source.replace(
            /\nbackend\.start\(\);/,
            `\n${add.trim()}\n\nbackend.start();`,
          );
          say(pkg.name, `packages/backend/src/index.ts += ${add.trim()}`);
        }
        fs.writeFileSync(backendIndex, source);
      } else if (/createApp\(\s*\{\s*features:/.test(text)) {
        const discovery = appConfig.getIn(['app', 'packages']);
        const discovered =
          discovery === 'all' ||
          (YAML.isMap(discovery) &&
            discovery.get('include')?.toJSON?.().includes(pkg.name));
        if (discovered) {
          // Installed in packages/app is enough: createApp adds what it discovers.
          say(
            pkg.name,
            `not adding \`createApp({ features })\`: app-config.yaml has app.packages: ${JSON.stringify(
              discovery.toJSON?.() ?? discovery,
            )}, which discovers the plugin`,
          );
          continue;
        }
        const features = /features:\s*\[([^\]]*)\]/
          .exec(text)[1]
          .split(',')
          .map(s => s.trim())
          .filter(Boolean);
        const imports = block.lines.filter(l => /^import /.test(l));
        let source = fs.readFileSync(appTsx, 'utf8');
        const appFeatures = /(createApp\(\{\s*features:\s*\[)([^\]]*)\]/.exec(
          source,
        );
        if (!appFeatures) {
          fail(
            pkg.name,
            'packages/app/src/App.tsx has no createApp({ features: [...] }) to add to',
          );
          continue;
        }
        const missing = imports.filter(i => !source.includes(i));
        const lastImport = source.lastIndexOf('\nimport ');
        const afterImports =
          source.indexOf('\n', source.indexOf(';', lastImport)) + 1;
        source =
          source.slice(0, afterImports) +
          missing.map(i => `${i}\n`).join('') +
          source.slice(afterImports);
        const list = /(createApp\(\{\s*features:\s*\[)([^\]]*)\]/.exec(source);
        const existing = list[2]
          .split(',')
          .map(s => s.trim())
          .filter(Boolean);
        const merged = [
          ...existing,
          ...features.filter(f => !existing.includes(f)),
        ];
        source = source.replace(list[0], `${list[1]}${merged.join(', ')}]`);
        fs.writeFileSync(appTsx, source);
        say(
          pkg.name,
          `packages/app/src/App.tsx += ${missing.join(
            ' ',
          )}; features += ${features.join(', ')}`,
        );
      } else if (/^\/\/\s*packages\//.test(first)) {
        say(
          pkg.name,
          `skipped a block for ${first.replace(
            /^\/\/\s*/,
            '',
          )} (not part of the new frontend system's setup)`,
        );
      }
    } else if (['yaml', 'yml'].includes(block.lang)) {
      const first = block.lines[0]?.trim() ?? '';
      if (block.sub) {
        // Under a "###" heading of the install section: an option (e.g. how to
        // reorder extensions), not a step every adopter takes.
        say(
          pkg.name,
          `skipped a YAML block under "${block.sub}" (an option, not a setup step)`,
        );
        continue;
      }
      if (/^#/.test(first) && !/app-config/.test(first)) {
        say(pkg.name, `skipped a YAML block for ${first.replace(/^#\s*/, '')}`);
        continue;
      }
      const snippet = YAML.parse(text);
      const merge = (value, at) => {
        const current = appConfig.getIn(at);
        if (
          value &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          YAML.isMap(current)
        ) {
          for (const [k, v] of Object.entries(value)) merge(v, [...at, k]);
        } else {
          appConfig.setIn(at, value);
        }
      };
      merge(snippet, []);
      say(pkg.name, `app-config.yaml += ${JSON.stringify(snippet)}`);
    }
  }
}

// Sibling dependencies resolve to the tarballs, as they would to a release.
rootPkg.overrides = {
  ...rootPkg.overrides,
  ...Object.fromEntries(packages.map(p => [p.name, p.spec])),
};
writeJson(rootFile, rootPkg);
for (const w of workspaces) writeJson(w.file, w.pkg);
fs.writeFileSync(
  appConfigFile,
  appConfig.toString({ lineWidth: 0, flowCollectionPadding: false }),
);

for (const p of packages) {
  if (
    [
      'frontend-plugin',
      'backend-plugin',
      'backend-plugin-module',
      'cli',
    ].includes(p.role) &&
    !installed.has(p.name)
  ) {
    fail(
      p.name,
      `no install command in its "## Install" section installs ${p.name}`,
    );
  }
}
if (problems.length) {
  console.error(
    `\nThe READMEs do not say how to adopt the packages:\n${problems
      .map(p => `  - ${p}`)
      .join('\n')}`,
  );
  process.exit(1);
}
