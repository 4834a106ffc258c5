import { Typography } from '@material-ui/core';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { AssetUse } from '@ml-marketplace/plugin-ml-common';
import { useStyles } from './styles';
import { UseItem } from './UseItem';
import { nameOf, type TeamUses } from './usageText';

/** One team's consumers of the asset under the team's name. */
export function TeamGroup(props: {
  group: TeamUses;
  onWithdraw(use: AssetUse): Promise<void>;
}) {
  const { group } = props;
  const classes = useStyles();
  const name = group.team
    ? group.title ?? nameOf(group.team)
    : 'No owning team';
  const count = group.uses.length;
  return (
    <section className={classes.team} aria-label={`Team ${name}`}>
      <div className={classes.teamHeader}>
        <Typography variant="subtitle2" component="h3">
          {group.team ? (
            <EntityRefLink entityRef={group.team} defaultKind="group">
              {name}
            </EntityRefLink>
          ) : (
            name
          )}
        </Typography>
        <Typography variant="caption" className={classes.muted}>
          {count === 1 ? '1 entity' : `${count} entities`}
        </Typography>
      </div>
      <ul className={classes.list} aria-label={`Entities of ${name}`}>
        {group.uses.map(use => (
          <UseItem key={use.consumer} use={use} onWithdraw={props.onWithdraw} />
        ))}
      </ul>
    </section>
  );
}
