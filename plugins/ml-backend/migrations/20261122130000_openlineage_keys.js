// @ts-check

/**
 * Datasets name their OpenLineage identity (`namespace/name`) in an annotation;
 * the index keeps it so run events can be matched to catalog Datasets.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lineage_nodes', table => {
    table
      .string('openlineage_key', 511)
      .nullable()
      .comment('OpenLineage namespace/name of a Dataset, from its annotation');
    table.index(['openlineage_key'], 'lineage_nodes_openlineage_key_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('lineage_nodes', table => {
    table.dropIndex(['openlineage_key'], 'lineage_nodes_openlineage_key_idx');
    table.dropColumn('openlineage_key');
  });
};
