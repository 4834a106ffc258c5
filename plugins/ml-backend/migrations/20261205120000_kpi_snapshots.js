// @ts-check

/**
 * One row per day with the marketplace's KPIs across every asset, written by
 * the daily snapshot task (once across replicas): what the KPI page's trend
 * charts read. `demo` marks rows seeded for the demo rather than measured.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ml_kpi_snapshots', table => {
    table.comment('Daily snapshot of the marketplace KPIs, for trends');
    table.string('day', 10).primary().comment('YYYY-MM-DD, UTC');
    table
      .string('taken_at', 64)
      .notNullable()
      .comment('When the figures were computed, ISO 8601 UTC');
    table
      .boolean('demo')
      .notNullable()
      .defaultTo(false)
      .comment('Seeded for the demo, not measured');
    table.text('figures').notNullable().comment('JSON KpiSnapshot figures');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ml_kpi_snapshots');
};
