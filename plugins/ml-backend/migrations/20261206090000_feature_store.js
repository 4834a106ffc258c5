// @ts-check

/**
 * Feature store sync: the last good copy of every feature view and feature
 * service each configured feature store (Feast) holds. Runs are logged in
 * ml_registry_sync_runs beside the model registries'. Rows are never removed
 * by a sync: an object a complete listing misses is marked deleted and kept.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ml_feature_store_objects', table => {
    table.comment('Feature views and services as last read from each store');
    table.string('registry_id', 63).notNullable();
    table.string('object_type', 16).notNullable().comment('view or service');
    table.string('project', 255).notNullable();
    table.string('name', 255).notNullable();
    table
      .text('snapshot')
      .notNullable()
      .comment('JSON FeatureStoreView or FeatureStoreService');
    table
      .string('hash', 64)
      .notNullable()
      .comment('Hash of the snapshot; equal means nothing to write');
    table.string('first_seen_at', 30).notNullable();
    table.string('changed_at', 30).notNullable();
    table
      .string('deleted_at', 30)
      .nullable()
      .comment('When a complete listing first missed the object');
    table.primary(['registry_id', 'object_type', 'project', 'name']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ml_feature_store_objects');
};
