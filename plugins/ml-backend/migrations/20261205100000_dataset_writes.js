// @ts-check

/**
 * When each dataset was last written, from completed OpenLineage runs that
 * name it as an output: what the data-freshness health check compares with
 * a Dataset's declared `spec.freshness`. One row per dataset (its
 * OpenLineage `namespace/name`), the latest write kept.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ml_dataset_writes', table => {
    table.comment('Latest completed OpenLineage run writing each dataset');
    table
      .string('openlineage_key', 511)
      .primary()
      .comment('OpenLineage namespace/name of the dataset');
    table
      .string('written_at', 64)
      .notNullable()
      .comment('eventTime of the run, ISO 8601 UTC');
    table
      .string('job', 511)
      .notNullable()
      .comment('OpenLineage namespace/name of the job that wrote it');
    table.string('run_id', 64).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ml_dataset_writes');
};
