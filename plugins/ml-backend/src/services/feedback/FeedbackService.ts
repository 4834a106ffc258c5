import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  AssetFeedback,
  ImprovementRequest,
  ImprovementRequestInput,
  ImprovementStatusInput,
  Review,
  ReviewInput,
  ReviewReplyInput,
} from '@ml-marketplace/plugin-ml-common';
import { randomUUID } from 'node:crypto';
import type {
  FeedbackStore,
  RatingOverview,
} from '../../database/FeedbackStore';
import { entityRefOf } from '../entityRefs';
import type { MlNotifier } from '../notifications/MlNotifier';
import { FeedbackNotices } from './FeedbackNotices';

const lowerRef = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The reviewer a reply names: `user:default/ada`, or just `ada`. */
function reviewerRef(reviewer: string): string {
  try {
    const ref = parseEntityRef(reviewer.trim(), {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
    if (ref.kind.toLocaleLowerCase('en-US') === 'user') {
      return lowerRef(stringifyEntityRef(ref));
    }
  } catch {
    // Said below.
  }
  throw new InputError(
    `reviewer must be the user ref of the review’s author, like "user:default/ada", got ${JSON.stringify(
      reviewer,
    )}`,
  );
}

/** What the caller may do with an asset's feedback, as the policy decided. */
export interface FeedbackAbilities {
  canRespond: boolean;
  canGiveFeedback: boolean;
}

/**
 * Ratings, reviews, replies and improvement requests on ML assets: writes
 * them, tells the people concerned and keeps the marketplace's ratings
 * current. Who may do what is decided by the routes (permissions).
 */
export class FeedbackService {
  private readonly notices: FeedbackNotices;

  constructor(
    private readonly options: {
      store: FeedbackStore;
      notifier?: MlNotifier;
      /** A person's name for a user ref, for notifications. */
      people?: (userRef: string) => Promise<string | undefined>;
      /** Shows an asset's new rating in the marketplace at once. */
      marketplace?: {
        applyRating(ref: string, rating: RatingOverview | undefined): void;
      };
      now?: () => Date;
    },
  ) {
    this.notices = new FeedbackNotices(options.notifier, options.people);
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  /** Everything about one asset's feedback, for the caller `userRef` (none for a service). */
  async feedback(
    entity: Entity,
    userRef: string | undefined,
    abilities: FeedbackAbilities,
  ): Promise<AssetFeedback> {
    const { store } = this.options;
    const ref = entityRefOf(entity);
    const [summary, reviews, requests] = await Promise.all([
      store.ratingSummary(ref),
      store.reviews(ref),
      store.requests(ref),
    ]);
    const me = userRef && lowerRef(userRef);
    const mine = me ? reviews.find(r => r.by === me) : undefined;
    return {
      entityRef: ref,
      summary,
      reviews,
      ...(mine && { mine }),
      requests,
      ...abilities,
    };
  }

  /** Writes the user's own rating and review: a second one edits the first. */
  async saveReview(
    entity: Entity,
    userRef: string,
    input: ReviewInput,
  ): Promise<{ review: Review; created: boolean }> {
    const ref = entityRefOf(entity);
    const by = lowerRef(userRef);
    const saved = await this.options.store.saveReview({
      entityRef: ref,
      userRef: by,
      rating: input.rating,
      text: input.text || undefined,
      now: this.now(),
    });
    await this.ratingsChanged(ref);
    await this.notices.review(entity, saved.review, saved.created);
    return saved;
  }

  /** Removes the user's own review; 404 when they have none. */
  async deleteReview(entity: Entity, userRef: string): Promise<void> {
    const ref = entityRefOf(entity);
    if (!(await this.options.store.deleteReview(ref, lowerRef(userRef)))) {
      throw new NotFoundError(`You have not reviewed ${ref}`);
    }
    await this.ratingsChanged(ref);
  }

  /** An owner's answer to one review (replacing their earlier answer). */
  async reply(
    entity: Entity,
    ownerRef: string,
    input: ReviewReplyInput,
  ): Promise<Review> {
    const ref = entityRefOf(entity);
    const reviewer = reviewerRef(input.reviewer);
    const by = lowerRef(ownerRef);
    const review = await this.options.store.reply({
      entityRef: ref,
      reviewer,
      by,
      text: input.text,
      now: this.now(),
    });
    if (!review) {
      throw new NotFoundError(
        `${reviewer} has not reviewed ${ref}, so there is nothing to reply to`,
      );
    }
    await this.notices.reply(entity, review);
    return review;
  }

  /** Files an improvement request, open, and tells the asset's owners. */
  async addRequest(
    entity: Entity,
    userRef: string,
    input: ImprovementRequestInput,
  ): Promise<ImprovementRequest> {
    const request = await this.options.store.addRequest({
      id: randomUUID(),
      entityRef: entityRefOf(entity),
      userRef: lowerRef(userRef),
      what: input.what,
      why: input.why,
      urgency: input.urgency,
      now: this.now(),
    });
    await this.notices.request(entity, request);
    return request;
  }

  /** One improvement request; 404 when there is none with that id. */
  async request(id: string): Promise<ImprovementRequest> {
    const request = await this.options.store.request(id);
    if (!request) throw unknownRequest(id);
    return request;
  }

  /** An owner moves a request on, and its author hears of it. */
  async setStatus(
    entity: Entity,
    id: string,
    ownerRef: string,
    input: ImprovementStatusInput,
  ): Promise<ImprovementRequest> {
    const changed = await this.options.store.setStatus({
      id,
      status: input.status,
      by: lowerRef(ownerRef),
      note: input.note || undefined,
      now: this.now(),
    });
    if (!changed) throw unknownRequest(id);
    await this.notices.statusChange(entity, changed);
    return changed;
  }

  private async ratingsChanged(ref: string) {
    const { marketplace, store } = this.options;
    if (!marketplace) return;
    const { average, count } = await store.ratingSummary(ref);
    marketplace.applyRating(
      ref,
      average !== undefined ? { average, count } : undefined,
    );
  }
}

/** The same 404 for an unknown id and for a request on an asset the caller may not read. */
export function unknownRequest(id: string): NotFoundError {
  return new NotFoundError(
    `No improvement request ${JSON.stringify(
      id,
    )}, or it is about an asset you may not read`,
  );
}
