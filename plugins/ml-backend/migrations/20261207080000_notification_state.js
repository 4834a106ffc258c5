// @ts-check

/**
 * What the ML backend last told people, one row per notification scope
 * (asset, topic, key): a notice is sent again only when its state changes,
 * because every repeat makes the user's notification unread again, and a
 * condition that ends is announced as resolved to the same recipients.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ml_notification_state', table => {
    table.comment('Last notice sent per scope, to send only on change');
    table
      .string('scope', 255)
      .primary()
      .comment('The notification scope: ml:<topic>:<asset ref>[:<key>]');
    table
      .string('asset_ref', 255)
      .notNullable()
      .index()
      .comment('Lower-case ref of the asset the notice is about');
    table.string('topic', 64).notNullable().comment('e.g. ml.health');
    table
      .text('state')
      .notNullable()
      .comment('What was true when the notice was sent (rule-specific)');
    table
      .text('recipients')
      .notNullable()
      .comment('JSON array of the entity refs that were told');
    table
      .text('resolved_title')
      .nullable()
      .comment('Title to send when the condition ends; null for news');
    table
      .string('notified_at', 64)
      .notNullable()
      .comment('When the state was recorded, ISO 8601 UTC');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ml_notification_state');
};
