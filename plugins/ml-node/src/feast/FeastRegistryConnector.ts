import {
  personErrorMap,
  type FeatureStoreService,
  type FeatureStoreView,
} from '@ml-marketplace/plugin-ml-common';
import { MlRegistryError } from '../registryConnectors';
import type {
  FeatureStoreReadOptions,
  FeatureStoreReadResult,
  MlFeatureStoreConnector,
} from '../featureStoreConnectors';
import crypto from 'node:crypto';
import { MlflowClient } from '../mlflow/MlflowClient';
import type { FeastRegistryConfig } from './config';
import {
  feastFeatureService,
  feastFeatureView,
  feastPage,
  type FeastFeatureView,
} from './schemas';

/**
 * Part of every fingerprint: bump it when toFeatureStoreView changes what it
 * makes of the same answer, so stored views are mapped again.
 */
const VIEW_FORMAT = 'feast-view/1';

/** A digest of one view as the server sent it, with the mapping's format. */
function fingerprintOf(item: unknown): string {
  const text = `${VIEW_FORMAT}\n${JSON.stringify(item)}`;
  return typeof crypto.hash === 'function'
    ? crypto.hash('sha256', text)
    : crypto.createHash('sha256').update(text).digest('hex');
}

/** Feast's internal entity of entity-less views. */
const DUMMY_ENTITY = '__dummy';

/** `"86400s"` -> 86400; undefined for none or zero (no expiry). */
export function ttlSeconds(ttl: string | undefined): number | undefined {
  const match = ttl && /^(\d+(?:\.\d+)?)s$/.exec(ttl);
  const seconds = match ? Number(match[1]) : 0;
  return seconds > 0 ? seconds : undefined;
}

const UTC_SECOND = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/**
 * The latest of many times. The interval list grows with every
 * materialization, so Feast's UTC timestamps are compared to the second as
 * text, and only other forms are parsed.
 */
function latest(times: Array<string | undefined>): string | undefined {
  let text: string | undefined;
  let parsedMax = -Infinity;
  for (const time of times) {
    if (!time) continue;
    if (UTC_SECOND.test(time)) {
      if (!text || time.slice(0, 19) > text.slice(0, 19)) text = time;
    } else {
      const parsed = Date.parse(time);
      if (parsed > parsedMax) parsedMax = parsed;
    }
  }
  const fromText = text ? Date.parse(text) : -Infinity;
  const max = Math.max(fromText, parsedMax);
  return Number.isFinite(max) ? new Date(max).toISOString() : undefined;
}

/**
 * Tags in name order: a view's content hashes as plain JSON, so equal
 * content must serialise equally whatever order the server sends.
 */
function sortedTags(tags: Record<string, string> | undefined) {
  return Object.fromEntries(
    Object.entries(tags ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

export function toFeatureStoreView(
  project: string,
  view: FeastFeatureView,
): FeatureStoreView {
  const { spec, meta } = view;
  const source = spec.batchSource;
  // Runs are stored in run order, not time order (a backfill comes last).
  const materializedUntil = latest(
    (meta?.materializationIntervals ?? []).map(i => i.endTime),
  );
  const ttl = ttlSeconds(spec.ttl);
  return {
    project,
    name: spec.name,
    type: view.type ?? 'featureView',
    ...(spec.description && { description: spec.description }),
    ...(spec.owner && { owner: spec.owner }),
    tags: sortedTags(spec.tags),
    entities: (spec.entities ?? []).filter(e => e !== DUMMY_ENTITY),
    joinKeys: (spec.entityColumns ?? [])
      .map(c => c.name)
      .filter(name => name !== `${DUMMY_ENTITY}_id`),
    features: (spec.features ?? []).map(f => ({
      name: f.name,
      type: f.valueType ?? 'UNKNOWN',
      ...(f.description && { description: f.description }),
    })),
    ...(ttl !== undefined && { ttlSeconds: ttl }),
    // Feast leaves `online: false` out of its JSON.
    online: spec.online ?? false,
    ...(source && {
      source: {
        ...(source.name && { name: source.name }),
        ...(source.type && { type: source.type }),
        ...(source.fileOptions?.uri && { uri: source.fileOptions.uri }),
      },
    }),
    ...(meta?.createdTimestamp && { createdAt: meta.createdTimestamp }),
    ...(meta?.lastUpdatedTimestamp && { updatedAt: meta.lastUpdatedTimestamp }),
    ...(materializedUntil && { materializedUntil }),
  };
}

/**
 * Reads a Feast registry through its REST API (`feast serve_registry
 * --rest-api`, `/api/v1`): the projects, then each project's feature views
 * and feature services, page by page and sorted by name (the server's
 * default order changes after writes). The list routes only: reading a
 * single object makes Feast record a "recently visited" entry.
 */
export class FeastRegistryConnector implements MlFeatureStoreConnector {
  readonly type = 'feast';
  readonly id: string;
  readonly location: string;
  readonly schedule: FeastRegistryConfig['schedule'];
  private readonly client: MlflowClient;

  constructor(private readonly config: FeastRegistryConfig) {
    this.id = config.id;
    this.location = config.baseUrl;
    this.schedule = config.schedule;
    this.client = new MlflowClient(
      { ...config, username: undefined, password: undefined },
      { product: 'Feast', apiPath: 'api/v1', configKey: 'ml.registries.feast' },
    );
  }

  /**
   * Every item of a list route, page by page. The next page is asked for
   * before `onPage` handles this one, so parsing overlaps the server's work.
   * Returns whether the listing is complete.
   */
  private async list(
    route: string,
    key: string,
    params: Record<string, string>,
    signal: AbortSignal,
    onPage: (items: unknown[]) => void,
  ): Promise<boolean> {
    const schema = feastPage(key);
    const fetchPage = (page: number) =>
      this.client.get(
        route,
        { ...params, page, limit: this.config.pageSize },
        schema,
        signal,
      ) as Promise<
        {
          error?: unknown;
          pagination?: { hasNext?: boolean; totalPages?: number };
        } & Record<string, unknown>
      >;
    let next = fetchPage(1);
    for (let page = 1; ; page++) {
      const answer = await next;
      if (answer.error !== undefined) {
        // Feast answers 200 with { error } when a list fails or is denied.
        throw new MlRegistryError(
          'server',
          `Feast registry "${this.id}" (${
            this.config.baseUrl
          }) ${route} answered an error: ${JSON.stringify(answer.error).slice(
            0,
            200,
          )}`,
        );
      }
      const { hasNext, totalPages } = answer.pagination ?? {};
      // A server that keeps saying "next" past its own page count is wrong.
      const more = Boolean(
        hasNext && (totalPages === undefined || page < totalPages),
      );
      if (more) {
        next = fetchPage(page + 1);
        // Handled when awaited; a throw in onPage must not leave it unhandled.
        next.catch(() => undefined);
      }
      onPage((answer[key] as unknown[] | undefined) ?? []);
      if (!more) return !hasNext;
    }
  }

  /** The projects to read: those configured (checked) or all of them. */
  private async projects(signal: AbortSignal, warnings: string[]) {
    const items: unknown[] = [];
    await this.list('projects', 'projects', {}, signal, page =>
      items.push(...page),
    );
    const names = items
      .map(p => (p as { spec?: { name?: unknown } })?.spec?.name)
      .filter((n): n is string => typeof n === 'string');
    if (!this.config.projects) return names;
    const missing = this.config.projects.filter(p => !names.includes(p));
    if (missing.length) {
      warnings.push(
        `project(s) ${missing.join(', ')} named in ml.registries.feast id "${
          this.id
        }" are not in the registry (it has ${names.join(', ') || 'none'})`,
      );
    }
    return this.config.projects.filter(p => names.includes(p));
  }

  async readAll(
    options: FeatureStoreReadOptions,
  ): Promise<FeatureStoreReadResult> {
    const { signal, known } = options;
    const unchanged: string[] = [];
    const fingerprints: Record<string, string> = {};
    const warnings: string[] = [];
    const skipped: FeatureStoreReadResult['skipped'] = [];
    const views: FeatureStoreView[] = [];
    const services: FeatureStoreService[] = [];
    let complete = true;
    for (const project of await this.projects(signal, warnings)) {
      // A view we cannot name must not be taken as deleted.
      let unnamed = false;
      const viewsComplete = await this.list(
        'feature_views',
        'featureViews',
        { project, sort_by: 'name' },
        signal,
        page => {
          for (const item of page) {
            // Unchanged views are recognised before the costly part: validation and mapping.
            const fingerprint = known ? fingerprintOf(item) : undefined;
            const name = (item as { spec?: { name?: unknown } })?.spec?.name;
            if (
              fingerprint &&
              typeof name === 'string' &&
              known!({ project, name }, fingerprint)
            ) {
              unchanged.push(`${project}/${name}`);
              continue;
            }
            const parsed = feastFeatureView.safeParse(item, {
              error: personErrorMap,
            });
            if (parsed.success) {
              const view = toFeatureStoreView(project, parsed.data);
              views.push(view);
              if (fingerprint) {
                fingerprints[`${project}/${view.name}`] = fingerprint;
              }
              continue;
            }
            const issue = parsed.error.issues[0];
            skipped.push({
              view: `${project}/${
                typeof name === 'string' ? name : '(unnamed)'
              }`,
              reason: `feature_views gave an entry of unexpected shape at ${issue.path.join(
                '.',
              )}: ${issue.message}`,
            });
            if (typeof name !== 'string') unnamed = true;
          }
        },
      );
      complete &&= viewsComplete && !unnamed;
      await this.list(
        'feature_services',
        'featureServices',
        { project, sort_by: 'name' },
        signal,
        page => {
          for (const item of page) {
            const parsed = feastFeatureService.safeParse(item);
            if (!parsed.success) continue;
            const { spec } = parsed.data;
            services.push({
              project,
              name: spec.name,
              ...(spec.description && { description: spec.description }),
              ...(spec.owner && { owner: spec.owner }),
              tags: sortedTags(spec.tags),
              featureViews: [
                ...new Set((spec.features ?? []).map(f => f.featureViewName)),
              ],
            });
          }
        },
      );
    }
    if (!complete) {
      warnings.push(
        'a listing may be incomplete; views missing from it are kept as last read',
      );
    }
    return {
      views,
      services,
      skipped,
      complete,
      warnings,
      ...(known && { unchanged, fingerprints }),
    };
  }
}
