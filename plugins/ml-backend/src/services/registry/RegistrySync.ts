import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RegistrySyncRun } from '@ml-marketplace/plugin-ml-common';
import {
  IdRegistry,
  MlFeatureStoreConnector,
  MlRegistryConnector,
  MlRegistryError,
} from '@ml-marketplace/plugin-ml-node';
import type { FeatureStoreStore } from '../../database/FeatureStoreStore';
import type { RegistryStore } from '../../database/RegistryStore';
import { hashOf } from '../health/hashing';
import {
  featureStoreTarget,
  modelRegistryTarget,
  type StoredHash,
  type SyncItem,
  type SyncRead,
  type SyncTarget,
} from './syncTargets';

export interface RegistrySyncOptions {
  store: RegistryStore;
  connectors: IdRegistry<MlRegistryConnector>;
  /** Feature stores (Feast), synced by the same rules into their own table. */
  featureStores?: {
    connectors: IdRegistry<MlFeatureStoreConnector>;
    store: FeatureStoreStore;
  };
  /** Told after a run that wrote or deleted something. */
  onChange?: (registryId: string) => void;
  logger: LoggerService;
  /** This replica, recorded with each run. */
  replica: string;
  /** A run still marked running after this long is taken as crashed. */
  staleRunMs?: number;
  now?: () => Date;
}

/** A sync is already going: the caller should wait for it. */
export class SyncInProgressError extends Error {
  constructor(registryId: string, startedAt: string) {
    super(
      `A sync of registry "${registryId}" has been running since ${startedAt}; wait for it to finish`,
    );
  }
}

/**
 * Brings the stored copy of one model registry or feature store up to date.
 * A failed read changes nothing stored; the run is logged as failed with the
 * reason. Only objects whose content changed are written, so a quiet
 * registry costs no writes.
 */
export class RegistrySync {
  private readonly running = new Set<string>();

  constructor(private readonly options: RegistrySyncOptions) {}

  private now() {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  connector(
    registryId: string,
  ): MlRegistryConnector | MlFeatureStoreConnector | undefined {
    return (
      this.options.connectors.list().find(c => c.id === registryId) ??
      this.options.featureStores?.connectors
        .list()
        .find(c => c.id === registryId)
    );
  }

  private target(registryId: string): SyncTarget | undefined {
    const { connectors, featureStores, store } = this.options;
    const registry = connectors.list().find(c => c.id === registryId);
    if (registry) return modelRegistryTarget(registry, store) as SyncTarget;
    const featureStore = featureStores?.connectors
      .list()
      .find(c => c.id === registryId);
    return featureStore
      ? (featureStoreTarget(featureStore, featureStores!.store) as SyncTarget)
      : undefined;
  }

  /**
   * Records a run and starts it; resolves with the finished run. Refuses a
   * second run of the same registry while one is going, on any replica.
   */
  async start(
    registryId: string,
    trigger: 'scheduled' | 'manual',
    signal: AbortSignal,
  ): Promise<{ id: number; done: Promise<RegistrySyncRun> }> {
    const { store } = this.options;
    const connector = this.target(registryId);
    if (!connector) {
      throw new Error(`No registry with id "${registryId}" is configured`);
    }
    const staleMs = this.options.staleRunMs ?? 30 * 60_000;
    const since = new Date(Date.parse(this.now()) - staleMs).toISOString();
    const going = await store.runningSince(registryId, since);
    if (going || this.running.has(registryId)) {
      throw new SyncInProgressError(registryId, going?.startedAt ?? 'just now');
    }
    this.running.add(registryId);
    const id = await store.startRun({
      registryId,
      trigger,
      replica: this.options.replica,
      startedAt: this.now(),
    });
    const done = this.run(id, connector, signal).finally(() =>
      this.running.delete(registryId),
    );
    return { id, done };
  }

  /** Runs a sync to the end (the scheduled task's way). */
  async sync(
    registryId: string,
    trigger: 'scheduled' | 'manual',
    signal: AbortSignal,
  ): Promise<RegistrySyncRun> {
    return (await this.start(registryId, trigger, signal)).done;
  }

  private async run(
    id: number,
    connector: SyncTarget,
    signal: AbortSignal,
  ): Promise<RegistrySyncRun> {
    const { store, logger } = this.options;
    const fail = async (error: string) => {
      await store.finishRun(id, {
        status: 'failed',
        finishedAt: this.now(),
        error,
      });
      logger.warn(
        `Registry sync of "${connector.id}" failed; its last synced data stays: ${error}`,
      );
      return (await store.run(id))!;
    };

    // What is stored is read while the registry answers.
    const stored = connector.hashes();
    stored.catch(() => undefined);
    let result;
    try {
      result = await connector.read(signal, stored);
    } catch (error) {
      const message =
        error instanceof MlRegistryError
          ? error.message
          : `unexpected error: ${(error as Error).message}`;
      return fail(message);
    }

    try {
      return await this.apply(id, connector, result, await stored);
    } catch (error) {
      return fail(`could not store the answer: ${(error as Error).message}`);
    }
  }

  private async apply(
    id: number,
    target: SyncTarget,
    result: SyncRead,
    stored: Map<string, StoredHash>,
  ): Promise<RegistrySyncRun> {
    const { store, logger } = this.options;
    const active = [...stored.values()].filter(s => !s.deleted).length;
    const listed =
      result.items.length +
      result.skipped.length +
      (result.unchanged?.length ?? 0);
    if (listed === 0 && active) {
      const error =
        `the registry listed no ${target.noun} while ${active} were synced before; ` +
        `kept them all. An empty answer usually means the credentials may no longer list them`;
      await store.finishRun(id, {
        status: 'failed',
        finishedAt: this.now(),
        error,
      });
      logger.warn(`Registry sync of "${target.id}" failed: ${error}`);
      return (await store.run(id))!;
    }

    const changed: Array<{ item: SyncItem; hash: string; isNew: boolean }> = [];
    const refingerprinted: SyncItem[] = [];
    const unchanged = result.unchanged ?? [];
    const seen = new Set<string>([
      ...result.skipped.map(s => s.key),
      ...unchanged,
    ]);
    for (const item of result.items) {
      seen.add(item.key);
      const hash = target.hash ? target.hash(item.value) : hashOf(item.value);
      const before = stored.get(item.key);
      if (!before || before.hash !== hash || before.deleted) {
        changed.push({ item, hash, isNew: !before });
      } else if (item.fingerprint && item.fingerprint !== before.fingerprint) {
        // Same content sent differently (or stored before fingerprints):
        // remember how it looks now, so the next sync skips it.
        refingerprinted.push(item);
      }
    }
    // Only a complete listing may say an object is gone.
    const gone = result.complete
      ? [...stored]
          .filter(([key, s]) => !s.deleted && !seen.has(key))
          .map(([key]) => key)
      : [];
    const applied = await target.apply(
      changed,
      gone,
      this.now(),
      refingerprinted,
    );

    const notes = [
      ...result.warnings,
      ...(result.skipped.length
        ? [
            `${result.skipped.length} of the ${
              target.noun
            } skipped, their last synced data kept: ${result.skipped
              .slice(0, 3)
              .map(s => `${s.label} (${s.reason})`)
              .join('; ')}${result.skipped.length > 3 ? '; …' : ''}`,
          ]
        : []),
    ];
    const counted =
      result.items.filter(i => i.counted).length + unchanged.length;
    await store.finishRun(id, {
      status: notes.length ? 'partial' : 'succeeded',
      finishedAt: this.now(),
      ...(notes.length && { error: notes.join('. ') }),
      modelsSeen: counted + result.skipped.length,
      modelsWritten: applied.written,
      modelsSkipped: result.skipped.length,
      modelsDeleted: applied.deleted,
      skipped: result.skipped.map(s => ({ model: s.label, reason: s.reason })),
    });
    const run = (await store.run(id))!;
    if (changed.length || gone.length) this.options.onChange?.(target.id);
    if (applied.written || applied.deleted || notes.length) {
      logger.info(
        `Registry sync of "${target.id}": ${run.modelsSeen} ${target.noun} seen, ${applied.written} written, ${applied.deleted} marked deleted, ${result.skipped.length} skipped`,
      );
    }
    return run;
  }
}
