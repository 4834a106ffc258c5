import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { KpiSnapshot } from '@ml-marketplace/plugin-ml-common';
import { LEVEL_COLOURS } from '../shared/certificationLevels';
import { demoSpan } from './demoSpan';

const KIND_COLOURS = ['#1976d2', '#2e7d32', '#8e24aa', '#ef6c00', '#00838f'];
const pct = (share: number) => Math.round(share * 1000) / 10;

function Trend(props: {
  caption: string;
  data: object[];
  lines: Array<{ key: string; name: string; colour: string }>;
  percent?: boolean;
  demo?: { from: string; to: string };
}) {
  const { caption, data, lines, percent, demo } = props;
  return (
    <figure style={{ margin: 0, flex: '1 1 420px', minWidth: 0 }}>
      <figcaption>{caption}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" minTickGap={40} />
          <YAxis
            allowDecimals={false}
            domain={percent ? [0, 100] : [0, 'auto']}
            unit={percent ? '%' : undefined}
          />
          <Tooltip />
          <Legend />
          {demo && (
            <ReferenceArea
              x1={demo.from}
              x2={demo.to}
              fill="#9e9e9e"
              fillOpacity={0.12}
              label={{ value: 'demo data', position: 'insideTopLeft' }}
            />
          )}
          {lines.map(l => (
            <Line
              key={l.key}
              type="monotone"
              dataKey={l.key}
              name={l.name}
              stroke={l.colour}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Loaded on demand (recharts): the stored daily figures as trend lines. */
export default function KpiTrends({ days }: { days: KpiSnapshot[] }) {
  const kinds = [...new Set(days.flatMap(d => Object.keys(d.byKind)))].sort();
  const levels = [...new Set(days.flatMap(d => Object.keys(d.certifiedShare)))];
  const data = days.map(d => ({
    day: d.day,
    ...Object.fromEntries(kinds.map(k => [`kind:${k}`, d.byKind[k] ?? 0])),
    ...Object.fromEntries(
      levels.map(l => [`level:${l}`, pct(d.certifiedShare[l] ?? 0)]),
    ),
    reuse: pct(d.reuseRate),
    healthy: pct(d.healthyShare),
    deprecated: d.deprecatedStillConsumed,
  }));
  const demo = demoSpan(days);
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24 }}>
      <Trend
        caption="Assets per kind over time"
        data={data}
        demo={demo}
        lines={kinds.map((k, i) => ({
          key: `kind:${k}`,
          name: k,
          colour: KIND_COLOURS[i % KIND_COLOURS.length],
        }))}
      />
      <Trend
        caption="Reuse rate and healthy share (%)"
        data={data}
        demo={demo}
        percent
        lines={[
          { key: 'reuse', name: 'Reuse rate', colour: '#1976d2' },
          { key: 'healthy', name: 'Healthy', colour: '#2e7d32' },
        ]}
      />
      <Trend
        caption="Certified at each level or above (%)"
        data={data}
        demo={demo}
        percent
        lines={levels.map(l => ({
          key: `level:${l}`,
          name: l,
          colour: LEVEL_COLOURS[l]?.background ?? '#1976d2',
        }))}
      />
      <Trend
        caption="Deprecated assets still consumed"
        data={data}
        demo={demo}
        lines={[
          {
            key: 'deprecated',
            name: 'Deprecated, still read',
            colour: '#d32f2f',
          },
        ]}
      />
    </div>
  );
}
