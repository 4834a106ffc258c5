import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MarketplaceKpis } from '@ml-marketplace/plugin-ml-common';
import { LEVEL_COLOURS } from '../shared/certificationLevels';

/** Loaded on demand: recharts stays out of the portal's first download. */
export default function KpiCharts({ kpis }: { kpis: MarketplaceKpis }) {
  const months = kpis.delivery.versionsByMonth;
  const kinds = Object.entries(kpis.byKind).map(([kind, count]) => ({
    kind,
    count,
  }));
  const levels = Object.entries(kpis.certifiedShare).map(([level, share]) => ({
    level,
    percent: Math.round(share * 100),
  }));
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24 }}>
      <figure style={{ margin: 0, flex: '1 1 320px' }}>
        <figcaption>Assets per kind</figcaption>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={kinds}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="kind" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="count" name="Assets" fill="#1976d2" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure style={{ margin: 0, flex: '1 1 320px' }}>
        <figcaption>Certified at each level or above (%)</figcaption>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={levels}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="level" />
            <YAxis domain={[0, 100]} />
            <Tooltip />
            <Bar
              dataKey="percent"
              name="% certified"
              fill={LEVEL_COLOURS.gold.background}
            />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure style={{ margin: 0, flex: '1 1 320px' }}>
        <figcaption>New model versions per month (registries)</figcaption>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={months}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" minTickGap={20} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="versions" name="Versions" fill="#8e24aa" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
