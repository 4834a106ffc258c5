// @ts-check

/**
 * Health checks, certification and the audit log. Everything here is computed
 * by the ML backend and never written into catalog entities. Times are ISO 8601
 * UTC strings: they sort as text and read the same on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ml_assets', table => {
    table.comment('ML entities the health sweep has seen');
    table.string('ref', 255).primary().notNullable();
    table.string('kind', 63).notNullable();
    table.string('lifecycle', 63).nullable();
    table
      .string('spec_hash', 64)
      .notNullable()
      .comment('Hash of the entity as last checked; a change is an update');
    table.string('first_seen_at', 30).notNullable();
    table
      .string('updated_at', 30)
      .notNullable()
      .comment('When the entity last changed (new spec, evaluation, version)');
    table
      .string('status', 8)
      .nullable()
      .comment('Worst health-check status: pass, warn or fail');
    table
      .string('results_hash', 64)
      .notNullable()
      .comment('Hash of the latest results; equal means nothing to write');
    table.string('checked_at', 30).notNullable();
  });

  await knex.schema.createTable('ml_health_results', table => {
    table.comment('Latest result of each check on each ML entity');
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 127).notNullable();
    table.string('status', 8).notNullable();
    table.text('message').notNullable();
    table.text('fix_hint').nullable();
    table
      .string('since', 30)
      .notNullable()
      .comment('Since when the check has said this');
    table.primary(['entity_ref', 'check_id']);
  });

  await knex.schema.createTable('ml_health_history', table => {
    table.comment('Every change of a check result, append-only');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 127).notNullable();
    table.string('status', 8).notNullable();
    table.text('message').notNullable();
    table.string('at', 30).notNullable();
    table.index(['entity_ref', 'at'], 'ml_health_history_entity_idx');
  });

  await knex.schema.createTable('ml_health_sweeps', table => {
    table.comment('One row per health sweep, scheduled or requested');
    table.bigIncrements('id').primary();
    table.string('instance', 127).notNullable().comment('Backend that ran it');
    table.string('trigger', 16).notNullable().comment('schedule or manual');
    table.string('started_at', 30).notNullable();
    table.string('finished_at', 30).nullable();
    table.string('outcome', 16).nullable().comment('done, aborted or failed');
    table.integer('assets').notNullable().defaultTo(0);
    table.integer('written').notNullable().defaultTo(0);
    table.integer('errors').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('ml_certificates', table => {
    table.comment('Current certification of each ML entity');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('level', 63).nullable();
    table.string('issued_at', 30).nullable();
    table.string('expires_at', 30).nullable();
    table.text('evidence').notNullable().comment('JSON list of requirements');
    table.string('revoked_by', 255).nullable();
    table.string('revoked_at', 30).nullable();
    table.text('revoke_reason').nullable();
    table
      .integer('version')
      .notNullable()
      .defaultTo(0)
      .comment('Optimistic lock: every update bumps it');
  });

  await knex.schema.createTable('ml_approvals', table => {
    table.comment('Reviewer approvals, append-only');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('approved_by', 255).notNullable();
    table.text('reason').notNullable();
    table.string('approved_at', 30).notNullable();
    table.string('expires_at', 30).notNullable();
    table.string('revoked_at', 30).nullable();
    table.index(['entity_ref'], 'ml_approvals_entity_idx');
  });

  await knex.schema.createTable('ml_audit_log', table => {
    table.comment('Every certification change, append-only');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('action', 16).notNullable();
    table.string('from_level', 63).nullable();
    table.string('to_level', 63).nullable();
    table.string('actor', 255).notNullable();
    table.text('reason').notNullable();
    table.string('at', 30).notNullable();
    table.index(['entity_ref', 'id'], 'ml_audit_log_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of [
    'ml_audit_log',
    'ml_approvals',
    'ml_certificates',
    'ml_health_sweeps',
    'ml_health_history',
    'ml_health_results',
    'ml_assets',
  ]) {
    await knex.schema.dropTable(name);
  }
};
