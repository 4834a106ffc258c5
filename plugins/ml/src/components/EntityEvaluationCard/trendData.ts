import type { AssetKpis } from '@ml-marketplace/plugin-ml-common';

/** One line of the trend chart: a metric, or a metric on one slice. */
export interface TrendSeries {
  key: string;
  label: string;
  /** The threshold the newest version declares for it, if any. */
  threshold?: number;
  higherIsBetter?: boolean;
}

/** One point on the x axis: a version with its value per series key. */
export interface TrendPoint {
  version: string;
  /** What the axis shows: {@link versionLabel}. */
  label: string;
  values: Record<string, number>;
}

export interface TrendData {
  series: TrendSeries[];
  points: TrendPoint[];
}

/**
 * How a version is named on the card: `declared` for the catalog's results,
 * `v3`, or `v3 (champion)` for a registry version with aliases.
 */
export function versionLabel(version: AssetKpis['versions'][number]): string {
  if (version.source !== 'registry') return version.version;
  const name = /^\d+$/.test(version.version)
    ? `v${version.version}`
    : version.version;
  return version.aliases?.length
    ? `${name} (${version.aliases.join(', ')})`
    : name;
}

/** `auc`, or `auc (tenure<90d)` for a slice. */
export function seriesLabel(metric: string, slice?: string): string {
  return slice ? `${metric} (${slice})` : metric;
}

/**
 * Turns metrics per version into chart series: one per metric and slice, in the
 * order they first appear, with points in the versions' order (the backend's:
 * declared results first, then registry versions).
 */
export function buildTrendData(versions: AssetKpis['versions']): TrendData {
  const series = new Map<string, TrendSeries>();
  const points: TrendPoint[] = versions.map(v => {
    const values: Record<string, number> = {};
    for (const m of v.metrics) {
      const key = JSON.stringify([m.metric, m.slice ?? null]);
      values[key] = m.value;
      const known = series.get(key);
      if (!known) {
        series.set(key, {
          key,
          label: seriesLabel(m.metric, m.slice),
          threshold: m.threshold,
          higherIsBetter: m.higherIsBetter,
        });
      } else if (m.threshold !== undefined) {
        // Later versions win: the line shows the threshold in force now.
        known.threshold = m.threshold;
        known.higherIsBetter = m.higherIsBetter;
      }
    }
    return { version: v.version, label: versionLabel(v), values };
  });
  return { series: [...series.values()], points };
}
