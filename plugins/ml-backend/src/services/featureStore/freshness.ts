import {
  isoDurationMs,
  type FeatureStoreFreshness,
  type FeatureStoreView,
} from '@ml-marketplace/plugin-ml-common';

/**
 * How fresh a view's online values are: the end of its latest
 * materialization against the view's TTL, else the Feature's declared `ttl`.
 * Offline-only views are not materialized, so their freshness is unknown here.
 */
export function freshnessOf(
  view: FeatureStoreView,
  entityTtl: string | undefined,
  now: Date,
): FeatureStoreFreshness {
  const declaredMs = entityTtl ? isoDurationMs(entityTtl) : undefined;
  let limit: Pick<FeatureStoreFreshness, 'limitSeconds' | 'limitFrom'> = {};
  if (view.ttlSeconds !== undefined) {
    limit = { limitSeconds: view.ttlSeconds, limitFrom: 'view ttl' };
  } else if (declaredMs) {
    limit = {
      limitSeconds: Math.round(declaredMs / 1000),
      limitFrom: 'entity ttl',
    };
  }
  const materialized = view.materializedUntil && {
    materializedUntil: view.materializedUntil,
  };
  if (!view.online) return { ...materialized, ...limit, status: 'unknown' };
  if (!view.materializedUntil) return { ...limit, status: 'never' };
  if (limit.limitSeconds === undefined) {
    return { ...materialized, status: 'unknown' };
  }
  const ageMs = now.getTime() - Date.parse(view.materializedUntil);
  return {
    ...materialized,
    ...limit,
    status: ageMs > limit.limitSeconds * 1000 ? 'stale' : 'fresh',
  };
}
