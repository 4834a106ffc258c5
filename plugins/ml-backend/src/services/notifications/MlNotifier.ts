import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { NotificationSeverity } from '@backstage/plugin-notifications-common';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { MlNotificationTopic } from '@ml-marketplace/plugin-ml-common';
import { entityRefOf } from '../entityRefs';

/** One notice about one asset. */
export interface MlNotice {
  topic: MlNotificationTopic;
  title: string;
  description?: string;
  severity: NotificationSeverity;
  /**
   * Tells notices of one topic about one asset apart (a check id, a request
   * id, an upstream ref). A repeat with the same asset, topic and key updates
   * the user's notification instead of adding one.
   */
  key?: string;
  /** Relative to the app; the asset's page when absent. */
  link?: string;
}

// The notifications backend stores title, scope and topic as varchar(255);
// PostgreSQL refuses longer ones.
const MAX_COLUMN = 250;

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The catalog page of an entity, relative to the app's base URL. */
export function entityPagePath(entity: Entity): string {
  const { namespace = 'default', name } = entity.metadata;
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    entity.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
}

/** The owner `spec.owner` names, as a full ref (a Group unless it says otherwise). */
export function ownerRefOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'Group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * Sends the ML marketplace's notices through Backstage's notifications
 * service. Recipients come from ownership: the notifications backend turns an
 * owner group into its members. A failed send is logged and swallowed: news
 * must never fail a health sweep, a certification or a review.
 */
export class MlNotifier {
  private warned = false;

  constructor(
    private readonly options: {
      notifications?: NotificationService;
      logger: LoggerService;
    },
  ) {}

  /** Whether notices go anywhere (the service may be absent in tests). */
  get enabled(): boolean {
    return Boolean(this.options.notifications);
  }

  /** Tells the owners of `asset`; resolves to whether the notice was delivered. */
  async toOwners(
    asset: Entity,
    notice: MlNotice,
    exclude?: string[],
  ): Promise<boolean> {
    const owner = ownerRefOf(asset);
    // The owner ref reaches the team even before the catalog has stitched
    // the asset's ownedBy relation; without one, the asset's relation decides.
    return this.send(owner ? [owner] : [entityRefOf(asset)], asset, notice, {
      exclude,
    });
  }

  /** Tells the given entities (users, groups, or assets whose owners hear it). */
  async toEntities(
    recipients: string[],
    asset: Entity,
    notice: MlNotice,
    exclude?: string[],
  ): Promise<boolean> {
    if (!recipients.length) return true;
    return this.send(recipients, asset, notice, { exclude });
  }

  /** The scope that makes a repeat of `notice` update the earlier one. */
  static scopeOf(asset: Entity | string, notice: MlNotice): string {
    const ref = typeof asset === 'string' ? asset : entityRefOf(asset);
    const scope = `ml:${notice.topic}:${ref}${
      notice.key ? `:${notice.key}` : ''
    }`;
    return scope.slice(0, MAX_COLUMN);
  }

  private async send(
    recipients: string[],
    asset: Entity,
    notice: MlNotice,
    { exclude }: { exclude?: string[] },
  ): Promise<boolean> {
    const { notifications, logger } = this.options;
    if (!notifications) return false;
    const assetRef = entityRefOf(asset);
    try {
      await notifications.send({
        recipients: {
          type: 'entity',
          entityRef: [...new Set(recipients)],
          ...(exclude?.length && { excludeEntityRef: exclude }),
        },
        payload: {
          title: clip(notice.title),
          ...(notice.description && {
            description: clip(notice.description, 2000),
          }),
          link: notice.link ?? entityPagePath(asset),
          severity: notice.severity,
          topic: notice.topic,
          scope: MlNotifier.scopeOf(assetRef, notice),
          metadata: { 'ml.assetRef': assetRef, 'ml.topic': notice.topic },
        },
      });
      return true;
    } catch (error) {
      // Once loudly (the notifications backend is probably not installed),
      // then quietly, so a sweep does not log it for every asset.
      const message = `Could not send the "${notice.topic}" notification about ${assetRef}: ${error}`;
      if (this.warned) logger.debug(message);
      else {
        this.warned = true;
        logger.warn(
          `${message}. Is @backstage/plugin-notifications-backend installed? Further failures are logged at debug level.`,
        );
      }
      return false;
    }
  }
}
