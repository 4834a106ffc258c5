// @ts-check

/**
 * The connector's fingerprint of each feature view as the store sent it, so
 * a re-sync recognises an unchanged view before validating and mapping it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ml_feature_store_objects', table => {
    table
      .string('fingerprint', 64)
      .nullable()
      .comment("The connector's digest of the view as the store sent it");
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ml_feature_store_objects', table => {
    table.dropColumn('fingerprint');
  });
};
