import { Typography, useTheme } from '@material-ui/core';
import type { AssetKpis } from '@ml-marketplace/plugin-ml-common';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMetricValue } from '../shared/metricThresholds';
import { buildTrendData } from './trendData';

/** Tableau 10: distinguishable, and readable on light and dark backgrounds. */
const COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** From this many versions on, points are drawn without dots and ticks thinned. */
const MANY_VERSIONS = 16;
/** Version labels under the axis at most, when there are many versions. */
const MAX_TICKS = 10;

/** Every n-th label counted back from the newest version, so the newest always shows. */
function thinnedTicks(labels: string[]): string[] | undefined {
  if (labels.length < MANY_VERSIONS) return undefined;
  const step = Math.ceil(labels.length / MAX_TICKS);
  return labels.filter((_, i) => (labels.length - 1 - i) % step === 0);
}

export interface EvaluationTrendChartProps {
  versions: AssetKpis['versions'];
  /** Pixels; the width follows the card. */
  height?: number;
}

/**
 * Metrics across versions, one line per metric (and slice), each threshold a
 * dashed line in its metric's colour. Its own module so that recharts is only
 * loaded when a card shows a trend: import it with `React.lazy`.
 */
export function EvaluationTrendChart(props: EvaluationTrendChartProps) {
  const theme = useTheme();
  const { series, points } = buildTrendData(props.versions);
  const many = points.length >= MANY_VERSIONS;
  const color = (i: number) => COLORS[i % COLORS.length];
  const thresholds = series.flatMap(s =>
    s.threshold === undefined
      ? []
      : [
          `${s.label} ${
            s.higherIsBetter === false ? '≤' : '≥'
          } ${formatMetricValue(s.threshold)}`,
        ],
  );

  return (
    <figure aria-label="Evaluation trend across versions" style={{ margin: 0 }}>
      <ResponsiveContainer width="100%" height={props.height ?? 260}>
        <LineChart
          data={points}
          margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="label"
            stroke={theme.palette.text.secondary}
            tick={{ fontSize: 12 }}
            ticks={thinnedTicks(points.map(p => p.label))}
            // Long alias labels: recharts also skips labels that would overlap.
            interval="preserveEnd"
            minTickGap={12}
          />
          <YAxis
            yAxisId="better-up"
            domain={['auto', 'auto']}
            stroke={theme.palette.text.secondary}
            tick={{ fontSize: 12 }}
            tickFormatter={(v: number) => formatMetricValue(v)}
            hide={!series.some(s => s.axis === 'better-up')}
          />
          <YAxis
            yAxisId="better-down"
            orientation="right"
            domain={['auto', 'auto']}
            stroke={theme.palette.text.secondary}
            tick={{ fontSize: 12 }}
            tickFormatter={(v: number) => formatMetricValue(v)}
            hide={!series.some(s => s.axis === 'better-down')}
            label={{
              value: 'lower is better',
              angle: 90,
              position: 'insideRight',
              style: { fontSize: 11, fill: theme.palette.text.secondary },
            }}
          />
          <Tooltip
            formatter={(value: number) => formatMetricValue(value)}
            contentStyle={{
              backgroundColor: theme.palette.background.paper,
              borderColor: theme.palette.divider,
            }}
          />
          <Legend />
          {series.map((s, i) => (
            <Line
              key={s.key}
              yAxisId={s.axis}
              name={
                s.axis === 'better-down'
                  ? `${s.label} (lower is better)`
                  : s.label
              }
              type="monotone"
              dataKey={(p: { values: Record<string, number> }) =>
                p.values[s.key]
              }
              stroke={color(i)}
              strokeWidth={2}
              dot={many ? false : { r: 3 }}
              activeDot={{ r: 4 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          {series.map((s, i) =>
            s.threshold === undefined ? null : (
              <ReferenceLine
                key={`${s.key}-threshold`}
                yAxisId={s.axis}
                y={s.threshold}
                stroke={color(i)}
                strokeDasharray="6 4"
                ifOverflow="extendDomain"
                className="ml-threshold-line"
              />
            ),
          )}
        </LineChart>
      </ResponsiveContainer>
      {thresholds.length > 0 && (
        <Typography
          component="figcaption"
          variant="caption"
          color="textSecondary"
        >
          {`Dashed lines: thresholds (${thresholds.join(', ')})`}
        </Typography>
      )}
    </figure>
  );
}

export default EvaluationTrendChart;
