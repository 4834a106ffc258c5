// @ts-check

/**
 * Each health-check result and history entry keeps its severity (error,
 * warning or advice): only an error makes an asset failing. Rows written
 * before count as errors, as they did, until the next sweep rewrites them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const name of ['ml_health_results', 'ml_health_history']) {
    await knex.schema.alterTable(name, table => {
      table
        .string('severity', 16)
        .notNullable()
        .defaultTo('error')
        .comment('error, warning or advice: what a finding means for users');
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of ['ml_health_results', 'ml_health_history']) {
    await knex.schema.alterTable(name, table => {
      table.dropColumn('severity');
    });
  }
};
