import {
  DECLARED_USE_NOTE_MAX,
  type AssetUsage,
  type AssetUse,
  type AssetUseOrigin,
} from '@ml-marketplace/plugin-ml-common';

/**
 * The card's words and the grouping of uses by the team that owns the
 * consumer, with the checks of the "I use this" form, which mirror
 * `declareUseInputSchema` in `@ml-marketplace/plugin-ml-common`.
 */

/** The chip of a use known from a source other than a person. */
export const ORIGIN_LABELS: Record<Exclude<AssetUseOrigin, 'user'>, string> = {
  catalog: 'Catalog',
  registry: 'Registry',
  openlineage: 'OpenLineage',
};

/** What each chip means, on hover. */
export const ORIGIN_HINTS: Record<Exclude<AssetUseOrigin, 'user'>, string> = {
  catalog:
    'The catalog says so: a relation in the consumer’s or the asset’s YAML',
  registry: 'A registry’s records say so, e.g. a model version’s run read it',
  openlineage: 'An OpenLineage run read it',
};

/** Kinds nobody declares a use for: the backend refuses them as consumers. */
export const NOT_CONSUMER_KINDS = new Set(['group', 'user', 'location']);

/** "Component", "Model": a kind as people write it. */
export function kindLabel(kind: string): string {
  return kind ? kind.charAt(0).toLocaleUpperCase('en-US') + kind.slice(1) : '';
}

/** The last part of a ref, for things without a title. */
export function nameOf(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

/** "1 more you may not see", "3 more you may not see". */
export function hiddenText(hidden: number): string {
  return `${hidden} more you may not see`;
}

/** "Used by 1 entity of 1 team", "Used by 5 entities of 3 teams". */
export function usedByText(uses: number, teams: number): string {
  const entities = uses === 1 ? '1 entity' : `${uses} entities`;
  if (teams === 0) return `Used by ${entities}`;
  return `Used by ${entities} of ${teams === 1 ? '1 team' : `${teams} teams`}`;
}

/** The consumers of one team. */
export interface TeamUses {
  /** The owner's ref; absent for consumers without an owner. */
  team?: string;
  title?: string;
  uses: AssetUse[];
}

const titleOf = (use: AssetUse) => use.title ?? nameOf(use.consumer);

/**
 * The uses grouped by the owner of the consumer, in the order the backend
 * ranks the teams (most uses first), then teams it does not list by title;
 * consumers without an owner last. Within a team, by title.
 */
export function groupUses(usage: AssetUsage): TeamUses[] {
  const groups = new Map<string, TeamUses>();
  for (const use of usage.uses) {
    const key = use.owner ?? '';
    const group = groups.get(key) ?? {
      team: use.owner,
      title: use.ownerTitle,
      uses: [],
    };
    group.uses.push(use);
    groups.set(key, group);
  }
  const rank = new Map(usage.teams.map((t, i) => [t.team, i]));
  const teamTitle = new Map(usage.teams.map(t => [t.team, t.title]));
  const label = (g: TeamUses) =>
    g.title ?? (g.team ? nameOf(g.team) : '\uffff');
  return [...groups.values()]
    .map(g => ({
      ...g,
      title: g.title ?? (g.team ? teamTitle.get(g.team) : undefined),
      uses: [...g.uses].sort((a, b) => titleOf(a).localeCompare(titleOf(b))),
    }))
    .sort((a, b) => {
      if (!a.team !== !b.team) return a.team ? -1 : 1;
      const ra = rank.get(a.team ?? '') ?? Number.MAX_SAFE_INTEGER;
      const rb = rank.get(b.team ?? '') ?? Number.MAX_SAFE_INTEGER;
      return ra - rb || label(a).localeCompare(label(b));
    });
}

/** What keeps a declaration from being sent, by field. */
export function declarationProblems(draft: {
  consumer?: string;
  note: string;
}): { consumer?: string; note?: string } {
  const length = draft.note.trim().length;
  return {
    consumer: draft.consumer
      ? undefined
      : 'Pick the entity of your team that uses it.',
    note:
      length > DECLARED_USE_NOTE_MAX
        ? `Your note is ${length} characters long; keep it to ${DECLARED_USE_NOTE_MAX}.`
        : undefined,
  };
}
