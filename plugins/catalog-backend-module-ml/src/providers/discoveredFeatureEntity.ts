import { createHash } from 'node:crypto';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  makeValidator,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_DISCOVERED_BY,
  ANNOTATION_OPENLINEAGE_DATASET,
  DATASET_KIND,
  feastDtype,
  FEATURE_KIND,
  LIFECYCLES,
  ML_API_VERSION,
  type FeatureStoreView,
} from '@ml-marketplace/plugin-ml-common';
import type { FeastRegistryConfig } from '@ml-marketplace/plugin-ml-node';

/** The namespace of discovered Features. */
export const FEAST_DISCOVERY_NAMESPACE = 'default';

const validator = makeValidator();

/**
 * A feature view name as a catalog entity name: lower case, `_` and anything
 * else outside `[a-z0-9]` as `-`, at most 63 characters; `customer_activity`
 * becomes `customer-activity`, as the example catalog names its Features.
 */
export function featureEntityNameFor(featureView: string): string {
  const name = featureView
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
  return name || 'unnamed-feature';
}

/** `basket_signals` -> `Basket signals`. */
export function featureTitleFor(featureView: string): string {
  const words = featureView
    .split(/[_\-.\s]+/)
    .filter(Boolean)
    .join(' ');
  return words ? words[0].toLocaleUpperCase('en-US') + words.slice(1) : '';
}

const viewKey = (view: Pick<FeatureStoreView, 'project' | 'name'>) =>
  `${view.project}/${view.name}`;

function withHash(name: string, key: string): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return `${name.slice(0, 63 - hash.length - 1).replace(/-+$/g, '')}-${hash}`;
}

/**
 * Entity names for the views of one registry, keyed `project/view`. A name
 * two views would share goes to neither: both are qualified with their
 * project (`analytics-customer-activity`), and views of one project whose
 * names only differ in case or punctuation get a hash of their own name. The
 * names depend on the listing only (not on which views are declared), so a
 * discovered entity keeps its name from run to run.
 */
export function featureEntityNames(
  views: ReadonlyArray<Pick<FeatureStoreView, 'project' | 'name'>>,
): Map<string, string> {
  const stages = [
    (v: Pick<FeatureStoreView, 'project' | 'name'>) =>
      featureEntityNameFor(v.name),
    (v: Pick<FeatureStoreView, 'project' | 'name'>) =>
      featureEntityNameFor(`${v.project}-${v.name}`),
    (v: Pick<FeatureStoreView, 'project' | 'name'>) =>
      withHash(featureEntityNameFor(`${v.project}-${v.name}`), viewKey(v)),
  ];
  const names = new Map<string, string>();
  const used = new Set<string>();
  let pending = [...new Map(views.map(v => [viewKey(v), v])).values()];
  stages.forEach((stage, index) => {
    const groups = new Map<string, typeof pending>();
    for (const view of pending) {
      const name = stage(view);
      groups.set(name, [...(groups.get(name) ?? []), view]);
    }
    pending = [];
    const last = index === stages.length - 1;
    for (const [name, group] of groups) {
      if (last || (group.length === 1 && !used.has(name))) {
        for (const view of group) names.set(viewKey(view), name);
        used.add(name);
      } else {
        pending.push(...group);
      }
    }
  });
  return names;
}

// One mapping for discovery and the ml backend's comparison (ml-common).
export { feastDtype };

/** 86400 -> `P1D`, 3600 -> `PT1H`, 90061 -> `P1DT1H1M1S`; undefined for none. */
export function isoDurationOfSeconds(
  seconds: number | undefined,
): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) {
    return undefined;
  }
  const whole = Math.floor(seconds);
  const days = Math.floor(whole / 86400);
  const hours = Math.floor((whole % 86400) / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  // Feast writes TTLs as "1.5s"; keep milliseconds, drop float noise.
  const secs = Number(((whole % 60) + (seconds - whole)).toFixed(3));
  const time = [
    hours && `${hours}H`,
    minutes && `${minutes}M`,
    secs && `${secs}S`,
  ]
    .filter(Boolean)
    .join('');
  const iso = `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
  return iso === 'P' ? undefined : iso;
}

/** Tag keys that say something else than a tag. */
const OWNER_TAG = 'owner';
const LIFECYCLE_TAG = 'lifecycle';

// A name or namespace/name the catalog would accept, without a kind.
const BARE_REF =
  /^(?:[a-zA-Z0-9][a-zA-Z0-9._-]*\/)?[a-zA-Z0-9][a-zA-Z0-9._-]*$/;
const KIND_PREFIX = /^[a-zA-Z][a-zA-Z0-9-]*:/;

/**
 * Who answers for the view: its `owner`, else its `owner` tag. Entity refs
 * (`group:default/x`, `group:x`, `user:default/jane`) are kept as written; a
 * bare name means a group. An owner that is no ref (Feast suggests an email)
 * gives way to the other one when that is a ref, else it is kept so the
 * invalid entity is reported with the value to fix.
 */
export function feastOwnerOf(view: FeatureStoreView): string | undefined {
  const candidates = [view.owner, view.tags[OWNER_TAG]]
    .map(value => value?.trim())
    .filter((value): value is string => !!value);
  const looksLikeRef = (value: string) =>
    KIND_PREFIX.test(value) || BARE_REF.test(value);
  const owner = candidates.find(looksLikeRef) ?? candidates[0];
  if (!owner) return undefined;
  return !KIND_PREFIX.test(owner) && BARE_REF.test(owner)
    ? `group:${owner}`
    : owner;
}

/**
 * The view's tags that make valid catalog tags: `key:value` (or the key of a
 * tag without value), in lower case; the owner and lifecycle tags are not
 * tags, and a tag the catalog would refuse is left out, not mangled.
 */
export function feastTagsOf(view: FeatureStoreView): string[] {
  const tags = new Set<string>();
  for (const [key, value] of Object.entries(view.tags)) {
    const k = key.trim().toLocaleLowerCase('en-US');
    if (k === OWNER_TAG || k === LIFECYCLE_TAG) continue;
    const v = value.trim().toLocaleLowerCase('en-US');
    const tag = v ? `${k}:${v}` : k;
    if (validator.isValidTag(tag)) tags.add(tag);
  }
  return [...tags].sort();
}

/** What the provider knows of a catalog Dataset, to map a view's source. */
export type DatasetCandidate = Pick<Entity, 'metadata'>;

const lastSegment = (path: string) => path.split('/').filter(Boolean).pop();

/**
 * The catalog Dataset that is the view's batch source, as a full ref; never a
 * ref to a Dataset that does not exist. First a Dataset whose name is the
 * source's name (normalised like entity names), then one whose OpenLineage
 * identity (`namespace/name`) ends with the source's name or with the file
 * name of the source's URI. The first rule that finds
 * Datasets decides; when it finds several it is ambiguous and nothing is
 * mapped (`ambiguous` lists them).
 */
export function sourceDatasetOf(
  source: FeatureStoreView['source'],
  datasets: ReadonlyArray<DatasetCandidate>,
  namespace = FEAST_DISCOVERY_NAMESPACE,
): { ref?: string; ambiguous?: string[] } {
  const refOf = (d: DatasetCandidate) =>
    stringifyEntityRef({
      kind: DATASET_KIND.toLocaleLowerCase('en-US'),
      namespace: d.metadata.namespace ?? 'default',
      name: d.metadata.name,
    });
  const byName = (d: DatasetCandidate) =>
    !!source?.name &&
    featureEntityNameFor(d.metadata.name) === featureEntityNameFor(source.name);

  const sourceName = source?.name?.toLocaleLowerCase('en-US');
  const fileName = source?.uri ? lastSegment(source.uri.trim()) : undefined;
  const byIdentity = (d: DatasetCandidate) => {
    const identity = d.metadata.annotations?.[ANNOTATION_OPENLINEAGE_DATASET];
    if (!identity) return false;
    const lower = identity.toLocaleLowerCase('en-US');
    // `postgres://warehouse:5432/analytics.basket_signals`, or the file
    // `file/srv/feast/data/basket_signals.parquet` of a FileSource's URI.
    return (
      (!!sourceName &&
        ['/', '.', ':'].some(sep => lower.endsWith(`${sep}${sourceName}`))) ||
      (!!fileName && lastSegment(identity) === fileName)
    );
  };

  for (const rule of [byName, byIdentity]) {
    let found = datasets.filter(rule);
    if (rule === byName && found.length > 1) {
      // The same name in several namespaces: the discovered entity's own wins.
      const here = found.filter(
        d => (d.metadata.namespace ?? 'default') === namespace,
      );
      if (here.length === 1) found = here;
    }
    if (found.length === 1) return { ref: refOf(found[0]) };
    if (found.length > 1) return { ambiguous: found.map(refOf).sort() };
  }
  return {};
}

/**
 * The Feature entity for a feature view no catalog-info.yaml declares, or
 * undefined when neither the view's owner nor its `owner` tag names who
 * answers for it.
 */
export function discoveredFeatureEntity(
  config: FeastRegistryConfig,
  view: FeatureStoreView,
  options: { name: string; sources?: string[] },
): Entity | undefined {
  const owner = feastOwnerOf(view);
  if (!owner) return undefined;
  // Like MLflow discovery: the `lifecycle` tag when it names one, else
  // `experimental`. Serving online says how the view is served, not that
  // anyone stands behind it as a production asset: nobody has declared it,
  // and `production` is what owners claim in a catalog-info.yaml: it raises
  // the stakes (a production Feature whose view disappears fails its
  // feature-store health check; an experimental one only warns).
  const lifecycleTag =
    view.tags[LIFECYCLE_TAG]?.trim().toLocaleLowerCase('en-US');
  const lifecycle = (LIFECYCLES as readonly string[]).includes(
    lifecycleTag ?? '',
  )
    ? lifecycleTag!
    : 'experimental';
  const ttl = isoDurationOfSeconds(view.ttlSeconds);
  // `spec.entities` holds join keys (`customer_id`); Feast's entity names
  // (`customer`) only when a registry gave no join keys.
  const entities = view.joinKeys?.length ? view.joinKeys : view.entities;
  // No link and no URL: the registry server has no page to show, and the
  // location annotations the catalog requires name the view, not a host.
  const location = `feast:${config.id}/${view.project}/${view.name}`;
  return {
    apiVersion: ML_API_VERSION,
    kind: FEATURE_KIND,
    metadata: {
      name: options.name,
      namespace: FEAST_DISCOVERY_NAMESPACE,
      title: featureTitleFor(view.name) || view.name,
      description:
        view.description ||
        `Feature view "${view.name}" of project "${view.project}" in Feast "${config.id}", found in the registry. Declare it in a catalog-info.yaml to describe it fully.`,
      tags: [...new Set(['feast', 'discovered', ...feastTagsOf(view)])],
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [ANNOTATION_DISCOVERED_BY]: `feast:${config.id}`,
      },
    },
    spec: {
      owner,
      lifecycle,
      ...(entities.length > 0 && { entities }),
      ...(view.features.length > 0 && {
        features: view.features.map(f => ({
          name: f.name,
          dtype: feastDtype(f.type),
          ...(f.description && { description: f.description }),
        })),
      }),
      ...(options.sources?.length && { sources: options.sources }),
      // Feast keeps every view in its offline store; online ones in both.
      store: view.online ? 'both' : 'offline',
      ...(ttl && { ttl }),
      registry: {
        feast: {
          project: view.project,
          featureView: view.name,
          instance: config.id,
        },
      },
    },
  };
}
