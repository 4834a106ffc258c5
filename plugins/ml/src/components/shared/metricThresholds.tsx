import { Typography, makeStyles } from '@material-ui/core';

/**
 * Threshold helpers of the model card and evaluation cards. A threshold is the
 * minimum acceptable value, or the maximum when `higherIsBetter` is false.
 */
export interface MetricWithThreshold {
  value: number;
  threshold?: number;
  higherIsBetter?: boolean;
}

/** Whether the value meets its threshold; undefined when there is none. */
export function isThresholdMet(
  metric: MetricWithThreshold,
): boolean | undefined {
  const { value, threshold, higherIsBetter } = metric;
  if (threshold === undefined || threshold === null) return undefined;
  return higherIsBetter === false ? value <= threshold : value >= threshold;
}

/** `≥ 0.85` or `≤ 0.25`: the threshold with its direction. */
export function formatThreshold(metric: MetricWithThreshold): string {
  if (metric.threshold === undefined || metric.threshold === null) return '—';
  return `${metric.higherIsBetter === false ? '≤' : '≥'} ${formatMetricValue(
    metric.threshold,
  )}`;
}

/** Up to four significant decimals, no trailing zeros. */
export function formatMetricValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toFixed(4)));
}

const useStyles = makeStyles(
  theme => ({
    met: { color: theme.palette.success.main, fontWeight: 'bold' },
    missed: { color: theme.palette.error.main, fontWeight: 'bold' },
    none: { color: theme.palette.text.secondary },
  }),
  { name: 'MlMetricThresholdMark' },
);

/** ✓ met, ✗ missed, or a dash when the metric has no threshold. */
export function MetricThresholdMark(props: { metric: MetricWithThreshold }) {
  const classes = useStyles();
  const met = isThresholdMet(props.metric);
  if (met === undefined) {
    return (
      <Typography
        component="span"
        variant="body2"
        className={classes.none}
        title="No threshold declared"
      >
        —
      </Typography>
    );
  }
  return (
    <Typography
      component="span"
      variant="body2"
      className={met ? classes.met : classes.missed}
      title={met ? 'Threshold met' : 'Threshold missed'}
    >
      {met ? '✓ met' : '✗ missed'}
    </Typography>
  );
}
