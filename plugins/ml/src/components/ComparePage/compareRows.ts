import type { Entity } from '@backstage/catalog-model';
import {
  cardCompleteness,
  type ModelEvaluation,
} from '@ml-marketplace/plugin-ml-common';

/** One metric across the compared models; `best` holds the indexes of the best values. */
export interface MetricRow {
  label: string;
  values: Array<number | undefined>;
  best: number[];
  threshold?: number;
  higherIsBetter: boolean;
}

const key = (e: ModelEvaluation) =>
  `${e.metric}${e.slice ? ` [${e.slice}]` : ''}${
    e.dataset ? ` on ${e.dataset}` : ''
  }`;

/**
 * Lines up the declared evaluation results of several models by metric, slice
 * and dataset, marking the best value (lowest where lower is better).
 */
export function metricRows(models: Entity[]): MetricRow[] {
  const rows = new Map<string, MetricRow>();
  models.forEach((model, index) => {
    for (const e of (model.spec?.evaluation as ModelEvaluation[]) ?? []) {
      const label = key(e);
      const row = rows.get(label) ?? {
        label,
        values: models.map(() => undefined),
        best: [],
        higherIsBetter: e.higherIsBetter !== false,
        ...(e.threshold !== undefined && { threshold: e.threshold }),
      };
      row.values[index] = e.value;
      rows.set(label, row);
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
  return [...rows.values()].sort((a, b) => a.label.localeCompare(b.label));
}

export function completenessOf(entity: Entity): number {
  return cardCompleteness(entity).score;
}
