#!/usr/bin/env node
/*
 * `npm run bench -- bundle-size [--keep] [--dist DIR]`
 *
 * What our frontend plugin costs the portal's users (issue: "report the size
 * our plugin adds to the app's initial chunk and its own lazy chunks; target
 * <= 100 KB gzip added to the initial load"). Builds the demo app
 * (packages/app) for production with `backstage-cli package build --stats`
 * and prints
 *   - the app's whole initial JS (raw and gzip),
 *   - the bytes of plugins/ml/src in the initial chunks, and what they add to
 *     the gzip download, against the target; plugins/ml-common/src and the
 *     third-party code only our code brings in, separately and together,
 *   - recharts in the initial chunks (must be 0) and minisearch (a backend
 *     dependency) anywhere in the bundle (must be 0),
 *   - our lazy chunks: file, raw, gzip and which of our components they hold,
 *   - the third-party packages only our code brings in, initial and lazy.
 *
 * Method:
 *   - initial chunks: the chunks of the app's entrypoint in the bundle stats
 *     (stats.entrypoints.main: the entry chunk, the runtime and its split
 *     siblings, i.e. the scripts index.html loads); every other chunk is lazy.
 *   - bytes per source file: from the production source maps
 *     (dist/static/*.js.map), each byte of minified output is credited to the
 *     original file of the mapping segment that covers it (what
 *     source-map-explorer does). Module wrappers and runtime code with no
 *     mapping stay unattributed.
 *   - gzip added: for each chunk, gzip(chunk) - gzip(chunk with those bytes
 *     removed), summed over the chunks: the marginal compressed cost of our
 *     code given everything else the chunk holds. gzip is level 9 per file,
 *     like the CLI's own size report; 1 kB = 1000 B.
 *   - "third-party code only our code brings in": node_modules modules that
 *     the module graph in the stats (each module's reasons) does not reach
 *     from the app's entry without passing through plugins/ml/src or
 *     plugins/ml-common/src.
 *
 * The build writes packages/app/dist (gitignored); this benchmark moves the
 * build to a temporary directory, analyses it there and deletes it (--keep
 * keeps it and prints where). A packages/app/dist that existed before is set
 * aside during the build and put back. --dist DIR analyses an existing build
 * made with --stats instead of building.
 *
 * Exits non-zero only when the build fails.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const ROOT = path.resolve(__dirname, '..');
const APP = path.join(ROOT, 'packages/app');
const APP_DIST = path.join(APP, 'dist');
const ML_SRC = [
  path.join(ROOT, 'plugins/ml/src') + path.sep,
  path.join(ROOT, 'node_modules/@ml-marketplace/plugin-ml/src') + path.sep,
];
const ML_COMMON_SRC = [
  path.join(ROOT, 'plugins/ml-common/src') + path.sep,
  path.join(ROOT, 'node_modules/@ml-marketplace/plugin-ml-common/src') +
    path.sep,
];
const TARGET_GZIP = 100 * 1000;

const log = msg => process.stderr.write(`[bundle-size] ${msg}\n`);
const keep = process.argv.includes('--keep');
const distArg = (() => {
  const i = process.argv.indexOf('--dist');
  return i < 0 ? undefined : path.resolve(process.argv[i + 1] ?? '');
})();

const kB = bytes =>
  bytes === 0 ? '0 B' : `${(bytes / 1000).toFixed(bytes < 10_000 ? 2 : 1)} kB`;
const gzip = buf => zlib.gzipSync(buf, { level: 9 }).length;
const rel = file => path.relative(ROOT, file);

// ---------------------------------------------------------------------- build

function move(from, to) {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if (error.code !== 'EXDEV') throw error;
    fs.cpSync(from, to, { recursive: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}

/** Builds the app with --stats; returns the directory now holding the build. */
async function build(work) {
  const aside = fs.existsSync(APP_DIST)
    ? path.join(work, 'previous-dist')
    : undefined;
  if (aside) {
    log(`setting the existing ${rel(APP_DIST)} aside during the build`);
    move(APP_DIST, aside);
  }
  const restore = () => {
    if (fs.existsSync(APP_DIST)) {
      fs.rmSync(APP_DIST, { recursive: true, force: true });
    }
    if (aside && fs.existsSync(aside)) move(aside, APP_DIST);
  };
  const onSignal = signal => {
    restore();
    fs.rmSync(work, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const logFile = path.join(work, 'build.log');
  const out = fs.openSync(logFile, 'w');
  const t0 = Date.now();
  log('building packages/app for production with --stats (takes ~2 min)');
  try {
    const code = await new Promise((resolve, reject) => {
      const child = spawn(
        path.join(ROOT, 'node_modules/.bin/backstage-cli'),
        ['package', 'build', '--stats'],
        {
          cwd: APP,
          env: {
            ...process.env,
            NODE_OPTIONS: `${
              process.env.NODE_OPTIONS ?? ''
            } --max-old-space-size=4096`.trim(),
          },
          stdio: ['ignore', out, out],
        },
      );
      child.on('error', reject);
      child.on('exit', resolve);
    });
    if (code !== 0) {
      const tail = fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .slice(-40)
        .join('\n');
      throw new Error(`the app build failed (exit ${code}):\n${tail}`);
    }
    const dist = path.join(work, 'dist');
    move(APP_DIST, dist);
    log(`built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return dist;
  } finally {
    fs.closeSync(out);
    restore();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

// ------------------------------------------------------- source map attribution

const B64 = new Int8Array(128).fill(-1);
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach(
  (c, i) => {
    B64[c.charCodeAt(0)] = i;
  },
);

/**
 * Splits a minified file into ranges [start, end) of its text, each credited
 * to a source index of its map (-1: no mapping), from the map's mappings.
 */
function ranges(code, mappings) {
  const out = []; // flat: start, end, source
  let line = 0;
  let lineStart = 0;
  let source = 0;
  const lineEnd = () => {
    const nl = code.indexOf('\n', lineStart);
    return nl < 0 ? code.length : nl;
  };
  let end = lineEnd();
  let prevCol = -1; // column of the previous segment on this line
  let prevSource = -1;
  const close = to => {
    if (prevCol >= 0 && to > lineStart + prevCol) {
      out.push(lineStart + prevCol, to, prevSource);
    }
  };
  let col = 0;
  let i = 0;
  const fields = [];
  while (i <= mappings.length) {
    const c = i < mappings.length ? mappings.charCodeAt(i) : 59; // ';' at end
    if (c === 59 /* ; */) {
      close(end);
      line++;
      lineStart = end + 1;
      if (lineStart > code.length) break;
      end = lineEnd();
      col = 0;
      prevCol = -1;
      i++;
      continue;
    }
    if (c === 44 /* , */) {
      i++;
      continue;
    }
    // One segment: 1, 4 or 5 VLQ fields.
    fields.length = 0;
    while (i < mappings.length) {
      const ch = mappings.charCodeAt(i);
      if (ch === 44 || ch === 59) break;
      let value = 0;
      let shift = 0;
      for (;;) {
        const digit = B64[mappings.charCodeAt(i++)];
        value += (digit & 31) << shift;
        if (!(digit & 32)) break;
        shift += 5;
      }
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    }
    col += fields[0];
    close(Math.min(end, lineStart + col));
    if (fields.length >= 4) {
      source += fields[1];
      prevSource = source;
    } else {
      prevSource = -1;
    }
    prevCol = col;
  }
  return out;
}

/** `webpack://app/../../x` or `webpack://app/json|/abs/x` to an absolute path. */
function sourcePath(source) {
  let s = source.replace(/^webpack:\/\/[^/]*\//, '');
  if (s.startsWith('webpack/runtime/')) return '(webpack runtime)';
  if (s.includes('|')) s = s.slice(s.lastIndexOf('|') + 1);
  s = s.replace(/\?.*$/, '');
  return path.resolve(APP, s);
}

function packageOf(file) {
  const i = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (i < 0) return undefined;
  const parts = file.slice(i + 14).split(path.sep);
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

const isUnder = (file, dirs) => dirs.some(d => file.startsWith(d));

function mlLabel(file) {
  const p = file.slice(ML_SRC.find(d => file.startsWith(d)).length);
  const m = p.match(/^components\/([^/]+)\//);
  if (m) return m[1];
  return p.replace(/^components\//, '').replace(/\.[jt]sx?$/, '');
}

/** Reads one emitted JS file and its map; credits its bytes to sources. */
function analyseFile(dist, file) {
  const code = fs.readFileSync(path.join(dist, file), 'utf8');
  // Tiny chunks of empty modules come without a map: all unattributed.
  const mapFile = path.join(dist, `${file}.map`);
  const map = fs.existsSync(mapFile)
    ? JSON.parse(fs.readFileSync(mapFile, 'utf8'))
    : { sources: [], mappings: '' };
  const files = map.sources.map(sourcePath);
  const flat = ranges(code, map.mappings);
  const ascii = !/[^\x00-\x7f]/.test(code);
  const bytesBySource = new Map();
  for (let k = 0; k < flat.length; k += 3) {
    const [a, b, s] = [flat[k], flat[k + 1], flat[k + 2]];
    const src = s < 0 ? '(unmapped)' : files[s];
    const n = ascii ? b - a : Buffer.byteLength(code.slice(a, b));
    bytesBySource.set(src, (bytesBySource.get(src) ?? 0) + n);
  }
  const buf = Buffer.from(code);
  return {
    file,
    code,
    raw: buf.length,
    gzip: gzip(buf),
    flat,
    files,
    bytesBySource,
  };
}

/** gzip(file) - gzip(file without the bytes of sources matching `pick`). */
function gzipAdded(f, pick) {
  let kept = '';
  let at = 0;
  let removed = false;
  for (let k = 0; k < f.flat.length; k += 3) {
    const s = f.flat[k + 2];
    if (s >= 0 && pick(f.files[s])) {
      kept += f.code.slice(at, f.flat[k]);
      at = f.flat[k + 1];
      removed = true;
    }
  }
  if (!removed) return 0;
  kept += f.code.slice(at);
  return f.gzip - gzip(Buffer.from(kept));
}

// -------------------------------------------------------------- module graph

/**
 * Absolute paths of node_modules modules that the app's entry reaches only
 * through our code: a walk of the module graph (stats reasons) from the entry
 * modules that does not enter plugins/ml/src or plugins/ml-common/src.
 */
function onlyOursThirdParty(stats) {
  // A concatenation is listed as `rootId|hash`; its root module is listed too,
  // but the reasons into the concatenation are on the `|hash` entry only.
  const strip = id => id.replace(/\|[0-9a-f]{32}$/, '');
  const byId = new Map();
  const next = new Map();
  const roots = [];
  for (const m of stats.modules) {
    const id = strip(m.identifier);
    if (!byId.has(id) || !m.modules?.length) byId.set(id, m);
    for (const r of m.reasons ?? []) {
      if (r.active === false) continue;
      if (!r.moduleIdentifier) {
        if (r.type === 'entry') roots.push(id);
        continue;
      }
      // The importing module itself, not the concatenation that holds it.
      const from = strip(r.resolvedModuleIdentifier ?? r.moduleIdentifier);
      if (!next.has(from)) next.set(from, []);
      next.get(from).push(id);
    }
  }
  const ours = id => {
    const file = byId.get(id)?.nameForCondition;
    return file && (isUnder(file, ML_SRC) || isUnder(file, ML_COMMON_SRC));
  };
  const seen = new Set();
  const stack = roots.filter(id => byId.has(id));
  while (stack.length) {
    const id = stack.pop();
    if (seen.has(id) || ours(id)) continue;
    seen.add(id);
    for (const n of next.get(id) ?? []) stack.push(n);
  }
  const reachedFiles = new Set(
    [...seen].map(id => byId.get(id).nameForCondition).filter(Boolean),
  );
  const only = new Set();
  for (const [id, m] of byId) {
    const file = m.nameForCondition;
    if (!file || !packageOf(file) || seen.has(id)) continue;
    if (!reachedFiles.has(file)) only.add(file);
  }
  return { only, reached: seen.size, modules: byId.size };
}

// --------------------------------------------------------------------- report

function analyse(dist) {
  const statsFile = path.join(dist, 'bundle-stats.json');
  if (!fs.existsSync(statsFile)) {
    throw new Error(`${statsFile} is missing: build with --stats`);
  }
  log('reading the bundle stats');
  const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  const initialIds = new Set(
    Object.values(stats.entrypoints).flatMap(e => e.chunks),
  );
  const jsOf = c => c.files.filter(f => f.endsWith('.js'));
  const initialChunks = stats.chunks.filter(c => initialIds.has(c.id));
  const lazyChunks = stats.chunks.filter(c => !initialIds.has(c.id));
  const graph = onlyOursThirdParty(stats);

  log('crediting bytes to sources from the source maps');
  const initial = initialChunks.flatMap(jsOf).map(f => analyseFile(dist, f));
  const lazy = lazyChunks.flatMap(jsOf).map(f => analyseFile(dist, f));

  const isMl = file => isUnder(file, ML_SRC);
  const isCommon = file => isUnder(file, ML_COMMON_SRC);
  const isOnlyOurs = file => graph.only.has(file);
  const isAnyOurs = file => isMl(file) || isCommon(file) || isOnlyOurs(file);
  const bytes = (files, pick) => {
    let n = 0;
    for (const f of files) {
      for (const [src, b] of f.bytesBySource) if (pick(src)) n += b;
    }
    return n;
  };
  const added = (files, pick) =>
    files.reduce((n, f) => n + gzipAdded(f, pick), 0);
  const sum = (files, key) => files.reduce((n, f) => n + f[key], 0);
  const inPackage = name => file => packageOf(file) === name;

  const initialMlModules = [
    ...new Set(
      initial.flatMap(f =>
        [...f.bytesBySource.keys()]
          .filter(isMl)
          .map(s => s.slice(ML_SRC.find(d => s.startsWith(d)).length)),
      ),
    ),
  ].sort();

  const row = (label, raw, gz, target = '') =>
    console.log(
      `  ${label.padEnd(56)} ${String(raw).padStart(11)} ${String(gz).padStart(
        11,
      )}   ${target}`,
    );
  const target = `target <= ${kB(TARGET_GZIP)} gzip added`;

  console.log('');
  console.log(
    `Bundle size: packages/app production build (rspack ${
      stats.rspackVersion ?? stats.version ?? '?'
    }), ${initial.length} initial JS files, ${lazy.length} lazy JS files`,
  );
  console.log(
    '  bytes credited to sources from source maps; gzip = level 9 per file; 1 kB = 1000 B',
  );
  row('', 'raw', 'gzip');
  row(
    `initial JS, whole app (${initial.length} files)`,
    kB(sum(initial, 'raw')),
    kB(sum(initial, 'gzip')),
  );
  row(
    'plugins/ml/src in initial chunks (gzip: added)',
    kB(bytes(initial, isMl)),
    kB(added(initial, isMl)),
    target,
  );
  console.log(`    modules: ${initialMlModules.join(', ') || '-'}`);
  row(
    'plugins/ml-common/src in initial chunks (gzip: added)',
    kB(bytes(initial, isCommon)),
    kB(added(initial, isCommon)),
  );
  row(
    'third-party only our code brings in, initial (added)',
    kB(bytes(initial, isOnlyOurs)),
    kB(added(initial, isOnlyOurs)),
  );
  row(
    'all three together, initial (gzip: added)',
    kB(bytes(initial, isAnyOurs)),
    kB(added(initial, isAnyOurs)),
    target,
  );
  row(
    'recharts in initial chunks',
    kB(bytes(initial, inPackage('recharts'))),
    '',
    'must be 0',
  );
  row(
    'minisearch anywhere in the bundle (backend only)',
    kB(bytes([...initial, ...lazy], inPackage('minisearch'))),
    '',
    'must be 0',
  );
  row(
    'unattributed in initial chunks (wrappers, no mapping)',
    kB(sum(initial, 'raw') - bytes(initial, s => s !== '(unmapped)')),
    '',
  );

  // ---- our lazy chunks
  const ourLazy = lazy
    .map(f => {
      const ours = bytes([f], isAnyOurs);
      const components = new Set();
      const packages = new Set();
      for (const [src, b] of f.bytesBySource) {
        if (!b) continue;
        if (isMl(src)) components.add(mlLabel(src));
        else if (isCommon(src)) components.add('ml-common');
        else if (isOnlyOurs(src)) packages.add(packageOf(src));
      }
      return { ...f, ours, components, packages };
    })
    .filter(f => f.ours > 0)
    .sort((x, y) => y.raw - x.raw);
  console.log('');
  console.log(
    `Our lazy chunks: ${ourLazy.length} lazy files holding plugins/ml/src, plugins/ml-common/src or third-party code only our code brings in`,
  );
  const width = Math.max(4, ...ourLazy.map(f => f.file.length));
  console.log(
    `  ${'file'.padEnd(width)} ${'raw'.padStart(10)} ${'gzip'.padStart(
      10,
    )} ${'ours'.padStart(5)}  holds`,
  );
  for (const f of ourLazy) {
    const pkgs = [...f.packages].sort();
    const holds = [
      ...[...f.components].sort(),
      ...(pkgs.length > 4
        ? [`${pkgs.slice(0, 3).join(', ')} + ${pkgs.length - 3} more packages`]
        : pkgs),
    ].join(', ');
    console.log(
      `  ${f.file.padEnd(width)} ${kB(f.raw).padStart(10)} ${kB(
        f.gzip,
      ).padStart(10)} ${`${Math.round((100 * f.ours) / f.raw)}%`.padStart(
        5,
      )}  ${holds}`,
    );
  }
  console.log(
    `  ${'total'.padEnd(width)} ${kB(sum(ourLazy, 'raw')).padStart(10)} ${kB(
      sum(ourLazy, 'gzip'),
    ).padStart(10)}        (ours: share of the file's bytes)`,
  );
  row(
    'plugins/ml/src in lazy chunks',
    kB(bytes(lazy, isMl)),
    kB(added(lazy, isMl)),
  );

  // ---- third-party packages only our code brings in
  const byPackage = new Map();
  for (const [files, key] of [
    [initial, 'initial'],
    [lazy, 'lazy'],
  ]) {
    for (const f of files) {
      for (const [src, b] of f.bytesBySource) {
        if (!isOnlyOurs(src)) continue;
        const p = packageOf(src);
        if (!byPackage.has(p)) byPackage.set(p, { initial: 0, lazy: 0 });
        byPackage.get(p)[key] += b;
      }
    }
  }
  const packages = [...byPackage].sort(
    (x, y) => y[1].initial + y[1].lazy - (x[1].initial + x[1].lazy),
  );
  console.log('');
  console.log(
    `Third-party code only our code brings in (${graph.reached} of ${graph.modules} modules reached from the entry without it): ${packages.length} packages, raw`,
  );
  console.log(
    `  ${'package'.padEnd(32)} ${'initial'.padStart(10)} ${'lazy'.padStart(
      10,
    )}`,
  );
  for (const [p, b] of packages) {
    console.log(
      `  ${p.padEnd(32)} ${kB(b.initial).padStart(10)} ${kB(b.lazy).padStart(
        10,
      )}`,
    );
  }
  console.log('');
  console.log(
    '  Method: initial = chunks of stats.entrypoints (the scripts index.html loads), all others lazy;',
  );
  console.log(
    '  each minified byte credited to the source file of its source-map segment; "gzip added" =',
  );
  console.log(
    '  gzip(chunk) - gzip(chunk without those bytes), summed over chunks.',
  );
}

async function main() {
  if (distArg) {
    analyse(distArg);
    return;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-size-'));
  let ok = false;
  try {
    const dist = await build(work);
    analyse(dist);
    ok = true;
  } finally {
    if (keep || !ok) log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(`bundle-size: ${error.message}`);
  process.exit(1);
});
