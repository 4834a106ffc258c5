// @ts-check

/**
 * Uses of ML assets that people declared ("I use this"): one row per asset
 * and consumer, with who declared it, when and why. Each row is also a
 * lineage edge (asset -> consumer, `declared_by` = `user-declared:<consumer>`)
 * so lineage, impact, reuse counts and notifications see it; this table is
 * what those edges are rebuilt from. Refs are lower case, times ISO 8601 UTC
 * strings. Lengths follow the contract in ml-common (`api/adoption.ts`);
 * PostgreSQL enforces them, SQLite does not.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ml_declared_uses', table => {
    table.comment(
      'Uses of ML assets declared by people, one per asset and consumer',
    );
    table
      .string('asset_ref', 255)
      .notNullable()
      .comment('Lower-case ref of the used asset');
    table
      .string('consumer_ref', 255)
      .notNullable()
      .comment('Lower-case ref of the entity that uses it');
    table
      .string('declared_by', 255)
      .notNullable()
      .comment('Lower-case ref of the user who declared the use');
    table.string('declared_at', 30).notNullable();
    table
      .string('note', 280)
      .nullable()
      .comment('How or what for, at most 280 characters');
    table.primary(['asset_ref', 'consumer_ref']);
    table.index(['consumer_ref'], 'ml_declared_uses_consumer_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // The edges the declarations put into the lineage index go with them.
  await knex('lineage_edges')
    .where('declared_by', 'like', 'user-declared:%')
    .delete();
  await knex.schema.dropTable('ml_declared_uses');
};
