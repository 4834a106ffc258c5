// @ts-check

/**
 * Feedback on ML assets: one rating with an optional review per user and
 * asset (editable, owners may reply), and improvement requests whose status
 * owners move on. Refs are lower case, times ISO 8601 UTC strings. Lengths
 * follow the contract in ml-common (`api/feedback.ts`); PostgreSQL enforces
 * them, SQLite does not, so free text is `text`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ml_reviews', table => {
    table.comment('Ratings and reviews of ML assets, one per user and asset');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Lower-case ref of the reviewed asset');
    table
      .string('user_ref', 255)
      .notNullable()
      .comment('Lower-case ref of the reviewer');
    table.integer('rating').notNullable().comment('Stars, 1 to 5');
    table
      .text('text')
      .nullable()
      .comment('The review, at most 2000 characters; null for a rating alone');
    table.string('created_at', 30).notNullable();
    table
      .string('updated_at', 30)
      .notNullable()
      .comment('When the reviewer last changed rating or text');
    table
      .string('reply_by', 255)
      .nullable()
      .comment('Lower-case ref of the owner who replied');
    table.text('reply_text').nullable().comment('At most 2000 characters');
    table.string('replied_at', 30).nullable();
    table.unique(['entity_ref', 'user_ref'], {
      indexName: 'ml_reviews_entity_user_uniq',
    });
  });

  await knex.schema.createTable('ml_improvement_requests', table => {
    table.comment('Improvement requests on ML assets, with their status');
    table.string('id', 36).primary().comment('A random UUID');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Lower-case ref of the asset');
    table
      .string('user_ref', 255)
      .notNullable()
      .comment('Lower-case ref of the requester');
    table
      .string('what', 255)
      .notNullable()
      .comment('One-line summary, at most 140 characters');
    table.text('why').notNullable().comment('At most 2000 characters');
    table.string('urgency', 16).notNullable().comment('low, normal or high');
    table
      .string('status', 16)
      .notNullable()
      .comment('open, accepted, done or declined');
    table.string('created_at', 30).notNullable();
    table
      .string('updated_at', 30)
      .notNullable()
      .comment('When the request or its status last changed');
    table
      .string('status_by', 255)
      .nullable()
      .comment('Lower-case ref of the owner who last changed the status');
    table.string('status_at', 30).nullable();
    table
      .text('status_note')
      .nullable()
      .comment('Why, in the owner’s words; always given for declined');
    table.index(['entity_ref'], 'ml_improvement_requests_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ml_improvement_requests');
  await knex.schema.dropTable('ml_reviews');
};
