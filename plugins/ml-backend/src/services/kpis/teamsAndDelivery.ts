import type {
  DeliveryKpis,
  RegistryModel,
  TeamKpis,
} from '@ml-marketplace/plugin-ml-common';

/** Per owning team: assets, reuse by other teams, certified and healthy shares. */
export function teamsOf(input: {
  assets: Array<{
    ref: string;
    owner?: string;
    certified: boolean;
    healthy: boolean;
  }>;
  /** Direct lineage edges from the assets to what reads them. */
  edges: Array<{ source_ref: string; target_ref: string }>;
  ownerOf(ref: string): string | undefined;
  titleOf(ownerRef: string): string | undefined;
}): TeamKpis[] {
  const readers = new Map<string, string[]>();
  for (const e of input.edges) {
    readers.set(e.source_ref, [
      ...(readers.get(e.source_ref) ?? []),
      e.target_ref,
    ]);
  }
  const teams = new Map<string, typeof input.assets>();
  for (const asset of input.assets) {
    if (!asset.owner) continue;
    teams.set(asset.owner, [...(teams.get(asset.owner) ?? []), asset]);
  }
  return [...teams.entries()]
    .map(([owner, owned]): TeamKpis => {
      const reusedByOthers = owned.filter(a =>
        (readers.get(a.ref) ?? []).some(reader => {
          const other = input.ownerOf(reader);
          return other !== undefined && other !== owner;
        }),
      ).length;
      const title = input.titleOf(owner);
      return {
        owner,
        ...(title && { title }),
        assets: owned.length,
        reusedByOthers,
        certifiedShare: owned.filter(a => a.certified).length / owned.length,
        healthyShare: owned.filter(a => a.healthy).length / owned.length,
      };
    })
    .sort((a, b) => b.assets - a.assets || a.owner.localeCompare(b.owner));
}

const DAY_MS = 86_400_000;

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * New versions per month over the last 12 months, and the median days
 * between consecutive versions of a model line, from the synced registries.
 */
export function deliveryOf(models: RegistryModel[], now: Date): DeliveryKpis {
  const months: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1),
    );
    months.push(d.toISOString().slice(0, 7));
  }
  const perMonth = new Map(months.map(m => [m, 0]));
  const gaps: number[] = [];
  let modelLines = 0;
  for (const model of models) {
    const times = model.versions
      .map(v => (v.createdAt ? Date.parse(v.createdAt) : NaN))
      .filter(t => Number.isFinite(t))
      .sort((a, b) => a - b);
    if (model.versions.length) modelLines += 1;
    times.forEach((t, i) => {
      const month = new Date(t).toISOString().slice(0, 7);
      if (perMonth.has(month)) perMonth.set(month, perMonth.get(month)! + 1);
      if (i > 0) gaps.push((t - times[i - 1]) / DAY_MS);
    });
  }
  const gap = median(gaps);
  return {
    versionsByMonth: months.map(month => ({
      month,
      versions: perMonth.get(month)!,
    })),
    ...(gap !== undefined && {
      medianDaysBetweenVersions: Math.round(gap * 10) / 10,
    }),
    modelLines,
  };
}
