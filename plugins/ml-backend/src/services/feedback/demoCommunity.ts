import type { LoggerService } from '@backstage/backend-plugin-api';
import type { DeclaredUseStore } from '../../database/DeclaredUseStore';
import type { FeedbackStore } from '../../database/FeedbackStore';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What the demo's people said about the example assets, so that a new demo
 * shows ratings, reviews, an answered improvement request and a use someone
 * declared instead of empty states. Only with `ml.feedback.demoSeed: true`,
 * and only into empty tables; never set it in a real portal.
 */
const REVIEWS = [
  {
    entityRef: 'model:default/churn-model',
    userRef: 'user:default/alan',
    rating: 5,
    text: 'Saved us a month on the retention campaign: the card says which segments to trust and the thresholds held up in production.',
    daysAgo: 12,
    reply: {
      by: 'user:default/grace',
      text: 'Thanks! The tenure slices are in the card now, too.',
    },
  },
  {
    entityRef: 'model:default/churn-model',
    userRef: 'user:default/edgar',
    rating: 4,
    text: 'Solid and well documented. A calibration curve in the card would help us pick a cut-off.',
    daysAgo: 5,
  },
  {
    entityRef: 'model:default/fraud-gbm',
    userRef: 'user:default/grace',
    rating: 4,
    text: 'Quick to integrate; the false-positive slices are exactly what a reviewer asks for.',
    daysAgo: 8,
  },
  {
    entityRef: 'dataset:default/customers',
    userRef: 'user:default/alan',
    rating: 5,
    text: 'The one customer table everyone should start from.',
    daysAgo: 20,
  },
  {
    entityRef: 'dataset:default/customers',
    userRef: 'user:default/grace',
    rating: 4,
    daysAgo: 3,
  },
  {
    entityRef: 'model:default/churn-model-v0',
    userRef: 'user:default/edgar',
    rating: 2,
    text: 'Superseded by Churn prediction; kept only for the comparison.',
    daysAgo: 30,
  },
];

const REQUESTS = [
  {
    id: 'demo-churn-calibration',
    entityRef: 'model:default/churn-model',
    userRef: 'user:default/edgar',
    what: 'Add a calibration curve to the model card',
    why: 'We need to choose a probability cut-off for the win-back emails and cannot tell how well the scores are calibrated.',
    urgency: 'normal' as const,
    daysAgo: 5,
    status: {
      status: 'accepted' as const,
      by: 'user:default/grace',
      note: 'Planned with the next retraining.',
    },
  },
  {
    id: 'demo-churn-weekly-drift',
    entityRef: 'model:default/churn-model',
    userRef: 'user:default/alan',
    what: 'Publish a weekly drift report',
    why: 'Risk reuses the churn score as a signal and would like to see when its inputs shift.',
    urgency: 'low' as const,
    daysAgo: 2,
  },
];

/** A use the catalog does not record: Risk ML's fraud scorer reads the churn score. */
const DECLARED_USES = [
  {
    asset_ref: 'model:default/churn-model',
    consumer_ref: 'component:default/fraud-scorer',
    declared_by: 'user:default/alan',
    note: 'We use the churn score as a risk signal for account takeovers.',
    daysAgo: 9,
  },
];

export async function seedDemoCommunity(options: {
  feedback: FeedbackStore;
  declaredUses: DeclaredUseStore;
  logger: LoggerService;
  now?: Date;
}): Promise<boolean> {
  const { feedback, declaredUses, logger } = options;
  const now = (options.now ?? new Date()).getTime();
  const at = (daysAgo: number) =>
    new Date(now - daysAgo * DAY_MS).toISOString();
  const anyReview = (await feedback.ratingOverviews()).size > 0;
  if (anyReview) return false;
  for (const review of REVIEWS) {
    await feedback.saveReview({ ...review, now: at(review.daysAgo) });
    if (review.reply) {
      await feedback.reply({
        entityRef: review.entityRef,
        reviewer: review.userRef,
        ...review.reply,
        now: at(review.daysAgo - 1),
      });
    }
  }
  for (const request of REQUESTS) {
    if (await feedback.request(request.id)) continue;
    await feedback.addRequest({ ...request, now: at(request.daysAgo) });
    if (request.status) {
      await feedback.setStatus({
        id: request.id,
        ...request.status,
        now: at(request.daysAgo - 1),
      });
    }
  }
  for (const { daysAgo, ...use } of DECLARED_USES) {
    await declaredUses.declare({ ...use, declared_at: at(daysAgo) });
  }
  logger.info(
    `Seeded the demo's reviews (${REVIEWS.length}), improvement requests (${REQUESTS.length}) and declared uses (${DECLARED_USES.length}); ml.feedback.demoSeed is for demos only`,
  );
  return true;
}
