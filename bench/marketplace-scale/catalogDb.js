/*
 * A catalog database holding a processed and stitched snapshot (snapshot.js),
 * as a live catalog's processing engine and stitcher would leave it: the
 * catalog's own migrations, then in bulk the rows they write per entity —
 * refresh_state (processed, next refresh far away so nothing is reprocessed
 * while we measure), refresh_state_references (from the entity provider
 * PROVIDER, which child.js registers so the catalog keeps its entities),
 * relations, final_entities (with a publication generation each, and the
 * generation counter after them) and search. The secondary indexes
 * of search and relations are dropped for the load and created again after
 * it with the catalog's own SQL (the unique one then also checks there are
 * no duplicate search rows). No ANALYZE: the
 * catalog does not run one on SQLite either.
 */
const path = require('node:path');

const PROVIDER = 'marketplace-scale';

const CATALOG_BACKEND = path.dirname(
  require.resolve('@backstage/plugin-catalog-backend/package.json'),
);

async function migrate(file) {
  const knex = require('knex')({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  try {
    const { applyDatabaseMigrations } = require(path.join(
      CATALOG_BACKEND,
      'dist/database/migrations.cjs.js',
    ));
    await applyDatabaseMigrations(knex);
  } finally {
    await knex.destroy();
  }
}

/**
 * Opens a migrated catalog database at `file` for bulk loading; returns
 * { add(row), finish() -> counts }, row as snapshot.js gives it.
 */
async function catalogDbWriter(file) {
  await migrate(file);
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  const tables = [
    'refresh_state',
    'refresh_state_references',
    'relations',
    'final_entities',
    'search',
  ];
  // The two big tables' indexes; the others' unique indexes are foreign key
  // targets and stay.
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('search', 'relations')`,
    )
    .all();
  for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);

  const now = db.prepare('SELECT CURRENT_TIMESTAMP AS now').get().now;
  const insertState = db.prepare(
    `INSERT INTO refresh_state (entity_id, entity_ref, unprocessed_entity, processed_entity, cache, errors, next_update_at, last_discovery_at, location_key, result_hash, unprocessed_hash)
     VALUES (?, ?, ?, ?, ?, '[]', '2100-01-01 00:00:00', ?, ?, ?, ?)`,
  );
  const insertReference = db.prepare(
    `INSERT INTO refresh_state_references (source_key, target_entity_ref) VALUES (?, ?)`,
  );
  const insertRelation = db.prepare(
    `INSERT INTO relations (originating_entity_id, source_entity_ref, type, target_entity_ref) VALUES (?, ?, ?, ?)`,
  );
  const insertFinal = db.prepare(
    `INSERT INTO final_entities (entity_id, hash, final_entity, last_updated_at, entity_ref, generation) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insertSearch = db.prepare(
    `INSERT INTO search (entity_id, key, value, original_value) VALUES (?, ?, ?, ?)`,
  );
  const crypto = require('node:crypto');
  let generation = 0;
  db.exec('BEGIN');
  return {
    add(row) {
      generation++;
      insertState.run(
        row.entityId,
        row.entityRef,
        row.unprocessed,
        row.processed,
        row.cache,
        now,
        row.locationKey,
        row.resultHash,
        crypto.createHash('sha1').update(row.unprocessed).digest('hex'),
      );
      insertReference.run(PROVIDER, row.entityRef);
      for (const r of row.relations) {
        insertRelation.run(
          row.entityId,
          r.source_entity_ref,
          r.type,
          r.target_entity_ref,
        );
      }
      insertFinal.run(
        row.entityId,
        row.hash,
        row.final,
        now,
        row.entityRef,
        generation,
      );
      for (const s of row.search) {
        insertSearch.run(s.entity_id, s.key, s.value, s.original_value);
      }
    },
    finish() {
      db.prepare(
        'UPDATE catalog_generation_counter SET generation = ? WHERE id = 1',
      ).run(generation);
      db.exec('COMMIT');
      for (const { sql } of indexes) db.exec(sql);
      db.pragma('journal_mode = DELETE');
      const count = table =>
        db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get().n;
      const counts = Object.fromEntries(tables.map(t => [t, count(t)]));
      db.close();
      return counts;
    },
  };
}

module.exports = { catalogDbWriter, PROVIDER };
