import type { ModelEvaluation } from '@ml-marketplace/plugin-ml-common';
import { isObject } from './catalogDocuments';

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;
const listOf = (value: unknown): unknown[] => {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
};

/** model-index results → spec.evaluation; non-numeric values and unused fields go to notes. */
export function evaluationOf(modelIndex: unknown, notes: string[]) {
  const results: ModelEvaluation[] = [];
  const taskTypes: string[] = [];
  const unused = new Set<string>();
  const skipped: string[] = [];
  let firstName: string | undefined;
  if (modelIndex !== undefined && !Array.isArray(modelIndex)) {
    notes.push('model-index is not a list; not imported');
    return { results, taskTypes, firstName };
  }
  const noteUnused = (prefix: string, value: unknown, used: string[]) => {
    if (isObject(value))
      Object.keys(value)
        .filter(k => !used.includes(k))
        .forEach(k => unused.add(`${prefix}${k}`));
  };
  for (const entry of modelIndex ?? []) {
    if (!isObject(entry)) continue;
    firstName ??= text(entry.name);
    noteUnused('model-index[].', entry, ['name', 'results']);
    for (const result of listOf(entry.results)) {
      if (!isObject(result)) continue;
      noteUnused('results[].', result, ['task', 'dataset', 'metrics']);
      const task = isObject(result.task) ? result.task : {};
      if (text(task.type) && !taskTypes.includes(task.type))
        taskTypes.push(task.type);
      noteUnused('task.', task, ['type']);
      const dataset = isObject(result.dataset) ? result.dataset : {};
      const datasetName = text(dataset.name) ?? text(dataset.type);
      const split = text(dataset.split);
      noteUnused('dataset.', dataset, [
        text(dataset.name) ? 'name' : 'type',
        'split',
      ]);
      for (const metric of listOf(result.metrics)) {
        if (!isObject(metric)) continue;
        const metricName = text(metric.type) ?? text(metric.name);
        noteUnused('metrics[].', metric, [
          text(metric.type) ? 'type' : 'name',
          'value',
        ]);
        const value = toNumber(metric.value);
        if (!metricName || value === undefined) {
          skipped.push(
            `${
              metricName ?? 'a metric without type or name'
            } = ${JSON.stringify(metric.value)}${
              datasetName ? ` on ${datasetName}` : ''
            }`,
          );
          continue;
        }
        results.push({
          metric: metricName,
          value,
          ...(datasetName && { dataset: datasetName }),
          ...(split && { split }),
        });
      }
    }
  }
  if (skipped.length > 0) {
    notes.push(
      `model-index results without a numeric value were not imported: ${skipped.join(
        '; ',
      )}`,
    );
  }
  if (unused.size > 0) {
    notes.push(
      `model-index fields with no place in spec.evaluation, not imported: ${[
        ...unused,
      ].join(', ')}`,
    );
  }
  return { results, taskTypes, firstName };
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (
    typeof value === 'string' &&
    /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(value)
  )
    return Number(value);
  return undefined;
}
