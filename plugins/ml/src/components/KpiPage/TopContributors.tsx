import { Table, type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Typography, makeStyles } from '@material-ui/core';
import type { CreditKpis, TeamCredit } from '@ml-marketplace/plugin-ml-common';

const useStyles = makeStyles(
  theme => ({
    assets: { margin: 0, padding: 0, listStyle: 'none' },
    count: { color: theme.palette.text.secondary },
    empty: { padding: theme.spacing(2) },
  }),
  { name: 'MlKpiTopContributors' },
);

const nameOf = (ref: string) => ref.split('/').pop() ?? ref;
const teamsText = (n: number) => (n === 1 ? '1 team' : `${n} teams`);

/** "Teams whose assets other teams use, …; the top 10 of 14." */
function subtitle(credit: CreditKpis): string {
  const shown = credit.contributors.length;
  const of =
    credit.ranked > shown
      ? ` The top ${shown} of ${teamsText(credit.ranked)}.`
      : '';
  return `Teams whose ML assets other teams use, ranked by how many other teams use them; uses people declared count like the catalog’s.${of}`;
}

/**
 * The top contributors: the teams whose assets other teams use most, with
 * their most reused assets. Only what the viewer may read is counted.
 */
export function TopContributors({ credit }: { credit: CreditKpis }) {
  const classes = useStyles();
  const columns: TableColumn<TeamCredit>[] = [
    {
      title: 'Rank',
      field: 'rank',
      type: 'numeric',
      align: 'left',
      width: '64px',
      render: t => `#${t.rank}`,
    },
    {
      title: 'Team',
      field: 'team',
      render: t => (
        <EntityRefLink entityRef={t.team} defaultKind="group">
          {t.title ?? nameOf(t.team)}
        </EntityRefLink>
      ),
    },
    {
      title: 'Other teams using its assets',
      field: 'consumerTeams',
      type: 'numeric',
    },
    {
      title: 'Other-team consumers',
      field: 'crossTeamConsumers',
      type: 'numeric',
    },
    { title: 'Reused assets', field: 'reusedAssets', type: 'numeric' },
    {
      title: 'Top assets',
      field: 'topAssets',
      sorting: false,
      render: t => (
        <ul
          className={classes.assets}
          aria-label={`Top assets of ${t.title ?? nameOf(t.team)}`}
        >
          {t.topAssets.map(a => (
            <li key={a.ref}>
              <EntityRefLink entityRef={a.ref}>
                {a.title ?? nameOf(a.ref)}
              </EntityRefLink>{' '}
              <Typography
                component="span"
                variant="caption"
                className={classes.count}
              >
                {`(${teamsText(a.consumerTeams)})`}
              </Typography>
            </li>
          ))}
        </ul>
      ),
    },
  ];
  return (
    <Table
      title="Top contributors"
      subtitle={subtitle(credit)}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={credit.contributors}
      emptyContent={
        <Typography className={classes.empty} data-testid="ml-kpi-no-credit">
          No team’s ML assets are used by another team yet. When a team’s entity
          uses another team’s Model, Feature or Dataset (in the catalog, a
          registry, an OpenLineage run, or declared with “I use this” on the
          asset’s page), its owners show here.
        </Typography>
      }
    />
  );
}
