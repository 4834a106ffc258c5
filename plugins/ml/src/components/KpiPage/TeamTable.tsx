import { Link, Table, type TableColumn } from '@backstage/core-components';
import type { TeamKpis } from '@ml-marketplace/plugin-ml-common';
import { useMarketplaceLink } from '../shared/marketplaceLink';

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** A row per owning team; each number leads to the assets behind it. */
export function TeamTable({
  teams,
  levels,
}: {
  teams: TeamKpis[];
  /** Certification level ids, lowest first. */
  levels: string[];
}) {
  const link = useMarketplaceLink();
  const name = (t: TeamKpis) => t.title ?? t.owner.split('/').pop()!;
  const columns: TableColumn<TeamKpis>[] = [
    {
      title: 'Team',
      field: 'owner',
      render: t => <Link to={link({ owner: [t.owner] })}>{name(t)}</Link>,
    },
    {
      title: 'Assets',
      field: 'assets',
      type: 'numeric',
      render: t => (
        <Link
          to={link({ owner: [t.owner] })}
          aria-label={`${name(t)}: ${t.assets} assets`}
        >
          {t.assets}
        </Link>
      ),
    },
    {
      title: 'Reused by other teams',
      field: 'reusedByOthers',
      type: 'numeric',
      render: t => (
        <Link to={link({ filters: { owner: [t.owner] }, sort: 'reuse' })}>
          {t.reusedByOthers}
        </Link>
      ),
    },
    {
      title: 'Certified',
      field: 'certifiedShare',
      type: 'numeric',
      render: t => (
        <Link
          to={link({
            owner: [t.owner],
            certification: levels,
          })}
        >
          {percent(t.certifiedShare)}
        </Link>
      ),
    },
    {
      title: 'Healthy',
      field: 'healthyShare',
      type: 'numeric',
      render: t => (
        <Link to={link({ owner: [t.owner], health: ['pass', 'warn'] })}>
          {percent(t.healthyShare)}
        </Link>
      ),
    },
  ];
  return (
    <Table
      title="By team"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={teams}
    />
  );
}
