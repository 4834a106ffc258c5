import type {
  CreditKpis,
  CreditedAsset,
  TeamCredit,
  TeamCreditDetail,
  TeamUseOfAsset,
} from '@ml-marketplace/plugin-ml-common';
import { ORIGIN_RANK, edgeOrigin } from '../lineage/lineageEdges';

/** Most teams `GET /kpis` credits. */
export const CREDITED_TEAMS = 10;
/** Most assets listed per credited team. */
export const CREDITED_ASSETS = 3;

export interface CreditInput {
  /** The assets the caller may read. */
  assets: Array<{ ref: string; kind: string; owner?: string; title?: string }>;
  /**
   * Direct lineage edges from the assets to what uses them, only to
   * consumers the caller may read. Declared uses are edges too.
   */
  edges: Array<{ source_ref: string; target_ref: string; declared_by: string }>;
  /** Owner of a consumer. */
  ownerOf(ref: string): string | undefined;
  /** Title of a team. */
  titleOf(team: string): string | undefined;
}

interface AssetReuse {
  ref: string;
  kind: string;
  title?: string;
  /** Every consumer, its own team's included. */
  consumers: number;
  /** Other teams' consumers, each counted once. */
  crossTeam: Set<string>;
  teams: TeamUseOfAsset[];
}

interface TeamReuse {
  team: string;
  assets: AssetReuse[];
  consumerTeams: Set<string>;
  crossTeamConsumers: Set<string>;
}

/** Per team: each asset, who of the other teams uses it and how often. */
function reuseByTeam(input: CreditInput): Map<string, TeamReuse> {
  // Consumer -> strongest origin, per asset: a use the catalog also declares
  // counts once, as the catalog's.
  type Origin = keyof typeof ORIGIN_RANK;
  const consumersOf = new Map<string, Map<string, Origin>>();
  for (const edge of input.edges) {
    const consumers: Map<string, Origin> =
      consumersOf.get(edge.source_ref) ?? new Map();
    consumersOf.set(edge.source_ref, consumers);
    const origin = edgeOrigin(edge.declared_by);
    const known = consumers.get(edge.target_ref);
    if (!known || ORIGIN_RANK[origin] < ORIGIN_RANK[known]) {
      consumers.set(edge.target_ref, origin);
    }
  }
  const teams = new Map<string, TeamReuse>();
  for (const asset of input.assets) {
    if (!asset.owner) continue;
    const team = teams.get(asset.owner) ?? {
      team: asset.owner,
      assets: [],
      consumerTeams: new Set<string>(),
      crossTeamConsumers: new Set<string>(),
    };
    teams.set(asset.owner, team);
    const consumers: Map<string, Origin> =
      consumersOf.get(asset.ref) ?? new Map();
    const byTeam = new Map<string, TeamUseOfAsset>();
    const crossTeam = new Set<string>();
    for (const [consumer, origin] of consumers) {
      const other = input.ownerOf(consumer);
      if (!other || other === asset.owner || consumer === asset.ref) continue;
      const title = input.titleOf(other);
      const use = byTeam.get(other) ?? {
        team: other,
        ...(title && { title }),
        consumers: 0,
        declared: 0,
      };
      use.consumers += 1;
      if (origin === 'user') use.declared += 1;
      byTeam.set(other, use);
      crossTeam.add(consumer);
      team.consumerTeams.add(other);
      team.crossTeamConsumers.add(consumer);
    }
    team.assets.push({
      ref: asset.ref,
      kind: asset.kind,
      ...(asset.title && { title: asset.title }),
      consumers: consumers.size,
      crossTeam,
      teams: [...byTeam.values()].sort(
        (a, b) => b.consumers - a.consumers || a.team.localeCompare(b.team),
      ),
    });
  }
  return teams;
}

const byReuse = (a: AssetReuse, b: AssetReuse) =>
  b.teams.length - a.teams.length ||
  b.crossTeam.size - a.crossTeam.size ||
  (a.title ?? a.ref).localeCompare(b.title ?? b.ref);

/**
 * Every team another team uses, ranked by the number of other teams using its
 * assets, then by their consumers; equal figures share a rank.
 */
function ranking(
  teams: Map<string, TeamReuse>,
  titleOf: CreditInput['titleOf'],
): TeamCredit[] {
  const rows = [...teams.values()]
    .filter(t => t.consumerTeams.size)
    .sort(
      (a, b) =>
        b.consumerTeams.size - a.consumerTeams.size ||
        b.crossTeamConsumers.size - a.crossTeamConsumers.size ||
        a.team.localeCompare(b.team),
    );
  let rank = 0;
  return rows.map((t, index): TeamCredit => {
    const previous = rows[index - 1];
    if (
      !previous ||
      previous.consumerTeams.size !== t.consumerTeams.size ||
      previous.crossTeamConsumers.size !== t.crossTeamConsumers.size
    ) {
      rank = index + 1;
    }
    const title = titleOf(t.team);
    const reused = t.assets.filter(a => a.teams.length).sort(byReuse);
    return {
      team: t.team,
      ...(title && { title }),
      rank,
      consumerTeams: t.consumerTeams.size,
      crossTeamConsumers: t.crossTeamConsumers.size,
      reusedAssets: reused.length,
      topAssets: reused.slice(0, CREDITED_ASSETS).map(
        (a): CreditedAsset => ({
          ref: a.ref,
          ...(a.title && { title: a.title }),
          kind: a.kind,
          consumerTeams: a.teams.length,
          crossTeamConsumers: a.crossTeam.size,
        }),
      ),
    };
  });
}

/** The `credit` section of `GET /kpis`: the top contributing teams. */
export function creditOf(input: CreditInput): CreditKpis {
  const ranked = ranking(reuseByTeam(input), input.titleOf);
  return {
    contributors: ranked.slice(0, CREDITED_TEAMS),
    ranked: ranked.length,
  };
}

/** `GET /kpis/team`: one team's assets and which other teams use them. */
export function teamCreditOf(
  team: string,
  input: CreditInput,
): TeamCreditDetail {
  const teams = reuseByTeam(input);
  const ranked = ranking(teams, input.titleOf);
  const mine = teams.get(team);
  const title = input.titleOf(team);
  const rank = ranked.find(t => t.team === team)?.rank;
  const assets = [...(mine?.assets ?? [])].sort(byReuse);
  return {
    team,
    ...(title && { title }),
    ...(rank !== undefined && { rank }),
    ranked: ranked.length,
    totals: {
      assets: assets.length,
      reusedAssets: assets.filter(a => a.teams.length).length,
      consumerTeams: mine?.consumerTeams.size ?? 0,
      crossTeamConsumers: mine?.crossTeamConsumers.size ?? 0,
    },
    assets: assets.map(a => ({
      ref: a.ref,
      ...(a.title && { title: a.title }),
      kind: a.kind,
      consumers: a.consumers,
      teams: a.teams,
    })),
  };
}
