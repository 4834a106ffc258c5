import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type {
  FeatureStoreService,
  FeatureStoreView,
} from '@ml-marketplace/plugin-ml-common';

/** What one read of a feature store returned. */
export interface FeatureStoreReadResult {
  views: FeatureStoreView[];
  services: FeatureStoreService[];
  /** Views left out because they could not be read (`project/view`), with why. */
  skipped: Array<{ view: string; reason: string }>;
  /** False when a listing may be incomplete: missing views must not be taken as deleted. */
  complete: boolean;
  /** Oddities worth a log line that did not stop the read. */
  warnings: string[];
  /**
   * Views (`project/view`) the caller's `known` recognised by fingerprint:
   * listed, unchanged since they were stored, and not parsed again.
   */
  unchanged?: string[];
  /** The fingerprint of each view in `views`, by `project/view`, to store with it. */
  fingerprints?: Record<string, string>;
}

/** Options of one read of a feature store. */
export interface FeatureStoreReadOptions {
  signal: AbortSignal;
  /**
   * Whether a view with this fingerprint (the connector's digest of what the
   * store sent, format included) is already stored as it is. A connector may
   * then leave the view out of `views` and list it in `unchanged`.
   */
  known?(view: { project: string; name: string }, fingerprint: string): boolean;
}

/**
 * A connection to a feature store's registry (Feast first). A sibling of
 * {@link MlRegistryConnector}: a feature store holds views and services, not
 * registered models. The ML backend reads it on a schedule and keeps the last
 * good answer; `readAll` throws {@link MlRegistryError} when the store as a
 * whole cannot be read, and nothing stored changes then.
 */
export interface MlFeatureStoreConnector {
  /** Unique across every configured registry and feature store; Features name it in `spec.registry.feast.instance`. */
  readonly id: string;
  /** e.g. `feast`. */
  readonly type: string;
  /** Where the store's registry is, without credentials. */
  readonly location?: string;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;
  readAll(options: FeatureStoreReadOptions): Promise<FeatureStoreReadResult>;
}
