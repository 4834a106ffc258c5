import type { TeamCreditDetail } from '@ml-marketplace/plugin-ml-common';

/** The team credit card's words. */

export const nameOf = (ref: string) => ref.split('/').pop() ?? ref;

const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

export const teamsText = (n: number) => plural(n, 'team', 'teams');
export const entitiesText = (n: number) => plural(n, 'entity', 'entities');

/** "#2 of 4 teams whose assets others use", or why the team is not ranked. */
export function rankText(credit: TeamCreditDetail): string {
  if (credit.rank === undefined) {
    return credit.ranked
      ? `Not ranked yet: no other team uses these assets (${teamsText(
          credit.ranked,
        )} are ranked)`
      : 'Not ranked yet: no other team uses these assets';
  }
  return `#${credit.rank} of ${
    credit.ranked === 1
      ? '1 team whose assets others use'
      : `${credit.ranked} teams whose assets others use`
  }`;
}

/** "2 entities (1 declared)": one other team's use of one asset. */
export function teamUseText(consumers: number, declared: number): string {
  return declared
    ? `${entitiesText(consumers)} (${declared} declared)`
    : entitiesText(consumers);
}
