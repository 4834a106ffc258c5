import {
  higherIsBetter,
  type AssetKpis,
} from '@ml-marketplace/plugin-ml-common';

/** One line of the trend chart: a metric, or a metric on one slice. */
export interface TrendSeries {
  key: string;
  label: string;
  /** The threshold the newest version declares for it, if any. */
  threshold?: number;
  higherIsBetter?: boolean;
  /**
   * Lower-is-better metrics (losses, errors, MAPE) get the right-hand axis:
   * on one scale with AUCs their lines would read upside down.
   */
  axis: 'better-up' | 'better-down';
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

/** The registry versions a trend can run through, oldest first. */
export function trendVersions(
  versions: AssetKpis['versions'],
): AssetKpis['versions'] {
  return versions.filter(v => v.source === 'registry');
}

/**
 * Turns metrics per version into chart series: one per metric and slice, in
 * the order they first appear, over the registry versions in the backend's
 * order. The catalog's declared results are no version, so they are not a
 * point on the axis; their thresholds still draw the dashed lines. Values
 * that are not numbers (logged as NaN) leave a gap.
 */
export function buildTrendData(versions: AssetKpis['versions']): TrendData {
  const series = new Map<string, TrendSeries>();
  const keyOf = (metric: string, slice?: string) =>
    JSON.stringify([metric, slice ?? null]);
  const points: TrendPoint[] = trendVersions(versions).map(v => {
    const values: Record<string, number> = {};
    for (const m of v.metrics) {
      const key = keyOf(m.metric, m.slice);
      if (typeof m.value === 'number' && Number.isFinite(m.value)) {
        values[key] = m.value;
      }
      const known = series.get(key);
      if (!known) {
        series.set(key, {
          key,
          label: seriesLabel(m.metric, m.slice),
          threshold: m.threshold,
          higherIsBetter: m.higherIsBetter,
          axis: higherIsBetter(m.metric, m.higherIsBetter)
            ? 'better-up'
            : 'better-down',
        });
      } else if (m.threshold !== undefined) {
        // Later versions win: the line shows the threshold in force now.
        known.threshold = m.threshold;
        known.higherIsBetter = m.higherIsBetter;
      }
    }
    return { version: v.version, label: versionLabel(v), values };
  });
  // Thresholds declared in the catalog apply to the registry's series.
  for (const v of versions.filter(x => x.source !== 'registry')) {
    for (const m of v.metrics) {
      const known = series.get(keyOf(m.metric, m.slice));
      if (known && known.threshold === undefined && m.threshold !== undefined) {
        known.threshold = m.threshold;
        known.higherIsBetter = m.higherIsBetter;
      }
    }
  }
  return { series: [...series.values()], points };
}
