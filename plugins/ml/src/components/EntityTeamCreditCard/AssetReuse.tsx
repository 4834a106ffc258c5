import { Typography, makeStyles } from '@material-ui/core';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { TeamCreditDetail } from '@ml-marketplace/plugin-ml-common';
import { nameOf, teamsText, teamUseText } from './creditText';

type CreditedAsset = TeamCreditDetail['assets'][number];

const useStyles = makeStyles(
  theme => ({
    asset: {
      padding: theme.spacing(1, 0),
      borderBottom: `1px solid ${theme.palette.divider}`,
      '&:last-child': { borderBottom: 0 },
    },
    head: {
      display: 'flex',
      alignItems: 'baseline',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    kind: {
      minWidth: 64,
      color: theme.palette.text.secondary,
      textTransform: 'uppercase',
      fontSize: 10,
      fontWeight: 'bold',
      letterSpacing: 0.5,
    },
    muted: { color: theme.palette.text.secondary },
    teams: {
      margin: theme.spacing(0.5, 0, 0, 9),
      padding: 0,
      listStyle: 'none',
    },
  }),
  { name: 'MlEntityTeamCreditCardAsset' },
);

/** One of the team's assets and the other teams that use it, most consumers first. */
export function AssetReuse({ asset }: { asset: CreditedAsset }) {
  const classes = useStyles();
  const title = asset.title ?? nameOf(asset.ref);
  return (
    <li className={classes.asset} aria-label={title}>
      <div className={classes.head}>
        <Typography component="span" className={classes.kind}>
          {asset.kind}
        </Typography>
        <Typography component="span" variant="body2">
          <EntityRefLink entityRef={asset.ref}>{title}</EntityRefLink>
        </Typography>
        <Typography
          component="span"
          variant="caption"
          className={classes.muted}
        >
          {`used by ${teamsText(asset.teams.length)} besides yours`}
        </Typography>
      </div>
      <ul className={classes.teams} aria-label={`Teams using ${title}`}>
        {asset.teams.map(t => (
          <li key={t.team}>
            <Typography variant="body2" component="span">
              <EntityRefLink entityRef={t.team} defaultKind="group">
                {t.title ?? nameOf(t.team)}
              </EntityRefLink>
            </Typography>{' '}
            <Typography
              variant="body2"
              component="span"
              className={classes.muted}
            >
              {teamUseText(t.consumers, t.declared)}
            </Typography>
          </li>
        ))}
      </ul>
    </li>
  );
}
