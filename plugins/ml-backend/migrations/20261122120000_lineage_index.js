// @ts-check

/**
 * The lineage index: one row per catalog entity that takes part in lineage and
 * one row per directed lineage edge (upstream -> downstream), with the entity
 * whose relations declared it, so an entity's edges can be replaced on change.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lineage_nodes', table => {
    table.comment('Catalog entities known to the lineage index');
    table
      .string('ref', 255)
      .primary()
      .notNullable()
      .comment('Entity ref, lower case');
    table.string('kind', 63).notNullable();
    table.string('title', 255).nullable();
    table.string('owner', 255).nullable().comment('Ref of the owning group');
    table.string('lifecycle', 63).nullable();
    table
      .string('etag', 255)
      .notNullable()
      .comment('Catalog etag when indexed');
  });
  await knex.schema.createTable('lineage_edges', table => {
    table.comment('Directed lineage edges, upstream to downstream');
    table.string('source_ref', 255).notNullable();
    table.string('target_ref', 255).notNullable();
    table
      .string('type', 63)
      .notNullable()
      .comment('Relation as declared, e.g. trainedOn');
    table
      .string('declared_by', 255)
      .notNullable()
      .comment('Entity whose relations hold it');
    table.primary(['source_ref', 'target_ref', 'type', 'declared_by']);
    table.index(['target_ref'], 'lineage_edges_target_idx');
    table.index(['declared_by'], 'lineage_edges_declared_by_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lineage_edges');
  await knex.schema.dropTable('lineage_nodes');
};
