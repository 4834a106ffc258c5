import { z } from 'zod';
import { entityRefParam } from './queryParams';

/**
 * Feedback on an ML asset: ratings with short reviews (one per user, editable,
 * owners may reply) and structured improvement requests whose status owners
 * change. Served by `/api/ml/feedback`.
 */

/** Longest review, reply or request text a person may write, in characters. */
export const FEEDBACK_TEXT_MAX = 2000;
/** Longest one-line summary of an improvement request ("what"). */
export const FEEDBACK_TITLE_MAX = 140;

export const IMPROVEMENT_URGENCIES = ['low', 'normal', 'high'] as const;
export type ImprovementUrgency = (typeof IMPROVEMENT_URGENCIES)[number];

export const IMPROVEMENT_STATUSES = [
  'open',
  'accepted',
  'done',
  'declined',
] as const;
export type ImprovementStatus = (typeof IMPROVEMENT_STATUSES)[number];

/** Query of `GET /feedback` and of the routes that act on one asset's feedback. */
export const feedbackQuerySchema = z.object({
  entityRef: entityRefParam('model:default/churn-model'),
});

/** Text a person typed: trimmed, not empty, not longer than `max`. */
const personText = (field: string, max: number) =>
  z
    .string({
      error: issue =>
        issue.input === undefined
          ? `${field} is required`
          : `${field} must be text`,
    })
    .trim()
    .min(1, { error: `${field} is empty: write a few words` })
    .max(max, {
      error: issue =>
        `${field} is ${
          String(issue.input ?? '').length
        } characters long; keep it to ${max}`,
    });

/** Body of `PUT /feedback/reviews?entityRef=`: the caller's own rating and review. */
export const reviewInputSchema = z.object({
  rating: z
    .number({ error: 'rating must be a whole number of stars from 1 to 5' })
    .int({ error: 'rating must be a whole number of stars from 1 to 5' })
    .min(1, { error: 'rating must be at least 1 star' })
    .max(5, { error: 'rating must be at most 5 stars' }),
  /** Optional: a rating alone is a review too. */
  text: z
    .string({ error: 'text must be text' })
    .trim()
    .max(FEEDBACK_TEXT_MAX, {
      error: issue =>
        `text is ${
          String(issue.input ?? '').length
        } characters long; keep it to ${FEEDBACK_TEXT_MAX}`,
    })
    .optional(),
});
export type ReviewInput = z.infer<typeof reviewInputSchema>;

/** Body of `POST /feedback/reviews/reply?entityRef=`: an owner answers one review. */
export const reviewReplyInputSchema = z.object({
  /** The user ref of the review being answered. */
  reviewer: z.string({ error: 'reviewer must name the review’s author' }),
  text: personText('text', FEEDBACK_TEXT_MAX),
});
export type ReviewReplyInput = z.infer<typeof reviewReplyInputSchema>;

/** Body of `POST /feedback/requests?entityRef=`. */
export const improvementRequestInputSchema = z.object({
  what: personText('what', FEEDBACK_TITLE_MAX),
  why: personText('why', FEEDBACK_TEXT_MAX),
  urgency: z.enum(IMPROVEMENT_URGENCIES, {
    error: `urgency must be one of ${IMPROVEMENT_URGENCIES.join(', ')}`,
  }),
});
export type ImprovementRequestInput = z.infer<
  typeof improvementRequestInputSchema
>;

/** Body of `PATCH /feedback/requests/:id`: an owner moves a request on. */
export const improvementStatusInputSchema = z
  .object({
    status: z.enum(IMPROVEMENT_STATUSES, {
      error: `status must be one of ${IMPROVEMENT_STATUSES.join(', ')}`,
    }),
    /** Why, in the owner's words; required when declining. */
    note: z
      .string({ error: 'note must be text' })
      .trim()
      .max(FEEDBACK_TEXT_MAX, {
        error: `note is too long; keep it to ${FEEDBACK_TEXT_MAX} characters`,
      })
      .optional(),
  })
  .refine(input => input.status !== 'declined' || Boolean(input.note), {
    path: ['note'],
    error:
      'note is required to decline: say why you decline the request, so its author knows what to do instead',
  });
export type ImprovementStatusInput = z.infer<
  typeof improvementStatusInputSchema
>;

export interface Review {
  entityRef: string;
  /** The author's user ref. */
  by: string;
  rating: number;
  text?: string;
  createdAt: string;
  updatedAt: string;
  reply?: { by: string; text: string; at: string };
}

export interface ImprovementRequest {
  id: string;
  entityRef: string;
  by: string;
  what: string;
  why: string;
  urgency: ImprovementUrgency;
  status: ImprovementStatus;
  createdAt: string;
  updatedAt: string;
  /** The last status change by an owner. */
  statusChange?: { by: string; at: string; note?: string };
}

export interface RatingSummary {
  /** Mean of the ratings, one decimal; absent without ratings. */
  average?: number;
  count: number;
  /** Number of ratings with 1, 2, 3, 4 and 5 stars (index 0 = 1 star). */
  distribution: [number, number, number, number, number];
}

/** Answer of `GET /feedback?entityRef=`. */
export interface AssetFeedback {
  entityRef: string;
  summary: RatingSummary;
  /** Newest first. */
  reviews: Review[];
  /** The caller's own review, if any (also in `reviews`). */
  mine?: Review;
  /** Open and accepted first, then newest first. */
  requests: ImprovementRequest[];
  /** Whether the caller may reply to reviews and change request statuses. */
  canRespond: boolean;
  /** Whether the caller may rate, review and file requests. */
  canGiveFeedback: boolean;
}
