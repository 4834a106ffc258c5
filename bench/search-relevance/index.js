#!/usr/bin/env node
/*
 * `npm run bench -- search-relevance [--verbose] [--reps 3] [--data DIR]`
 *
 * How well the marketplace's search (GET /api/ml/marketplace) ranks ML assets
 * next to Backstage's own search (GET /api/search/query, the Lunr engine over
 * the catalog collator's documents, which the demo uses on SQLite), on judged
 * queries. Starts the demo backend (packages/backend, embedded SQLite; without
 * the CLI's file watcher, see lib/backend.js) on app-config.yaml plus an extra
 * config (lib/corpus.js) that adds the bench catalog DIR/catalog/*.yaml
 * (default DIR: this directory) to the example catalog, waits until the
 * catalog holds every entity of both (counted from the YAML), runs the lineage index, a health sweep and the search
 * collator once, and checks that the marketplace lists every ML asset and the
 * search index holds every entity. Then asks both engines for their top 10 of
 * each query of DIR/queries.json (`[{ q, relevant: { ref: grade 1-3 } }]`),
 * signed in as the demo's reviewer, user:default/ada, an admin who may read
 * everything (the examples have restricted datasets, which the guest cannot
 * see).
 *
 * Prints, per engine and as the ratio marketplace / Backstage: nDCG@10,
 * recall@10, MRR, zero-result queries and the mean latency per query (client
 * side, warm: one unmeasured pass first, then --reps passes, engines
 * alternating first). --verbose adds the queries whose marketplace top 10
 * misses every grade-3 asset. Writes the figures, per query too, to
 * test-results/bench/search-relevance.json. Backstage search ranks every
 * catalog kind (components, groups, templates, ...), the marketplace only ML
 * assets: that is part of what is compared.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  ROOT,
  BACKEND,
  until,
  assertPortsFree,
  stopAll,
} = require('../lib/portal');
const { startBackend } = require('./lib/backend');
const { loadCorpus, benchConfig, byKind } = require('./lib/corpus');
const client = require('./lib/client');
const { K, MRR_MIN_GRADE, scoreQuery, summarise } = require('./lib/metrics');

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? fallback : argv[i + 1];
};
const VERBOSE = argv.includes('--verbose');
const REPS = Number(option('reps', 3));
const DATA = path.resolve(option('data', __dirname));
const OUT = path.join(ROOT, 'test-results/bench/search-relevance.json');
const USER = 'user:default/ada';

/** A path relative to the repository when inside it. */
const shown = p =>
  path.relative(ROOT, p).startsWith('..') ? p : path.relative(ROOT, p);
const log = msg => process.stderr.write(`[search-relevance] ${msg}\n`);

/** Waits until both engines hold the whole corpus; returns the sizes seen. */
async function prepare(corpus) {
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;
  await until(
    async () => (await fetch(`${BACKEND}/.backstage/health/v1/readiness`)).ok,
  );
  await until(client.signIn, 120_000);
  let missing = corpus.all;
  await until(async () => {
    missing = await client.missingFromCatalog(corpus.all);
    return missing.length === 0;
  }, 600_000).catch(() => {
    throw new Error(
      `the catalog still lacks ${
        missing.length
      } expected entities, e.g. ${missing
        .slice(0, 5)
        .join(', ')} (see the backend's log)`,
    );
  });
  log(
    `catalog holds all ${corpus.all.length} expected entities after ${since()}`,
  );
  // In the demo these run on schedules; here once, now that the catalog is complete.
  await client.runTask('ml', 'ml-lineage-index');
  await client.runTask('ml', 'ml-health-sweep');
  await client.runTask('search', 'search_index_software_catalog');
  // The marketplace builds its index on this first request, then keeps it.
  const marketplaceAssets = await client.marketplaceTotal();
  if (marketplaceAssets !== corpus.mlAssets.length) {
    throw new Error(
      `the marketplace lists ${marketplaceAssets} assets, the YAML has ${corpus.mlAssets.length}`,
    );
  }
  const indexed = await client.indexedRefs();
  const notIndexed = corpus.all.filter(ref => !indexed.has(ref));
  if (notIndexed.length) {
    throw new Error(
      `the search index lacks ${notIndexed.length} entities, e.g. ${notIndexed
        .slice(0, 5)
        .join(', ')}`,
    );
  }
  log(
    `lineage, health sweep, search index and marketplace ready after ${since()}`,
  );
  return {
    catalogEntities: await client.catalogSize(),
    marketplaceAssets,
    searchDocuments: indexed.size,
  };
}

/** Both engines' top 10 for every query, timed over REPS warm passes. */
async function evaluate(queries) {
  const engines = {
    marketplace: client.marketplaceTop10,
    backstage: client.backstageTop10,
  };
  const runs = queries.map(() => ({ marketplace: [], backstage: [] }));
  for (let pass = 0; pass <= REPS; pass++) {
    for (const [i, { q }] of queries.entries()) {
      const order = Object.keys(engines);
      if ((i + pass) % 2) order.reverse();
      for (const name of order) {
        const result = await engines[name](q);
        if (pass > 0) runs[i][name].push(result); // pass 0 warms up
      }
    }
  }
  return queries.map(({ q, relevant }, i) => {
    const row = { q };
    for (const name of Object.keys(engines)) {
      const [first] = runs[i][name];
      row[name] = {
        ...scoreQuery(first.refs, relevant),
        total: first.total,
        ms: runs[i][name].reduce((s, r) => s + r.ms, 0) / REPS,
        top10: first.refs,
      };
    }
    return row;
  });
}

const ratio = (a, b) => (b ? a / b : null);

function report(corpus, sizes, perQuery) {
  const mk = summarise(perQuery.map(r => r.marketplace));
  const bs = summarise(perQuery.map(r => r.backstage));
  const n = perQuery.length;
  const rows = [
    ['nDCG@10', 'ndcg10', v => v.toFixed(3)],
    ['recall@10 (capped)', 'recall10', v => v.toFixed(3)],
    ['recall@10 (uncapped)', 'recall10Uncapped', v => v.toFixed(3)],
    [`MRR (first grade >= ${MRR_MIN_GRADE})`, 'mrr', v => v.toFixed(3)],
    ['zero-result queries', 'zeroResultQueries', v => `${v} of ${n}`],
    ['mean latency, ms/query', 'meanLatencyMs', v => v.toFixed(1)],
  ];
  const sizesOf = refs =>
    Object.entries(byKind(refs))
      .map(([k, c]) => `${c} ${k}`)
      .join(', ');
  console.log(
    `Catalog: examples ${corpus.examples.length} entities (${sizesOf(
      corpus.examples,
    )})\n       + bench ${corpus.bench.length} entities (${sizesOf(
      corpus.bench,
    )}) from ${shown(path.join(DATA, 'catalog'))}\n` +
      `  catalog holds ${sizes.catalogEntities} entities (templates and locations too), ` +
      `marketplace lists ${sizes.marketplaceAssets} ML assets, search index ${sizes.searchDocuments} documents\n` +
      `Queries: ${n} judged, top ${K}, signed in as ${USER} (admin, sees restricted data); latency: mean of ${REPS} warm passes\n`,
  );
  console.log(
    `${'figure'.padEnd(28)}${'marketplace'.padStart(12)}${'Backstage'.padStart(
      12,
    )}${'marketplace/Backstage'.padStart(24)}`,
  );
  const ratios = {};
  for (const [label, key, fmt] of rows) {
    ratios[key] = ratio(mk[key], bs[key]);
    console.log(
      `${label.padEnd(28)}${fmt(mk[key]).padStart(12)}${fmt(bs[key]).padStart(
        12,
      )}${(ratios[key] === null
        ? 'n/a'
        : `${ratios[key].toFixed(2)}x`
      ).padStart(24)}`,
    );
  }
  console.log(
    `\nnDCG: linear gains (the grade), ideal from all judged grades; recall: share of assets judged >= 1 in the top ${K},` +
      `\n  capped: of min(${K}, judged) as BEIR's R_cap@${K} (a top ${K} cannot hold more), uncapped: of all judged;` +
      `\nMRR: 1/rank of the first result graded >= ${MRR_MIN_GRADE} in the top ${K}, else 0. Higher is better, except zero results and latency.`,
  );

  // Queries whose marketplace top 10 has none of their grade-3 assets.
  const misses = perQuery
    .map((row, i) => ({ row, relevant: corpus.queries[i].relevant }))
    .filter(({ row, relevant }) => {
      const best = Object.keys(relevant).filter(ref => relevant[ref] === 3);
      return (
        best.length && !best.some(ref => row.marketplace.top10.includes(ref))
      );
    });
  if (VERBOSE) {
    console.log(
      `\nQueries whose marketplace top ${K} misses every grade-3 asset: ${misses.length} of ${n}`,
    );
    for (const { row, relevant } of misses) {
      console.log(
        `  "${row.q}"  nDCG ${row.marketplace.ndcg.toFixed(
          2,
        )} vs ${row.backstage.ndcg.toFixed(2)}, ${row.marketplace.total} hits`,
      );
      for (const ref of Object.keys(relevant).filter(r => relevant[r] === 3)) {
        console.log(
          `    wanted ${ref} (Backstage: ${
            row.backstage.top10.includes(ref)
              ? `rank ${row.backstage.top10.indexOf(ref) + 1}`
              : `not in top ${K}`
          })`,
        );
      }
      console.log(
        `    got    ${
          row.marketplace.top10
            .map(ref => `${ref}${relevant[ref] ? ` [${relevant[ref]}]` : ''}`)
            .join(', ') || '(nothing)'
        }`,
      );
    }
  }

  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(
    OUT,
    `${JSON.stringify(
      {
        data: DATA,
        signedInAs: USER,
        catalog: {
          examples: {
            entities: corpus.examples.length,
            byKind: byKind(corpus.examples),
          },
          bench: {
            entities: corpus.bench.length,
            byKind: byKind(corpus.bench),
          },
          ...sizes,
        },
        queries: n,
        reps: REPS,
        definitions: {
          ndcg10: 'linear gains, ideal from the judged grades',
          recall10:
            'share of assets judged >= 1 in the top 10, of min(10, judged) (capped, BEIR R_cap@10)',
          recall10Uncapped: 'share of all assets judged >= 1 in the top 10',
          mrr: `first result graded >= ${MRR_MIN_GRADE} in the top 10`,
          meanLatencyMs: 'client side, warm, mean over reps',
        },
        marketplace: mk,
        backstage: bs,
        ratioMarketplaceToBackstage: ratios,
        marketplaceMissesAllGrade3: misses.map(m => m.row.q),
        perQuery,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nFigures written to ${path.relative(ROOT, OUT)}`);
}

async function main() {
  if (!Number.isInteger(REPS) || REPS < 1)
    throw new Error('--reps needs a whole number from 1');
  const corpus = loadCorpus(DATA);
  for (const w of corpus.warnings) log(`warning: ${w}`);
  log(
    `expecting ${corpus.examples.length} example + ${corpus.bench.length} bench entities, ${corpus.mlAssets.length} of them ML assets; ${corpus.queries.length} queries`,
  );
  await assertPortsFree([BACKEND]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-relevance-'));
  const configFile = path.join(dir, 'app-config.bench.yaml');
  fs.writeFileSync(configFile, benchConfig(corpus));
  const backend = startBackend(
    [path.join(ROOT, 'app-config.yaml'), configFile],
    path.join(dir, 'backend.log'),
  );
  let ok = false;
  const stop = () => {
    stopAll([backend]);
    // Keep the backend's log when something went wrong.
    if (ok) fs.rmSync(dir, { recursive: true, force: true });
    else log(`backend log kept in ${dir}`);
  };
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    const sizes = await Promise.race([prepare(corpus), backend.exited]);
    const perQuery = await Promise.race([
      evaluate(corpus.queries),
      backend.exited,
    ]);
    report(corpus, sizes, perQuery);
    ok = true;
  } finally {
    stop();
  }
}

main().catch(error => {
  console.error(`search-relevance: ${error.message}`);
  process.exit(1);
});
