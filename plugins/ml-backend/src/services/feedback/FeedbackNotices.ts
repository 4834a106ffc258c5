import { type Entity, parseEntityRef } from '@backstage/catalog-model';
import type {
  ImprovementRequest,
  ImprovementStatus,
  Review,
} from '@ml-marketplace/plugin-ml-common';
import { entityPagePath, type MlNotifier } from '../notifications/MlNotifier';

/** How a status change reads in the requester's notification. */
const STATUS_WORDS: Record<ImprovementStatus, string> = {
  open: 'was reopened',
  accepted: 'was accepted',
  done: 'is done',
  declined: 'was declined',
};

const stars = (rating: number) =>
  `${'★'.repeat(rating)}${'☆'.repeat(Math.max(0, 5 - rating))}`;

/** An asset as people call it: its title, else its name. */
export const assetLabel = (entity: Entity) =>
  entity.metadata.title ?? entity.metadata.name;

/** The asset page's feedback tab. */
export const feedbackPath = (entity: Entity) =>
  `${entityPagePath(entity)}/feedback`;

/**
 * The notices feedback sends (topic `ml.feedback`), each scoped to the asset
 * and a key, so a repeat (an edited review, a second status change) updates
 * the earlier notification instead of adding one. Nobody is told of their
 * own doing.
 */
export class FeedbackNotices {
  constructor(
    private readonly notifier?: MlNotifier,
    /** A person's name for a user ref (their display name in the catalog). */
    private readonly people?: (userRef: string) => Promise<string | undefined>,
  ) {}

  /** What people call the user: their display name, else the ref's name. */
  private async name(userRef: string): Promise<string> {
    const known = await this.people?.(userRef).catch(() => undefined);
    if (known) return known;
    try {
      return parseEntityRef(userRef).name;
    } catch {
      return userRef;
    }
  }

  /** A new or changed review: the asset's owners. */
  async review(entity: Entity, review: Review, created: boolean) {
    if (!this.notifier) return;
    const by = await this.name(review.by);
    await this.notifier.toOwners(
      entity,
      {
        topic: 'ml.feedback',
        key: `review:${review.by}`,
        severity: 'low',
        title: `${created ? 'New' : 'Changed'} review of ${assetLabel(
          entity,
        )}: ${stars(review.rating)} by ${by}`,
        ...(review.text && { description: review.text }),
        link: feedbackPath(entity),
      },
      [review.by],
    );
  }

  /** An owner's reply: the reviewer. */
  async reply(entity: Entity, review: Review) {
    if (!this.notifier || !review.reply || review.reply.by === review.by) {
      return;
    }
    const by = await this.name(review.reply.by);
    await this.notifier.toEntities(
      [review.by],
      entity,
      {
        topic: 'ml.feedback',
        key: `reply:${review.by}`,
        severity: 'low',
        title: `${by} replied to your review of ${assetLabel(entity)}`,
        description: review.reply.text,
        link: feedbackPath(entity),
      },
      [review.reply.by],
    );
  }

  /** A new improvement request: the asset's owners, urgent ones louder. */
  async request(entity: Entity, request: ImprovementRequest) {
    if (!this.notifier) return;
    const by = await this.name(request.by);
    await this.notifier.toOwners(
      entity,
      {
        topic: 'ml.feedback',
        key: `request:${request.id}`,
        severity: request.urgency === 'high' ? 'normal' : 'low',
        title: `New improvement request for ${assetLabel(entity)}: ${
          request.what
        }`,
        description: `${request.why}\n\nRequested by ${by}, urgency ${request.urgency}.`,
        link: feedbackPath(entity),
      },
      [request.by],
    );
  }

  /** An owner moved a request on: its author. */
  async statusChange(entity: Entity, request: ImprovementRequest) {
    const change = request.statusChange;
    if (change?.by === request.by) return;
    await this.notifier?.toEntities(
      [request.by],
      entity,
      {
        topic: 'ml.feedback',
        key: `request:${request.id}`,
        severity: 'low',
        title: `Your request "${request.what}" for ${assetLabel(entity)} ${
          STATUS_WORDS[request.status]
        }`,
        ...(change?.note && { description: change.note }),
        link: feedbackPath(entity),
      },
      change ? [change.by] : undefined,
    );
  }
}
