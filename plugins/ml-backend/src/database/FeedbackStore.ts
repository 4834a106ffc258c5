import type { Knex } from 'knex';
import type {
  ImprovementRequest,
  ImprovementStatus,
  ImprovementUrgency,
  RatingSummary,
  Review,
} from '@ml-marketplace/plugin-ml-common';

interface ReviewRow {
  entity_ref: string;
  user_ref: string;
  rating: number;
  text: string | null;
  created_at: string;
  updated_at: string;
  reply_by: string | null;
  reply_text: string | null;
  replied_at: string | null;
}

interface RequestRow {
  id: string;
  entity_ref: string;
  user_ref: string;
  what: string;
  why: string;
  urgency: ImprovementUrgency;
  status: ImprovementStatus;
  created_at: string;
  updated_at: string;
  status_by: string | null;
  status_at: string | null;
  status_note: string | null;
}

/** An asset's mean stars (one decimal) and number of ratings. */
export interface RatingOverview {
  average: number;
  count: number;
}

const toReview = (row: ReviewRow): Review => ({
  entityRef: row.entity_ref,
  by: row.user_ref,
  rating: Number(row.rating),
  ...(row.text && { text: row.text }),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  ...(row.reply_by &&
    row.reply_text &&
    row.replied_at && {
      reply: { by: row.reply_by, text: row.reply_text, at: row.replied_at },
    }),
});

const toRequest = (row: RequestRow): ImprovementRequest => ({
  id: row.id,
  entityRef: row.entity_ref,
  by: row.user_ref,
  what: row.what,
  why: row.why,
  urgency: row.urgency,
  status: row.status,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  ...(row.status_by &&
    row.status_at && {
      statusChange: {
        by: row.status_by,
        at: row.status_at,
        ...(row.status_note && { note: row.status_note }),
      },
    }),
});

/** Mean of `sum / count` stars with one decimal. */
const meanOf = (sum: number, count: number) =>
  Math.round((sum / count) * 10) / 10;

/** Open and accepted requests first (still to do), then newest first. */
const STATUS_ORDER: Record<ImprovementStatus, number> = {
  open: 0,
  accepted: 0,
  done: 1,
  declined: 1,
};

/**
 * Reviews (`ml_reviews`) and improvement requests (`ml_improvement_requests`).
 * Refs are expected lower case, as every table of the plugin holds them.
 */
export class FeedbackStore {
  constructor(private readonly db: Knex) {}

  /** An asset's reviews, most recently written first. */
  async reviews(entityRef: string): Promise<Review[]> {
    const rows: ReviewRow[] = await this.db('ml_reviews')
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'updated_at', order: 'desc' },
        { column: 'user_ref', order: 'asc' },
      ]);
    return rows.map(toReview);
  }

  async review(
    entityRef: string,
    userRef: string,
  ): Promise<Review | undefined> {
    const row: ReviewRow | undefined = await this.db('ml_reviews')
      .where({ entity_ref: entityRef, user_ref: userRef })
      .first();
    return row && toReview(row);
  }

  /**
   * Writes a user's rating and review of an asset: the first creates it, a
   * later one edits it (an owner's reply stays). `created` tells which.
   */
  async saveReview(review: {
    entityRef: string;
    userRef: string;
    rating: number;
    text?: string;
    now: string;
  }): Promise<{ review: Review; created: boolean }> {
    const { entityRef, userRef, rating, text, now } = review;
    const key = { entity_ref: entityRef, user_ref: userRef };
    return this.db.transaction(async tx => {
      const updated = await tx('ml_reviews')
        .where(key)
        .update({ rating, text: text || null, updated_at: now });
      const created = updated === 0;
      if (created) {
        // Two first reviews at once: the later one edits the earlier.
        await tx('ml_reviews')
          .insert({
            ...key,
            rating,
            text: text || null,
            created_at: now,
            updated_at: now,
          })
          .onConflict(['entity_ref', 'user_ref'])
          .merge(['rating', 'text', 'updated_at']);
      }
      const row: ReviewRow = await tx('ml_reviews').where(key).first();
      return { review: toReview(row), created };
    });
  }

  /** Removes a user's review of an asset; whether there was one. */
  async deleteReview(entityRef: string, userRef: string): Promise<boolean> {
    const deleted = await this.db('ml_reviews')
      .where({ entity_ref: entityRef, user_ref: userRef })
      .delete();
    return deleted > 0;
  }

  /** An owner's reply to a review, replacing an earlier one; undefined without that review. */
  async reply(reply: {
    entityRef: string;
    reviewer: string;
    by: string;
    text: string;
    now: string;
  }): Promise<Review | undefined> {
    const key = { entity_ref: reply.entityRef, user_ref: reply.reviewer };
    const updated = await this.db('ml_reviews').where(key).update({
      reply_by: reply.by,
      reply_text: reply.text,
      replied_at: reply.now,
    });
    if (!updated) return undefined;
    return this.review(reply.entityRef, reply.reviewer);
  }

  /** Mean, count and distribution of an asset's ratings. */
  async ratingSummary(entityRef: string): Promise<RatingSummary> {
    const rows: Array<{ rating: number; n: number | string }> = await this.db(
      'ml_reviews',
    )
      .where({ entity_ref: entityRef })
      .groupBy('rating')
      .select('rating', this.db.raw('count(*) as n'));
    const distribution: RatingSummary['distribution'] = [0, 0, 0, 0, 0];
    let sum = 0;
    let count = 0;
    for (const row of rows) {
      const stars = Number(row.rating);
      const n = Number(row.n);
      if (stars >= 1 && stars <= 5) distribution[stars - 1] += n;
      sum += stars * n;
      count += n;
    }
    return {
      ...(count && { average: meanOf(sum, count) }),
      count,
      distribution,
    };
  }

  /** Mean and count of every rated asset's ratings, in one query, by ref. */
  async ratingOverviews(): Promise<Map<string, RatingOverview>> {
    const rows: Array<{
      entity_ref: string;
      total: number | string;
      n: number | string;
    }> = await this.db('ml_reviews')
      .groupBy('entity_ref')
      .select(
        'entity_ref',
        this.db.raw('sum(rating) as total'),
        this.db.raw('count(*) as n'),
      );
    return new Map(
      rows.map(row => [
        row.entity_ref,
        {
          average: meanOf(Number(row.total), Number(row.n)),
          count: Number(row.n),
        },
      ]),
    );
  }

  /** An asset's improvement requests: open and accepted first, then newest first. */
  async requests(entityRef: string): Promise<ImprovementRequest[]> {
    const rows: RequestRow[] = await this.db('ml_improvement_requests')
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ]);
    // A stable sort keeps newest first within each group.
    return rows
      .map(toRequest)
      .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  }

  async request(id: string): Promise<ImprovementRequest | undefined> {
    const row: RequestRow | undefined = await this.db('ml_improvement_requests')
      .where({ id })
      .first();
    return row && toRequest(row);
  }

  async addRequest(request: {
    id: string;
    entityRef: string;
    userRef: string;
    what: string;
    why: string;
    urgency: ImprovementUrgency;
    now: string;
  }): Promise<ImprovementRequest> {
    const row: RequestRow = {
      id: request.id,
      entity_ref: request.entityRef,
      user_ref: request.userRef,
      what: request.what,
      why: request.why,
      urgency: request.urgency,
      status: 'open',
      created_at: request.now,
      updated_at: request.now,
      status_by: null,
      status_at: null,
      status_note: null,
    };
    await this.db('ml_improvement_requests').insert(row);
    return toRequest(row);
  }

  /** Records an owner's status change; undefined when there is no such request. */
  async setStatus(change: {
    id: string;
    status: ImprovementStatus;
    by: string;
    note?: string;
    now: string;
  }): Promise<ImprovementRequest | undefined> {
    const updated = await this.db('ml_improvement_requests')
      .where({ id: change.id })
      .update({
        status: change.status,
        status_by: change.by,
        status_at: change.now,
        status_note: change.note || null,
        updated_at: change.now,
      });
    if (!updated) return undefined;
    return this.request(change.id);
  }
}
