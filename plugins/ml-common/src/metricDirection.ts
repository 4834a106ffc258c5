/** Metric words whose lower values are better: errors, losses, drift, latency. */
const LOWER_IS_BETTER = new Set(
  'mape wape smape rmse mae mse wer cer perplexity psi logloss brier latency loss error'.split(
    ' ',
  ),
);

/**
 * Whether a higher value of a metric is better: as declared when declared
 * (`higherIsBetter` of an evaluation), else from its name (`calibration_error`,
 * `val_loss`, `mape` are lower-is-better).
 */
export function higherIsBetter(metric: string, declared?: boolean): boolean {
  if (typeof declared === 'boolean') return declared;
  return !metric
    .toLocaleLowerCase('en-US')
    .split(/[^\p{L}\p{N}]+/u)
    .some(word => LOWER_IS_BETTER.has(word));
}
