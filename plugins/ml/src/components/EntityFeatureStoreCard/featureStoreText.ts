/**
 * The Feature store card's facts in words: durations ("1 day"), view types,
 * how fresh a view's online values are, and which features the store and the
 * entity do not share.
 */
import type {
  FeatureStoreField,
  FeatureStoreFreshness,
} from '@ml-marketplace/plugin-ml-common';
import {
  formatDateTime,
  isPast,
  relativeTime,
} from '../shared/entityCardFormat';

const UNITS: Array<[string, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** 86400 -> "1 day", 5400 -> "1 hour 30 minutes", 0 -> "0 seconds". */
export function secondsInWords(seconds: number): string {
  let rest = Math.round(seconds);
  const words: string[] = [];
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) words.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return words.length ? words.join(' ') : '0 seconds';
}

const VIEW_TYPES: Record<string, string> = {
  featureView: 'Batch feature view',
  onDemandFeatureView: 'On-demand feature view',
  streamFeatureView: 'Stream feature view',
};

/** `featureView` -> "Batch feature view"; unknown types as the store names them. */
export function viewTypeLabel(type: string): string {
  return VIEW_TYPES[type] ?? type;
}

/** "2 hours ago (2025-03-02 10:00)"; a time still to come as a date only. */
function materializedPhrase(iso: string, now: number): string {
  return isPast(iso, now)
    ? `${relativeTime(iso, now)} (${formatDateTime(iso)})`
    : formatDateTime(iso);
}

/** How fresh a view's online values are, as one sentence and its status. */
export function describeFreshness(
  freshness: FeatureStoreFreshness,
  options: { online: boolean; now?: number },
): { status: FeatureStoreFreshness['status']; text: string } {
  const now = options.now ?? Date.now();
  const { materializedUntil, limitSeconds, limitFrom, status } = freshness;
  const limit =
    limitSeconds !== undefined
      ? `${secondsInWords(limitSeconds)} (${
          limitFrom === 'entity ttl' ? "the entity's ttl" : 'view TTL'
        })`
      : undefined;
  const upTo = materializedUntil
    ? `materialized up to ${materializedPhrase(materializedUntil, now)}`
    : undefined;

  switch (status) {
    case 'fresh':
      return {
        status,
        text: `Fresh: ${upTo ?? 'materialized'}${
          limit ? `; allowed ${limit}` : ''
        }.`,
      };
    case 'stale':
      return {
        status,
        text: `Stale: ${upTo ?? 'materialized'}${
          limit ? `, longer ago than the allowed ${limit}` : ''
        }. The next materialization (feast materialize-incremental) brings the online values up to date.`,
      };
    case 'never':
      return {
        status,
        text: `Never materialized: the online store holds no values of this view yet${
          limit ? `; allowed ${limit}` : ''
        }. Run feast materialize-incremental to load them.`,
      };
    default:
      if (!options.online) {
        return {
          status,
          text: 'Offline only: the view is not loaded into an online store, so the freshness of online values does not apply.',
        };
      }
      return {
        status,
        text: `${
          upTo ? `M${upTo.slice(1)}` : 'No materialization recorded'
        }; freshness unknown: neither the view's TTL nor the entity's ttl sets an allowed age.`,
      };
  }
}

/** A feature as the entity declares it in `spec.features`. */
export interface DeclaredFeature {
  name: string;
  dtype?: string;
  description?: string;
}

/** One row of the features table: the store's features, then those only the entity declares. */
export interface FeatureRow {
  name: string;
  /** The store's type; absent for a feature the store lacks. */
  storeType?: string;
  declaredDtype?: string;
  description?: string;
  /** Set only when the entity declares `spec.features`. */
  mark?: 'not declared' | 'not in the store';
}

/** `spec.features` of a Feature entity; undefined when it declares none (no list). */
export function declaredFeaturesOf(
  spec: Record<string, unknown> | undefined,
): DeclaredFeature[] | undefined {
  const features = spec?.features;
  if (!Array.isArray(features)) return undefined;
  return features
    .filter(
      (f): f is Record<string, unknown> =>
        !!f && typeof f === 'object' && typeof f.name === 'string',
    )
    .map(f => ({
      name: f.name as string,
      ...(typeof f.dtype === 'string' && { dtype: f.dtype }),
      ...(typeof f.description === 'string' && {
        description: f.description,
      }),
    }));
}

/**
 * The store's features in its order, each marked when the entity does not
 * declare it, then the declared features the store lacks. Without a
 * declaration nothing is marked.
 */
export function featureRows(
  store: FeatureStoreField[],
  declared: DeclaredFeature[] | undefined,
): FeatureRow[] {
  const declaredByName = new Map((declared ?? []).map(f => [f.name, f]));
  const inStore = new Set(store.map(f => f.name));
  const rows: FeatureRow[] = store.map(f => {
    const own = declaredByName.get(f.name);
    return {
      name: f.name,
      storeType: f.type,
      ...(own?.dtype && { declaredDtype: own.dtype }),
      ...((f.description ?? own?.description) && {
        description: f.description ?? own?.description,
      }),
      ...(declared && !own && { mark: 'not declared' as const }),
    };
  });
  for (const f of declared ?? []) {
    if (inStore.has(f.name)) continue;
    rows.push({
      name: f.name,
      ...(f.dtype && { declaredDtype: f.dtype }),
      ...(f.description && { description: f.description }),
      mark: 'not in the store',
    });
  }
  return rows;
}

/** Without a trailing period, to end a sentence of our own. */
export const sentence = (text: string) => text.replace(/[.\s]+$/, '');
