import type { Entity } from '@backstage/catalog-model';
import {
  cardCompleteness,
  higherIsBetter,
  type ModelEvaluation,
  type RegistryModelResponse,
} from '@ml-marketplace/plugin-ml-common';

/** Metrics of the registry version that serves a model (its declared alias). */
export interface ServingMetrics {
  /** "v3 (champion)". */
  version: string;
  metrics: Record<string, number | null>;
}

/** One metric across the compared models; `best` holds the indexes of the best values. */
export interface MetricRow {
  label: string;
  /** Declared in the catalog (`spec.evaluation`) or logged in the registry. */
  source: 'declared' | 'registry';
  values: Array<number | undefined>;
  /** Per model, where the value comes from ("v3 (champion)"). */
  notes: Array<string | undefined>;
  best: number[];
  threshold?: number;
  higherIsBetter: boolean;
}

/** A compared column: a model, or nothing where the ref could not be read. */
export interface MetricSource {
  entity?: Entity;
  serving?: ServingMetrics;
}

/**
 * The registry version that serves: the declared alias, else the pinned
 * version, else the newest; undefined without a synced model.
 */
export function servingMetrics(
  response: RegistryModelResponse | undefined,
): ServingMetrics | undefined {
  const model = response?.model;
  if (!model || !model.versions.length) return undefined;
  const alias = response.declared?.alias;
  const number =
    (alias && model.aliases[alias]) ||
    response.declared?.version ||
    model.versions[0].version;
  const version = model.versions.find(v => v.version === number);
  if (!version?.run?.metrics) return undefined;
  const named = alias && model.aliases[alias] === number ? alias : undefined;
  return {
    version: `v${number}${named ? ` (${named})` : ''}`,
    metrics: version.run.metrics as Record<string, number | null>,
  };
}

/**
 * Lines up the metrics of several models: declared evaluation results by
 * metric, slice and dataset (its title), then the registry metrics of the
 * version that serves; the best value of each row is marked (lowest where
 * lower is better).
 */
export function metricRows(
  sources: MetricSource[],
  datasetTitle: (ref: string) => string = ref => ref,
): MetricRow[] {
  const rows = new Map<string, MetricRow>();
  const rowFor = (
    key: string,
    label: string,
    source: MetricRow['source'],
    direction: boolean,
    threshold?: number,
  ) => {
    let row = rows.get(key);
    if (!row) {
      row = {
        label,
        source,
        values: sources.map(() => undefined),
        notes: sources.map(() => undefined),
        best: [],
        higherIsBetter: direction,
        ...(threshold !== undefined && { threshold }),
      };
      rows.set(key, row);
    }
    return row;
  };
  sources.forEach(({ entity, serving }, index) => {
    for (const e of (entity?.spec?.evaluation as ModelEvaluation[]) ?? []) {
      const label = `${e.metric}${e.slice ? ` [${e.slice}]` : ''}${
        e.dataset ? ` on ${datasetTitle(e.dataset)}` : ''
      }`;
      const row = rowFor(
        `declared:${label}`,
        label,
        'declared',
        higherIsBetter(e.metric, e.higherIsBetter),
        e.threshold,
      );
      row.values[index] = e.value;
    }
    for (const [metric, value] of Object.entries(serving?.metrics ?? {})) {
      const row = rowFor(
        `registry:${metric}`,
        metric,
        'registry',
        higherIsBetter(metric),
      );
      row.values[index] =
        typeof value === 'number' && Number.isFinite(value) ? value : undefined;
      row.notes[index] =
        typeof value === 'number' && Number.isFinite(value)
          ? serving!.version
          : `${serving!.version}: not a number (logged as NaN)`;
    }
  });
  for (const row of rows.values()) {
    const present = row.values.filter((v): v is number => v !== undefined);
    if (present.length < 2) continue;
    const best = row.higherIsBetter
      ? Math.max(...present)
      : Math.min(...present);
    row.best = row.values.flatMap((v, i) => (v === best ? [i] : []));
  }
  const order = (r: MetricRow) => (r.source === 'declared' ? 0 : 1);
  return [...rows.values()].sort(
    (a, b) => order(a) - order(b) || a.label.localeCompare(b.label),
  );
}

/**
 * What makes the compared models' metrics hard to compare: different tasks,
 * or evaluations on datasets they do not share.
 */
export function comparabilityWarnings(
  models: Entity[],
  datasetTitle: (ref: string) => string = ref => ref,
): string[] {
  const warnings: string[] = [];
  const name = (e: Entity) => e.metadata.title ?? e.metadata.name;
  const tasks = [
    ...new Set(models.map(m => m.spec?.task).filter((t): t is string => !!t)),
  ];
  if (tasks.length > 1) {
    warnings.push(
      `They do different tasks (${tasks.join(
        ', ',
      )}): their metrics do not measure the same thing.`,
    );
  }
  const datasetsOf = (m: Entity) =>
    new Set(
      ((m.spec?.evaluation as ModelEvaluation[]) ?? [])
        .map(e => e.dataset)
        .filter((d): d is string => !!d),
    );
  const evaluated = models.filter(m => datasetsOf(m).size > 0);
  if (evaluated.length > 1) {
    const [first, ...rest] = evaluated.map(datasetsOf);
    const shared = [...first].filter(d => rest.every(s => s.has(d)));
    if (!shared.length) {
      warnings.push(
        `They were evaluated on different data (${evaluated
          .map(
            m =>
              `${name(m)}: ${[...datasetsOf(m)].map(datasetTitle).join(', ')}`,
          )
          .join('; ')}): compare their numbers with care.`,
      );
    }
  }
  return warnings;
}

export function completenessOf(entity: Entity): number {
  return cardCompleteness(entity).score;
}
