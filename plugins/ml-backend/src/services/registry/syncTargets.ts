import crypto from 'node:crypto';
import type {
  FeatureStoreService,
  FeatureStoreView,
  RegistryModel,
} from '@ml-marketplace/plugin-ml-common';
import type {
  MlFeatureStoreConnector,
  MlRegistryConnector,
} from '@ml-marketplace/plugin-ml-node';
import {
  FeatureStoreStore,
  featureStoreKey,
  type FeatureStoreObject,
} from '../../database/FeatureStoreStore';
import type { RegistryStore } from '../../database/RegistryStore';

/** Node's one-shot hash (20.12+) where it exists: no Hash object per call. */
const sha256 = (text: string): string =>
  typeof crypto.hash === 'function'
    ? crypto.hash('sha256', text)
    : crypto.createHash('sha256').update(text).digest('hex');

/** One object of a read: a registered model, a feature view or service. */
export interface SyncItem<T = unknown> {
  key: string;
  value: T;
  /** Counted in the run's figures (models, views); services ride along. */
  counted: boolean;
  /** The connector's digest of what the registry sent, stored with the item. */
  fingerprint?: string;
}

export interface SyncRead<T = unknown> {
  items: SyncItem<T>[];
  /** Keys left out of this read: their stored copy is kept as it is. */
  skipped: Array<{ key: string; label: string; reason: string }>;
  /** Keys the connector recognised as stored and unchanged, not read again. */
  unchanged?: string[];
  complete: boolean;
  warnings: string[];
}

/** What is stored of one item: enough to tell whether a read changed it. */
export interface StoredHash {
  hash: string;
  deleted: boolean;
  fingerprint?: string;
}

/**
 * What {@link RegistrySync} syncs: a model registry or a feature store, read
 * through its connector and kept in its own table. The sync rules (keep the
 * last good answer, write only what changed, delete only on a complete
 * listing) are the same for both.
 */
export interface SyncTarget<T = unknown> {
  readonly id: string;
  /** What the counted objects are, for messages: "registered models". */
  readonly noun: string;
  /** `stored` is what {@link SyncTarget.hashes} answers, read once per sync. */
  read(
    signal: AbortSignal,
    stored: Promise<Map<string, StoredHash>>,
  ): Promise<SyncRead<T>>;
  /** The hash compared with the stored one; stable key-sorted JSON when absent. */
  hash?(value: T): string;
  hashes(): Promise<Map<string, StoredHash>>;
  apply(
    changed: Array<{ item: SyncItem<T>; hash: string; isNew: boolean }>,
    gone: string[],
    now: string,
    /** Unchanged items whose fingerprint is new: only that is stored. */
    refingerprinted?: SyncItem<T>[],
  ): Promise<{ written: number; deleted: number }>;
}

export function modelRegistryTarget(
  connector: MlRegistryConnector,
  store: RegistryStore,
): SyncTarget<RegistryModel> {
  return {
    id: connector.id,
    noun: 'registered models',
    async read(signal) {
      const result = await connector.readAll({ signal });
      return {
        items: result.models.map(m => ({
          key: m.name,
          value: m,
          counted: true,
        })),
        skipped: result.skipped.map(s => ({
          key: s.model,
          label: s.model,
          reason: s.reason,
        })),
        complete: result.complete,
        warnings: result.warnings,
      };
    },
    hashes: () => store.hashes(connector.id),
    apply: (changed, gone, now) =>
      store.apply(
        connector.id,
        changed.map(c => ({
          model: c.item.value,
          hash: c.hash,
          isNew: c.isNew,
        })),
        gone,
        now,
      ),
  };
}

export function featureStoreTarget(
  connector: MlFeatureStoreConnector,
  store: FeatureStoreStore,
): SyncTarget<FeatureStoreObject> {
  const item = (
    type: FeatureStoreObject['type'],
    value: FeatureStoreView | FeatureStoreService,
    fingerprint?: string,
  ): SyncItem<FeatureStoreObject> => ({
    key: featureStoreKey(type, value.project, value.name),
    // The fingerprint is not content: it stays out of the hashed value.
    value: { type, project: value.project, name: value.name, value },
    counted: type === 'view',
    ...(fingerprint && { fingerprint }),
  });
  const viewKey = (label: string) => {
    const slash = label.indexOf('/');
    return featureStoreKey(
      'view',
      label.slice(0, slash),
      label.slice(slash + 1),
    );
  };
  return {
    id: connector.id,
    noun: 'feature views',
    // The connector builds views in a fixed key order (tags sorted), so
    // plain JSON is canonical: a third of the cost of key-sorting it.
    hash: object => sha256(JSON.stringify(object)),
    async read(signal, storedHashes) {
      // Views stored with the fingerprint the store's answer has now are not
      // validated and mapped again: most of a quiet re-sync's cost.
      const stored = await storedHashes;
      const result = await connector.readAll({
        signal,
        known: ({ project, name }, fingerprint) => {
          const row = stored.get(featureStoreKey('view', project, name));
          return Boolean(
            row && !row.deleted && row.fingerprint === fingerprint,
          );
        },
      });
      const fingerprints = result.fingerprints ?? {};
      return {
        items: [
          ...result.views.map(v =>
            item('view', v, fingerprints[`${v.project}/${v.name}`]),
          ),
          ...result.services.map(s => item('service', s)),
        ],
        skipped: result.skipped.map(s => ({
          key: viewKey(s.view),
          label: s.view,
          reason: s.reason,
        })),
        unchanged: (result.unchanged ?? []).map(viewKey),
        complete: result.complete,
        warnings: result.warnings,
      };
    },
    hashes: () => store.hashes(connector.id),
    apply: (changed, gone, now, refingerprinted) =>
      store.apply(
        connector.id,
        changed.map(c => ({
          object: { ...c.item.value, fingerprint: c.item.fingerprint },
          hash: c.hash,
          isNew: c.isNew,
        })),
        gone,
        now,
        (refingerprinted ?? []).map(i => ({
          ...i.value,
          fingerprint: i.fingerprint,
        })),
      ),
  };
}
