// @ts-check

/**
 * The schema each dataset's producers last reported over OpenLineage (the
 * `schema` facet of a completed run's outputs, or of a DatasetEvent): what
 * the data-contract health check compares with a Dataset's declared columns.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ml_dataset_schemas', table => {
    table.comment('Latest schema reported for each dataset over OpenLineage');
    table
      .string('openlineage_key', 511)
      .primary()
      .comment('OpenLineage namespace/name of the dataset');
    table.text('fields').notNullable().comment('JSON list of { name, type }');
    table
      .string('observed_at', 64)
      .notNullable()
      .comment('eventTime of the event that carried it, ISO 8601 UTC');
    table
      .string('source', 511)
      .notNullable()
      .comment('The job (namespace/name) or DatasetEvent that reported it');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ml_dataset_schemas');
};
