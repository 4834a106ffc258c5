import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  RegistryModel,
  RegistrySyncRun,
} from '@ml-marketplace/plugin-ml-common';
import {
  IdRegistry,
  MlRegistryConnector,
  MlRegistryError,
  MlRegistryReadResult,
} from '@ml-marketplace/plugin-ml-node';
import type { RegistryStore } from '../../database/RegistryStore';
import { hashOf } from '../health/hashing';

export interface RegistrySyncOptions {
  store: RegistryStore;
  connectors: IdRegistry<MlRegistryConnector>;
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
 * Brings the stored copy of one registry up to date. A failed read changes
 * nothing stored; the run is logged as failed with the reason. Only models
 * whose content changed are written, so a quiet registry costs no writes.
 */
export class RegistrySync {
  private readonly running = new Set<string>();

  constructor(private readonly options: RegistrySyncOptions) {}

  private now() {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  connector(registryId: string): MlRegistryConnector | undefined {
    return this.options.connectors.list().find(c => c.id === registryId);
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
    const connector = this.connector(registryId);
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
    connector: MlRegistryConnector,
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

    let result;
    try {
      result = await connector.readAll({ signal });
    } catch (error) {
      const message =
        error instanceof MlRegistryError
          ? error.message
          : `unexpected error: ${(error as Error).message}`;
      return fail(message);
    }

    try {
      return await this.apply(id, connector, result);
    } catch (error) {
      return fail(`could not store the answer: ${(error as Error).message}`);
    }
  }

  private async apply(
    id: number,
    connector: MlRegistryConnector,
    result: MlRegistryReadResult,
  ): Promise<RegistrySyncRun> {
    const { store, logger } = this.options;
    const stored = await store.hashes(connector.id);
    const active = [...stored.values()].filter(s => !s.deleted).length;
    if (
      result.models.length === 0 &&
      result.skipped.length === 0 &&
      active > 0
    ) {
      const error =
        `the registry listed no registered models while ${active} were synced before; ` +
        `kept them all. An empty answer usually means the credentials may no longer list models`;
      await store.finishRun(id, {
        status: 'failed',
        finishedAt: this.now(),
        error,
      });
      logger.warn(`Registry sync of "${connector.id}" failed: ${error}`);
      return (await store.run(id))!;
    }

    const changed: Array<{
      model: RegistryModel;
      hash: string;
      isNew: boolean;
    }> = [];
    const seen = new Set<string>(result.skipped.map(s => s.model));
    for (const model of result.models) {
      seen.add(model.name);
      const hash = hashOf(model);
      const before = stored.get(model.name);
      if (!before || before.hash !== hash || before.deleted) {
        changed.push({ model, hash, isNew: !before });
      }
    }
    // Only a complete listing may say a model is gone.
    const gone = result.complete
      ? [...stored]
          .filter(([name, s]) => !s.deleted && !seen.has(name))
          .map(([name]) => name)
      : [];
    const applied = await store.apply(connector.id, changed, gone, this.now());

    const notes = [
      ...result.warnings,
      ...(result.skipped.length
        ? [
            `${
              result.skipped.length
            } registered model(s) skipped, their last synced data kept: ${result.skipped
              .slice(0, 3)
              .map(s => `${s.model} (${s.reason})`)
              .join('; ')}${result.skipped.length > 3 ? '; …' : ''}`,
          ]
        : []),
    ];
    await store.finishRun(id, {
      status: notes.length ? 'partial' : 'succeeded',
      finishedAt: this.now(),
      ...(notes.length && { error: notes.join('. ') }),
      modelsSeen: result.models.length + result.skipped.length,
      modelsWritten: applied.written,
      modelsSkipped: result.skipped.length,
      modelsDeleted: applied.deleted,
      skipped: result.skipped,
    });
    const run = (await store.run(id))!;
    if (applied.written || applied.deleted || notes.length) {
      logger.info(
        `Registry sync of "${connector.id}": ${run.modelsSeen} models seen, ${applied.written} written, ${applied.deleted} marked deleted, ${result.skipped.length} skipped`,
      );
    }
    return run;
  }
}
