import { useTheme } from '@material-ui/core';
import type { RegistryMetricPoint } from '@ml-marketplace/plugin-ml-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMetricValue } from '../shared/metricThresholds';

/** From this many points on, the line is drawn without dots. */
const MANY_POINTS = 40;

export interface MetricHistoryChartProps {
  metric: string;
  /** As the registry logged them; `null` values leave a gap in the line. */
  points: RegistryMetricPoint[];
  /** Pixels; the width follows the dialog. */
  height?: number;
  /** What the x axis counts: steps of one run, or versions. */
  xLabel?: 'Step' | 'Version';
}

/**
 * One metric's values by step, as a line. Its own module so that recharts is
 * only loaded when a history is shown: import it with `React.lazy`.
 */
export function MetricHistoryChart(props: MetricHistoryChartProps) {
  const theme = useTheme();
  const { metric, points } = props;
  const x = props.xLabel ?? 'Step';
  return (
    <figure
      aria-label={`${metric} by ${x.toLocaleLowerCase('en-US')}`}
      style={{ margin: 0 }}
    >
      <ResponsiveContainer width="100%" height={props.height ?? 240}>
        <LineChart
          data={points}
          margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="step"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            stroke={theme.palette.text.secondary}
            tick={{ fontSize: 12 }}
          />
          <YAxis
            domain={['auto', 'auto']}
            stroke={theme.palette.text.secondary}
            tick={{ fontSize: 12 }}
            tickFormatter={(v: number) => formatMetricValue(v)}
          />
          <Tooltip
            formatter={(value: number) => formatMetricValue(value)}
            labelFormatter={(step: number) => `${x} ${step}`}
            contentStyle={{
              backgroundColor: theme.palette.background.paper,
              borderColor: theme.palette.divider,
            }}
          />
          <Line
            name={metric}
            type="linear"
            dataKey="value"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={points.length >= MANY_POINTS ? false : { r: 3 }}
            activeDot={{ r: 4 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export default MetricHistoryChart;
