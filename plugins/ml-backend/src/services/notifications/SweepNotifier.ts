import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { CertificationStore } from '../../database/CertificationStore';
import type { LineageStore } from '../../database/LineageStore';
import type {
  NotificationStateRow,
  NotificationStateStore,
} from '../../database/NotificationStateStore';
import { EXTERNAL_REF_PREFIX } from '../lineage/lineageEdges';
import { entityPagePath, type MlNotifier } from './MlNotifier';
import {
  type DesiredNotice,
  type NoticeContext,
  type SweptAsset,
  consumersByOwner,
  desiredNotices,
  refOf,
} from './noticeRules';

export interface SweepNotifierOptions {
  notifier: MlNotifier;
  states: NotificationStateStore;
  certificates: CertificationStore;
  lineage: LineageStore;
  logger: LoggerService;
  certificateExpiryDays: number;
  checkTitle(checkId: string): string;
  levelTitle(levelId: string): string;
}

/** What one health sweep (or a re-check of one asset) saw. */
export interface SweepOutcome {
  assets: SweptAsset[];
  /** The whole catalog was swept: scopes of assets not in it are over. */
  complete: boolean;
  /** Assets recorded before that the catalog no longer has. */
  gone: string[];
  now: Date;
}

function isCatalogRef(ref: string): boolean {
  if (ref.startsWith(EXTERNAL_REF_PREFIX)) return false;
  try {
    parseEntityRef(ref);
    return true;
  } catch {
    return false;
  }
}

/** A stand-in entity for a ref the catalog no longer has. */
function entityOfRef(ref: string) {
  const { kind, namespace, name } = parseEntityRef(ref);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace },
  };
}

/**
 * Turns what a health sweep saw into notifications: a notice goes out when
 * the state it reports changes (a repeat would make it unread again), a
 * condition that ends is announced as resolved to the people who were told,
 * and an asset that leaves the catalog is announced to its consumers' owners.
 */
export class SweepNotifier {
  constructor(private readonly options: SweepNotifierOptions) {}

  async afterSweep(outcome: SweepOutcome): Promise<{ sent: number }> {
    const { notifier, states, logger } = this.options;
    if (!notifier.enabled) return { sent: 0 };
    const refs = outcome.assets.map(a => refOf(a.entity));
    const consumers = await this.consumersOf([...refs, ...outcome.gone]);
    const context = await this.context(outcome, refs, consumers);
    const wanted = desiredNotices(outcome.assets, context);
    const stored = await states.rows(outcome.complete ? undefined : refs);
    const nowIso = outcome.now.toISOString();
    const save: NotificationStateRow[] = [];
    let sent = 0;

    for (const notice of wanted) {
      const previous = stored.get(notice.scope);
      stored.delete(notice.scope);
      if (previous?.state === notice.state) continue;
      const message = notice.noticeAfter(previous?.state);
      if (message) {
        // Undelivered: the old state stays, so the next sweep tries again.
        if (
          !(await notifier.toEntities(notice.recipients, notice.asset, message))
        ) {
          continue;
        }
        sent++;
      }
      save.push(rowOf(notice, nowIso));
    }

    // What is left was true before and is not now.
    const ended: NotificationStateRow[] = [];
    const swept = new Map(outcome.assets.map(a => [refOf(a.entity), a]));
    const gone = new Set(outcome.gone);
    for (const row of stored.values()) {
      const asset = swept.get(row.asset_ref)?.entity;
      if (!row.resolved_title || gone.has(row.asset_ref)) {
        ended.push(row);
        continue;
      }
      const delivered = await notifier.toEntities(
        JSON.parse(row.recipients),
        asset ?? entityOfRef(row.asset_ref),
        {
          topic: row.topic as DesiredNotice['topic'],
          // The same scope, so it replaces the notice it resolves.
          key: row.scope.slice(`ml:${row.topic}:${row.asset_ref}:`.length),
          severity: 'low',
          title: row.resolved_title,
        },
      );
      if (!delivered) continue;
      ended.push(row);
      sent++;
    }

    sent += await this.announceRemovals(outcome.gone, consumers, context);
    await states.save(save);
    await states.remove(ended.map(row => row.scope));
    if (sent) logger.info(`Sent ${sent} ML notifications after the sweep`);
    return { sent };
  }

  private async announceRemovals(
    gone: string[],
    consumers: Map<string, string[]>,
    context: NoticeContext,
  ): Promise<number> {
    let sent = 0;
    for (const ref of gone) {
      const users = (consumers.get(ref) ?? []).filter(c => !gone.includes(c));
      const name = context.titleOf(ref);
      for (const [owner, theirs] of consumersByOwner(users, context.ownerOf)) {
        const declare = theirs.length === 1 ? 'declares' : 'declare';
        const delivered = await this.options.notifier.toEntities(
          [owner],
          entityOfRef(ref),
          {
            topic: 'ml.upstream',
            key: `removed:${owner}`,
            severity: 'high',
            title: `${name} was removed from the catalog, but your ${theirs
              .map(u => context.titleOf(u))
              .join(', ')} still ${declare} it`,
            description: `Point ${
              theirs.length === 1 ? 'it' : 'them'
            } at another asset, or ask the former owners where ${name} went.`,
            link: entityPagePath(entityOfRef(theirs[0])),
          },
        );
        if (delivered) sent++;
      }
    }
    return sent;
  }

  private async consumersOf(refs: string[]): Promise<Map<string, string[]>> {
    const consumers = new Map<string, Set<string>>();
    for (const edge of await this.options.lineage.edgesOf(refs, 'downstream')) {
      if (!isCatalogRef(edge.target_ref)) continue;
      if (!consumers.has(edge.source_ref)) {
        consumers.set(edge.source_ref, new Set());
      }
      consumers.get(edge.source_ref)!.add(edge.target_ref);
    }
    return new Map([...consumers].map(([ref, set]) => [ref, [...set].sort()]));
  }

  private async context(
    outcome: SweepOutcome,
    refs: string[],
    consumers: Map<string, string[]>,
  ): Promise<NoticeContext> {
    const { certificates, lineage } = this.options;
    const single = outcome.complete ? undefined : refs;
    const [certificateRows, approvals] = await Promise.all([
      certificates.certificates(single),
      certificates.latestApprovals(single),
    ]);
    const titles = new Map<string, string>();
    const owners = new Map<string, string>();
    for (const { entity } of outcome.assets) {
      titles.set(refOf(entity), entity.metadata.title ?? entity.metadata.name);
    }
    const others = [
      ...new Set([...consumers.values()].flat().concat(outcome.gone)),
    ].filter(ref => !titles.has(ref));
    const consumerRefs = [...new Set([...consumers.values()].flat())];
    for (const node of await lineage.nodes([
      ...new Set([...others, ...consumerRefs]),
    ])) {
      if (node.title && !titles.has(node.ref)) titles.set(node.ref, node.title);
      if (node.owner)
        owners.set(node.ref, node.owner.toLocaleLowerCase('en-US'));
    }
    return {
      now: outcome.now,
      certificateExpiryDays: this.options.certificateExpiryDays,
      certificates: certificateRows,
      approvals,
      consumers,
      titleOf: ref => {
        const key = ref.toLocaleLowerCase('en-US');
        if (titles.has(key)) return titles.get(key)!;
        try {
          return parseEntityRef(ref).name;
        } catch {
          return ref;
        }
      },
      ownerOf: ref => owners.get(ref.toLocaleLowerCase('en-US')),
      checkTitle: this.options.checkTitle,
      levelTitle: this.options.levelTitle,
    };
  }
}

function rowOf(notice: DesiredNotice, at: string): NotificationStateRow {
  return {
    scope: notice.scope,
    asset_ref: notice.assetRef,
    topic: notice.topic,
    state: notice.state,
    recipients: JSON.stringify(notice.recipients),
    resolved_title: notice.resolvedTitle ?? null,
    notified_at: at,
  };
}
