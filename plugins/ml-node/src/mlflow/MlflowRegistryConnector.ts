import { personErrorMap } from '@ml-marketplace/plugin-ml-common';
import type {
  RegistryMetricPoint,
  RegistryModel,
  RegistryModelVersion,
  RegistryRun,
  RegistrySignature,
} from '@ml-marketplace/plugin-ml-common';
import {
  MlRegistryConnector,
  MlRegistryError,
  MlRegistryReadResult,
  MlRegistrySkip,
} from '../registryConnectors';
import type { MlflowRegistryConfig } from './config';
import { MlflowClient } from './MlflowClient';
import { signatureOfMlmodel, versionsForSignature } from './mlmodelSignature';
import {
  MlflowModelVersion,
  MlflowRegisteredModel,
  MlflowRun,
  mlflowMetricHistory,
  mlflowModelVersion,
  mlflowRegisteredModel,
  mlflowRegisteredModelAnswer,
  mlflowRun,
} from './schemas';

const iso = (ms: number | string | undefined) =>
  ms === undefined || Number(ms) <= 0
    ? undefined
    : new Date(Number(ms)).toISOString();

const tagMap = (tags?: Array<{ key: string; value?: string }>) =>
  Object.fromEntries((tags ?? []).map(t => [t.key, t.value ?? '']));

/**
 * MLflow stores a dataset's source as JSON of its source type, e.g.
 * `{"uri": "s3://lake/customers"}`; the URI is what people recognise.
 */
export function datasetSourceUri(source: string | undefined) {
  if (!source) return undefined;
  try {
    const parsed = JSON.parse(source);
    if (parsed && typeof parsed === 'object') {
      for (const key of [
        'uri',
        'url',
        'path',
        'table_name',
        'delta_table_name',
      ]) {
        if (typeof parsed[key] === 'string' && parsed[key]) return parsed[key];
      }
    }
  } catch {
    /* a plain string */
  }
  return source;
}

/** Runs `fn` over `items`, `limit` at a time, in order of completion. */
async function eachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
}

export interface MlflowReadOptions {
  signal: AbortSignal;
  /** Read each version's run (metrics, params, datasets). Discovery needs none. */
  runs?: boolean;
  /** Read versions at all. */
  versions?: boolean;
}

/**
 * Reads an MLflow registry through REST API 2.0: every registered model
 * (`registered-models/search`), their versions (`model-versions/search`) and
 * the run behind each version (`runs/get`), page by page.
 */
export class MlflowRegistryConnector implements MlRegistryConnector {
  readonly type = 'mlflow';
  readonly id: string;
  readonly location: string;
  readonly schedule: MlflowRegistryConfig['schedule'];
  private readonly client: MlflowClient;

  constructor(private readonly config: MlflowRegistryConfig) {
    this.id = config.id;
    this.location = config.baseUrl;
    this.schedule = config.schedule;
    this.client = new MlflowClient(config);
  }

  readAll(options: { signal: AbortSignal }): Promise<MlRegistryReadResult> {
    return this.read({ ...options, runs: true, versions: true });
  }

  async read(options: MlflowReadOptions): Promise<MlRegistryReadResult> {
    const { signal } = options;
    const skipped = new Map<string, string>();
    const warnings: string[] = [];

    const listing = await this.client.paginate(
      'registered-models/search',
      'registered_models',
      { max_results: this.config.pageSize, filter: this.config.filter },
      signal,
    );
    let complete = listing.complete;
    if (!listing.complete) {
      warnings.push(
        `registered-models/search repeated a page token after ${listing.pages} pages; read what it gave and kept the rest`,
      );
    }
    const models = new Map<string, MlflowRegisteredModel>();
    listing.items.forEach((item, i) => {
      const parsed = mlflowRegisteredModel.safeParse(item, {
        error: personErrorMap,
      });
      if (parsed.success) models.set(parsed.data.name, parsed.data);
      else {
        const name = (item as { name?: unknown })?.name;
        skipped.set(
          typeof name === 'string' ? name : `(item ${i} of the listing)`,
          `registered-models/search gave an entry of unexpected shape at ${parsed.error.issues[0].path.join(
            '.',
          )}: ${parsed.error.issues[0].message}`,
        );
        // A model we cannot name must not be taken as deleted.
        if (typeof name !== 'string') complete = false;
      }
    });

    const versions = new Map<string, MlflowModelVersion[]>();
    if (options.versions !== false && models.size > 0) {
      const scans = this.config.filter
        ? [...models.keys()].map(name => `name='${name.replace(/'/g, "\\'")}'`)
        : [undefined];
      for (const filter of scans) {
        const page = await this.client.paginate(
          'model-versions/search',
          'model_versions',
          { max_results: this.config.versionPageSize, filter },
          signal,
        );
        if (!page.complete) {
          complete = false;
          warnings.push(
            'model-versions/search repeated a page token; versions may be missing this run',
          );
        }
        for (const item of page.items) {
          const parsed = mlflowModelVersion.safeParse(item, {
            error: personErrorMap,
          });
          const name = (item as { name?: unknown })?.name;
          if (!parsed.success) {
            if (typeof name === 'string') {
              skipped.set(
                name,
                `model-versions/search gave a version of unexpected shape at ${parsed.error.issues[0].path.join(
                  '.',
                )}: ${parsed.error.issues[0].message}`,
              );
            }
            continue;
          }
          if (!models.has(parsed.data.name)) continue;
          const list = versions.get(parsed.data.name) ?? [];
          list.push(parsed.data);
          versions.set(parsed.data.name, list);
        }
      }
    }

    const runs = new Map<string, RegistryRun>();
    if (options.runs !== false) {
      const wanted = new Map<string, string[]>(); // run id -> models
      for (const [name, list] of versions) {
        if (skipped.has(name)) continue;
        for (const v of list) {
          if (!v.run_id) continue;
          wanted.set(v.run_id, [...(wanted.get(v.run_id) ?? []), name]);
        }
      }
      await eachLimited(
        [...wanted.keys()],
        this.config.runConcurrency,
        async runId => {
          if (signal.aborted) return;
          try {
            const { run } = await this.client.get(
              'runs/get',
              { run_id: runId },
              mlflowRun,
              signal,
            );
            runs.set(runId, this.toRun(run));
          } catch (error) {
            if (!(error instanceof MlRegistryError)) throw error;
            if (error.kind === 'not-found') {
              runs.set(runId, {
                id: runId,
                metrics: {},
                params: {},
                datasets: [],
                unavailable: 'the run no longer exists in MLflow',
              });
            } else if (error.kind === 'auth' || error.kind === 'aborted') {
              throw error;
            } else {
              for (const name of wanted.get(runId) ?? []) {
                skipped.set(name, `run ${runId}: ${error.message}`);
              }
            }
          }
        },
      );
      if (signal.aborted) {
        throw new MlRegistryError(
          'aborted',
          `MLflow registry "${this.id}": aborted`,
        );
      }
    }

    const signatures =
      options.runs !== false && this.config.signatures
        ? await this.readSignatures(models, versions, skipped, warnings, signal)
        : new Map<string, RegistrySignature>();

    const result: RegistryModel[] = [];
    for (const model of models.values()) {
      if (skipped.has(model.name)) continue;
      result.push(
        this.toModel(model, versions.get(model.name) ?? [], runs, signatures),
      );
    }
    return {
      models: result,
      skipped: [...skipped].map(
        ([model, reason]): MlRegistrySkip => ({ model, reason }),
      ),
      complete,
      warnings,
    };
  }

  /**
   * The signatures of the versions that serve or will, keyed `name/version`,
   * from each version's MLmodel file, one attempt each: a signature is not
   * worth a backoff. A version registered from files that hold no MLmodel
   * has none: MLflow answers 404, or 500 for a missing artifact. A file that
   * arrives but cannot be read, or a server that cannot be reached, is a
   * warning of the run; it never skips a model.
   */
  private async readSignatures(
    models: Map<string, MlflowRegisteredModel>,
    versions: Map<string, MlflowModelVersion[]>,
    skipped: Map<string, string>,
    warnings: string[],
    signal: AbortSignal,
  ): Promise<Map<string, RegistrySignature>> {
    const wanted: MlflowModelVersion[] = [];
    for (const [name, list] of versions) {
      if (skipped.has(name)) continue;
      const aliases: Record<string, string> = {};
      for (const a of models.get(name)?.aliases ?? []) {
        aliases[a.alias] = a.version;
      }
      wanted.push(...versionsForSignature(list, aliases));
    }
    const signatures = new Map<string, RegistrySignature>();
    const failed: string[] = [];
    await eachLimited(wanted, this.config.runConcurrency, async v => {
      if (signal.aborted) return;
      try {
        const text = await this.client.getFile(
          'model-versions/get-artifact',
          { name: v.name, version: v.version, path: 'MLmodel' },
          signal,
          { attempts: 1 },
        );
        const signature = signatureOfMlmodel(text);
        if (signature) signatures.set(`${v.name}/${v.version}`, signature);
      } catch (error) {
        if (error instanceof MlRegistryError) {
          if (error.kind === 'aborted') throw error;
          // No MLmodel: registered from files that are no MLflow model.
          // (A 5xx could also be a broken artifact store; the Versions card
          // then says the registry gave no signature, which is still true.)
          if (error.kind === 'not-found' || error.kind === 'server') return;
        }
        failed.push(`${v.name} ${v.version} (${(error as Error).message})`);
      }
    });
    if (failed.length) {
      warnings.push(
        `could not read the signature of ${
          failed.length
        } model version(s), shown without one: ${failed
          .slice(0, 3)
          .join('; ')}${failed.length > 3 ? '; …' : ''}`,
      );
    }
    return signatures;
  }

  /** `registered-models/get`, once: a form waits for the answer. */
  async hasModel(
    name: string,
    options: { signal: AbortSignal },
  ): Promise<boolean> {
    try {
      await this.client.get(
        'registered-models/get',
        { name },
        mlflowRegisteredModelAnswer,
        options.signal,
        { attempts: 1 },
      );
      return true;
    } catch (error) {
      if (error instanceof MlRegistryError && error.kind === 'not-found') {
        return false;
      }
      throw error;
    }
  }

  /**
   * `metrics/get-history`, page by page (MLflow answers nothing at all
   * without `max_results`).
   */
  async metricHistory(
    runId: string,
    metric: string,
    options: { signal: AbortSignal },
  ): Promise<RegistryMetricPoint[]> {
    const points: RegistryMetricPoint[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.client.get(
        'metrics/get-history',
        {
          run_id: runId,
          metric_key: metric,
          max_results: 25_000,
          page_token: token,
        },
        mlflowMetricHistory,
        options.signal,
      );
      for (const m of page.metrics ?? []) {
        points.push({
          step: Number(m.step ?? 0),
          value: typeof m.value === 'number' ? m.value : null,
          ...(iso(m.timestamp) && { timestamp: iso(m.timestamp) }),
        });
      }
      token = page.next_page_token || undefined;
      if (token && seen.has(token)) break;
      if (token) seen.add(token);
    } while (token);
    return points.sort((a, b) => a.step - b.step);
  }

  private toRun(run: MlflowRun): RegistryRun {
    const metrics: Record<string, number | null> = {};
    for (const m of run.data?.metrics ?? []) {
      metrics[m.key] = typeof m.value === 'number' ? m.value : null;
    }
    const params: Record<string, string> = {};
    for (const p of run.data?.params ?? []) params[p.key] = p.value ?? '';
    const featureTags = Object.fromEntries(
      Object.entries(tagMap(run.data?.tags)).filter(([key]) =>
        key.startsWith('feast.'),
      ),
    );
    const { info } = run;
    return {
      id: info.run_id,
      ...(info.run_name && { name: info.run_name }),
      url: `${this.config.uiUrl}/#/experiments/${encodeURIComponent(
        info.experiment_id,
      )}/runs/${encodeURIComponent(info.run_id)}`,
      ...(info.status && { status: info.status }),
      ...(iso(info.start_time) && { startedAt: iso(info.start_time) }),
      ...(iso(info.end_time) && { endedAt: iso(info.end_time) }),
      metrics,
      params,
      ...(Object.keys(featureTags).length && { featureTags }),
      datasets: (run.inputs?.dataset_inputs ?? []).map(input => {
        const context = tagMap(input.tags)['mlflow.data.context'];
        const source = datasetSourceUri(input.dataset.source);
        return {
          name: input.dataset.name,
          ...(input.dataset.digest && { digest: input.dataset.digest }),
          ...(source && { source }),
          ...(input.dataset.source_type && {
            sourceType: input.dataset.source_type,
          }),
          ...(context && { context }),
        };
      }),
    };
  }

  private toModel(
    model: MlflowRegisteredModel,
    list: MlflowModelVersion[],
    runs: Map<string, RegistryRun>,
    signatures: Map<string, RegistrySignature>,
  ): RegistryModel {
    const aliases: Record<string, string> = {};
    for (const a of model.aliases ?? []) aliases[a.alias] = a.version;
    const aliasesOf = (version: string, own?: string[]) =>
      [
        ...new Set([
          ...(own ?? []),
          ...Object.keys(aliases).filter(a => aliases[a] === version),
        ]),
      ].sort();
    const versions = [...list]
      .sort((a, b) => Number(b.version) - Number(a.version))
      .map((v): RegistryModelVersion => {
        const run = v.run_id ? runs.get(v.run_id) : undefined;
        const signature = signatures.get(`${v.name}/${v.version}`);
        return {
          version: v.version,
          aliases: aliasesOf(v.version, v.aliases),
          ...(v.current_stage && { stage: v.current_stage }),
          ...(v.status && { status: v.status }),
          ...(v.description && { description: v.description }),
          ...(iso(v.creation_timestamp) && {
            createdAt: iso(v.creation_timestamp),
          }),
          ...(iso(v.last_updated_timestamp) && {
            updatedAt: iso(v.last_updated_timestamp),
          }),
          ...(v.source && { source: v.source }),
          tags: tagMap(v.tags),
          ...(run && { run }),
          ...(signature && { signature }),
        };
      });
    return {
      name: model.name,
      ...(model.description && { description: model.description }),
      tags: tagMap(model.tags),
      aliases,
      ...(iso(model.creation_timestamp) && {
        createdAt: iso(model.creation_timestamp),
      }),
      ...(iso(model.last_updated_timestamp) && {
        updatedAt: iso(model.last_updated_timestamp),
      }),
      url: `${this.config.uiUrl}/#/models/${encodeURIComponent(model.name)}`,
      versions,
    };
  }
}
