import type { Entity } from '@backstage/catalog-model';
import type { NotificationSeverity } from '@backstage/plugin-notifications-common';
import type {
  ApprovalRow,
  CertificateRow,
} from '../../database/CertificationStore';
import { entityRefOf } from '../entityRefs';
import { type MlNotice, MlNotifier, ownerRefOf } from './MlNotifier';

// Refs are asked for several times per asset and rule; computing one
// (lower-casing for a locale) is the costliest step of an unchanged sweep.
const refCache = new WeakMap<Entity, string>();
const ownerCache = new WeakMap<Entity, string>();

/** The asset's lower-case ref, computed once per entity object. */
export function refOf(entity: Entity): string {
  let ref = refCache.get(entity);
  if (ref === undefined) {
    ref = entityRefOf(entity);
    refCache.set(entity, ref);
  }
  return ref;
}

/** Who hears about the asset: its owner, else the asset (through ownedBy). */
function ownerOrAsset(entity: Entity): string {
  let owner = ownerCache.get(entity);
  if (owner === undefined) {
    owner = ownerRefOf(entity) ?? refOf(entity);
    ownerCache.set(entity, owner);
  }
  return owner;
}

/** A check's outcome on one asset, as the sweep recorded it. */
export interface SweptRun {
  checkId: string;
  status: 'pass' | 'warn' | 'fail';
  severity: 'error' | 'warning' | 'advice';
  message: string;
}

export interface SweptAsset {
  entity: Entity;
  runs: SweptRun[];
}

/** What the rules may know beyond the swept assets. */
export interface NoticeContext {
  now: Date;
  /** Owners hear this many days before an approval-backed certificate lapses. */
  certificateExpiryDays: number;
  certificates: Map<string, CertificateRow>;
  approvals: Map<string, ApprovalRow>;
  /** Direct consumers (lineage targets) by asset ref, sorted. */
  consumers: Map<string, string[]>;
  /** A person's name for a ref (title or name); the ref when unknown. */
  titleOf(ref: string): string;
  /** The owner ref of a consumer, when the lineage index knows it. */
  ownerOf(ref: string): string | undefined;
  /** Titles of health checks by id. */
  checkTitle(checkId: string): string;
  /** Titles of certification levels by id. */
  levelTitle(levelId: string): string;
}

/** A notice the current state calls for. */
export interface DesiredNotice {
  scope: string;
  assetRef: string;
  asset: Entity;
  topic: MlNotice['topic'];
  /** Compared with what was last sent: a notice goes out only when it differs. */
  state: string;
  recipients: string[];
  /**
   * The notice to send given the state last sent (undefined the first time);
   * undefined to record the state silently.
   */
  noticeAfter(previousState: string | undefined): MlNotice | undefined;
  /** Title sent when the condition ends; undefined for news, which never "resolves". */
  resolvedTitle?: string;
}

// Drift of the registered model has its own topic, so owners can mute it
// apart from the asset's health.
const REGISTRY_DRIFT = 'registry-drift';
const DAY_MS = 24 * 60 * 60 * 1000;

const titleOfEntity = (entity: Entity) =>
  entity.metadata.title ?? entity.metadata.name;
const isProduction = (entity: Entity) =>
  entity.spec?.lifecycle === 'production';
const ownersOf = (entity: Entity) => [ownerOrAsset(entity)];

function desired(
  asset: Entity,
  notice: Omit<MlNotice, 'title'> & { title: string },
  fields: Pick<DesiredNotice, 'state' | 'recipients' | 'resolvedTitle'> & {
    noticeAfter?: DesiredNotice['noticeAfter'];
  },
): DesiredNotice {
  const assetRef = refOf(asset);
  return {
    scope: MlNotifier.scopeOf(assetRef, notice),
    assetRef,
    asset,
    topic: notice.topic,
    state: fields.state,
    recipients: fields.recipients,
    resolvedTitle: fields.resolvedTitle,
    noticeAfter: fields.noticeAfter ?? (() => notice),
  };
}

/** Error-level failures other than registry drift: the asset is broken. */
export function failingRuns(runs: SweptRun[]): SweptRun[] {
  return runs
    .filter(
      r =>
        r.status === 'fail' &&
        r.severity === 'error' &&
        r.checkId !== REGISTRY_DRIFT,
    )
    .sort((a, b) => a.checkId.localeCompare(b.checkId));
}

function healthNotice(
  { entity, runs }: SweptAsset,
  ctx: NoticeContext,
): DesiredNotice | undefined {
  const failing = failingRuns(runs);
  if (!failing.length) return undefined;
  const name = titleOfEntity(entity);
  const severity: NotificationSeverity = isProduction(entity)
    ? 'high'
    : 'normal';
  return desired(
    entity,
    {
      topic: 'ml.health',
      severity,
      title: `${name} is failing: ${failing
        .map(r => ctx.checkTitle(r.checkId))
        .join(', ')}`,
      description: failing.map(r => r.message).join(' '),
      link: undefined,
    },
    {
      // Which checks fail, not their wording: a message that names a time
      // changes every sweep and must not make the notice unread again.
      state: failing.map(r => r.checkId).join(','),
      recipients: ownersOf(entity),
      resolvedTitle: `Resolved: ${name} passes its error-level checks again`,
    },
  );
}

function registryDriftNotice({
  entity,
  runs,
}: SweptAsset): DesiredNotice | undefined {
  const drift = runs.find(
    r =>
      r.checkId === REGISTRY_DRIFT &&
      r.status !== 'pass' &&
      r.severity !== 'advice',
  );
  if (!drift) return undefined;
  const name = titleOfEntity(entity);
  return desired(
    entity,
    {
      topic: 'ml.registry',
      severity:
        drift.status === 'fail' && isProduction(entity) ? 'high' : 'normal',
      title: `${name} differs from its model registry`,
      description: drift.message,
    },
    {
      state: `${drift.status}:${drift.message}`,
      recipients: ownersOf(entity),
      resolvedTitle: `Resolved: ${name} matches its model registry again`,
    },
  );
}

function certificateNotice(
  { entity }: SweptAsset,
  ctx: NoticeContext,
): DesiredNotice | undefined {
  const ref = refOf(entity);
  const certificate = ctx.certificates.get(ref);
  const approval = ctx.approvals.get(ref);
  if (!certificate?.level || !certificate.expires_at || !approval) {
    return undefined;
  }
  // A certificate renews itself while its evidence holds; only one that
  // rests on a reviewer's approval needs a person before it lapses.
  const evidence: Array<{ requirement: string; met: boolean }> = JSON.parse(
    certificate.evidence,
  );
  const restsOnApproval = evidence.some(
    e => e.requirement === 'approval' && e.met,
  );
  if (!restsOnApproval || approval.expires_at > certificate.expires_at) {
    return undefined;
  }
  const lapses = new Date(certificate.expires_at);
  const days = Math.ceil((lapses.getTime() - ctx.now.getTime()) / DAY_MS);
  if (days < 0 || days > ctx.certificateExpiryDays) return undefined;
  const name = titleOfEntity(entity);
  const level = ctx.levelTitle(certificate.level);
  const date = certificate.expires_at.slice(0, 10);
  return desired(
    entity,
    {
      topic: 'ml.certification',
      severity: 'normal',
      title: `${name}'s ${level} certificate lapses on ${date}`,
      description: `It rests on the approval by ${ctx.titleOf(
        approval.approved_by,
      )}, which expires then. Ask a reviewer to approve ${name} again before ${date} to keep ${level}.`,
      link: undefined,
    },
    {
      state: certificate.expires_at,
      recipients: ownersOf(entity),
      resolvedTitle: `Resolved: ${name}'s ${level} certificate was renewed`,
    },
  );
}

function adoptionNotice(
  { entity }: SweptAsset,
  ctx: NoticeContext,
): DesiredNotice {
  const ref = refOf(entity);
  const consumers = ctx.consumers.get(ref) ?? [];
  const name = titleOfEntity(entity);
  return desired(
    entity,
    { topic: 'ml.adoption', severity: 'low', title: '' },
    {
      state: JSON.stringify(consumers),
      recipients: ownersOf(entity),
      // News, not a condition: the first sight of an asset is recorded
      // silently, and only consumers added since the last sweep are told.
      noticeAfter: previous => {
        if (previous === undefined) return undefined;
        const before = new Set<string>(JSON.parse(previous));
        const added = consumers.filter(c => !before.has(c));
        if (!added.length) return undefined;
        const names = added.map(c => ctx.titleOf(c));
        return {
          topic: 'ml.adoption',
          severity: 'low',
          title:
            added.length === 1
              ? `${names[0]} now uses ${name}`
              : `${added.length} new consumers use ${name}`,
          description: `New: ${names.join(', ')}. ${name} now has ${
            consumers.length
          } direct consumer${consumers.length === 1 ? '' : 's'}.`,
        };
      },
    },
  );
}

function deprecationText(entity: Entity, titleOf: (ref: string) => string) {
  const deprecation = (entity.spec?.deprecation ?? {}) as {
    reason?: unknown;
    replacedBy?: unknown;
    sunsetDate?: unknown;
  };
  const parts: string[] = [];
  if (typeof deprecation.reason === 'string' && deprecation.reason.trim()) {
    parts.push(deprecation.reason.trim().replace(/\.?$/, '.'));
  }
  if (deprecation.sunsetDate) {
    const sunset =
      deprecation.sunsetDate instanceof Date
        ? deprecation.sunsetDate.toISOString()
        : String(deprecation.sunsetDate);
    parts.push(`Sunset ${sunset.slice(0, 10)}.`);
  }
  if (typeof deprecation.replacedBy === 'string' && deprecation.replacedBy) {
    parts.push(`Move to ${titleOf(deprecation.replacedBy)}.`);
  } else {
    parts.push('No successor is named; ask its owners what to use instead.');
  }
  return parts.join(' ');
}

/**
 * Consumers grouped by the team that owns them, so each team hears about its
 * own assets only; a consumer without a known owner is told through its ref.
 */
export function consumersByOwner(
  consumers: string[],
  ownerOf: (ref: string) => string | undefined,
): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const consumer of consumers) {
    const owner = ownerOf(consumer) ?? consumer;
    groups.set(owner, [...(groups.get(owner) ?? []), consumer]);
  }
  return groups;
}

/** "your Churn model uses", "your A and B use", "3 of your assets use". */
export function yourConsumers(
  refs: string[],
  titleOf: (ref: string) => string,
): string {
  if (refs.length === 1) return `your ${titleOf(refs[0])} uses`;
  if (refs.length === 2) {
    return `your ${titleOf(refs[0])} and ${titleOf(refs[1])} use`;
  }
  return `${refs.length} of your assets use`;
}

function upstreamNotices(
  swept: SweptAsset,
  ctx: NoticeContext,
): DesiredNotice[] {
  const { entity, runs } = swept;
  const consumers = ctx.consumers.get(refOf(entity)) ?? [];
  if (!consumers.length) return [];
  const name = titleOfEntity(entity);
  const deprecated = entity.spec?.lifecycle === 'deprecated';
  const text = deprecated ? deprecationText(entity, ctx.titleOf) : '';
  const failing = failingRuns(runs);
  const notices: DesiredNotice[] = [];
  for (const [owner, theirs] of consumersByOwner(consumers, ctx.ownerOf)) {
    const uses = yourConsumers(theirs, ctx.titleOf);
    const listed =
      theirs.length > 2
        ? ` Yours that use it: ${theirs.map(ctx.titleOf).join(', ')}.`
        : '';
    if (deprecated) {
      notices.push(
        desired(
          entity,
          {
            topic: 'ml.upstream',
            key: `deprecated:${owner}`,
            severity: 'normal',
            title: `${name}, which ${uses}, is deprecated`,
            description: `${text}${listed}`,
          },
          {
            // Consumers are not in the state: one that starts using a
            // deprecated asset chose it knowingly.
            state: text,
            recipients: [owner],
            resolvedTitle: `Resolved: ${name} is no longer deprecated`,
          },
        ),
      );
    }
    if (failing.length) {
      notices.push(
        desired(
          entity,
          {
            topic: 'ml.upstream',
            key: `failing:${owner}`,
            severity: 'normal',
            title: `${name}, which ${uses}, is failing`,
            description: `${failing
              .map(r => r.message)
              .join(' ')} Its owners have been told.${listed}`,
          },
          {
            state: failing.map(r => r.checkId).join(','),
            recipients: [owner],
            resolvedTitle: `Resolved: ${name}, which ${uses}, passes its checks again`,
          },
        ),
      );
    }
  }
  return notices;
}

/** Every notice the swept assets' current state calls for. */
export function desiredNotices(
  assets: SweptAsset[],
  ctx: NoticeContext,
): DesiredNotice[] {
  const notices: DesiredNotice[] = [];
  for (const asset of assets) {
    for (const notice of [
      healthNotice(asset, ctx),
      registryDriftNotice(asset),
      certificateNotice(asset, ctx),
      adoptionNotice(asset, ctx),
      ...upstreamNotices(asset, ctx),
    ]) {
      if (notice) notices.push(notice);
    }
  }
  return notices;
}
