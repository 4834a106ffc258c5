// @ts-check

/**
 * Registry sync: the last good copy of every registered model each configured
 * registry holds, and a log of every sync run. Rows are never removed by a
 * sync: a model the registry stops listing is marked deleted and kept.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ml_registry_models', table => {
    table.comment('Registered models as last read from each registry');
    table.string('registry_id', 63).notNullable();
    table.string('name', 255).notNullable();
    table
      .text('snapshot')
      .notNullable()
      .comment('JSON: the model, its versions, runs, metrics and datasets');
    table
      .string('hash', 64)
      .notNullable()
      .comment('Hash of the snapshot; equal means nothing to write');
    table.string('first_seen_at', 30).notNullable();
    table
      .string('changed_at', 30)
      .notNullable()
      .comment('When the snapshot last changed');
    table
      .string('deleted_at', 30)
      .nullable()
      .comment('When a complete listing first missed the model');
    table.primary(['registry_id', 'name']);
  });

  await knex.schema.createTable('ml_registry_sync_runs', table => {
    table.comment('Every registry sync, its outcome and why it failed');
    table.bigIncrements('id').primary();
    table.string('registry_id', 63).notNullable();
    table.string('trigger', 16).notNullable();
    table.string('replica', 255).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('running, succeeded, partial or failed');
    table.string('started_at', 30).notNullable();
    table.string('finished_at', 30).nullable();
    table.text('error').nullable();
    table.integer('models_seen').notNullable().defaultTo(0);
    table.integer('models_written').notNullable().defaultTo(0);
    table.integer('models_skipped').notNullable().defaultTo(0);
    table.integer('models_deleted').notNullable().defaultTo(0);
    table.text('skipped').nullable().comment('JSON: [{model, reason}]');
    table.index(['registry_id', 'id'], 'ml_registry_sync_runs_registry_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ml_registry_sync_runs');
  await knex.schema.dropTable('ml_registry_models');
};
