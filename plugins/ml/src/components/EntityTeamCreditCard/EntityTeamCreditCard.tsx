import { Box, Grid, Typography, makeStyles } from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  InfoCardVariants,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLinks, useEntity } from '@backstage/plugin-catalog-react';
import type { TeamCreditDetail } from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import { AssetReuse } from './AssetReuse';
import { rankText } from './creditText';

const TITLE = 'Reuse of our ML assets';

const useStyles = makeStyles(
  theme => ({
    rank: { marginBottom: theme.spacing(2) },
    figure: { fontSize: 28, fontWeight: 'bold', lineHeight: 1.2 },
    label: { color: theme.palette.text.secondary },
    heading: { marginTop: theme.spacing(3) },
    assets: { margin: 0, padding: 0, listStyle: 'none' },
    unused: {
      marginTop: theme.spacing(2),
      color: theme.palette.text.secondary,
    },
  }),
  { name: 'MlEntityTeamCreditCard' },
);

function Figure(props: { value: number; label: string }) {
  const classes = useStyles();
  return (
    <Grid item xs={6} sm={3}>
      <Box aria-label={`${props.label}: ${props.value}`} role="group">
        <Typography className={classes.figure} aria-hidden>
          {props.value}
        </Typography>
        <Typography variant="caption" className={classes.label} aria-hidden>
          {props.label}
        </Typography>
      </Box>
    </Grid>
  );
}

function CreditContent({ credit }: { credit: TeamCreditDetail }) {
  const classes = useStyles();
  const reused = credit.assets.filter(a => a.teams.length > 0);
  const unused = credit.assets.filter(a => a.teams.length === 0);
  const { totals } = credit;
  return (
    <>
      <Typography variant="h6" component="p" className={classes.rank}>
        {rankText(credit)}
      </Typography>
      <Grid container spacing={2}>
        <Figure value={totals.assets} label="ML assets" />
        <Figure value={totals.reusedAssets} label="used by other teams" />
        <Figure value={totals.consumerTeams} label="other teams using them" />
        <Figure
          value={totals.crossTeamConsumers}
          label="other teams’ entities using them"
        />
      </Grid>
      {reused.length > 0 ? (
        <>
          <Typography
            variant="subtitle1"
            component="h3"
            className={classes.heading}
          >
            Who uses what
          </Typography>
          <ul className={classes.assets} aria-label="Assets other teams use">
            {reused.map(asset => (
              <AssetReuse key={asset.ref} asset={asset} />
            ))}
          </ul>
        </>
      ) : (
        <Typography variant="body2" className={classes.unused}>
          No other team uses these assets yet. Uses count when another team’s
          entity names one in the catalog, a registry or an OpenLineage run
          records it, or someone declares it with “I use this” on the asset’s
          page.
        </Typography>
      )}
      {reused.length > 0 && unused.length > 0 && (
        <Typography variant="body2" className={classes.unused}>
          {`Not used by other teams yet (${unused.length}): `}
          <EntityRefLinks entityRefs={unused.map(a => a.ref)} />
        </Typography>
      )}
    </>
  );
}

/** Props of {@link EntityTeamCreditCard}. */
export interface EntityTeamCreditCardProps {
  variant?: InfoCardVariants;
}

/**
 * On a Group's page: the credit the team earns when other teams use its ML
 * assets. Its rank among the teams whose assets others use, the totals, and
 * each reused asset with the other teams using it (with how many of their
 * entities, and how many of those uses people declared). Only what the viewer
 * may read is counted.
 *
 * On entities other than groups it shows a one-line notice and calls no API.
 */
export function EntityTeamCreditCard(props: EntityTeamCreditCardProps) {
  const { entity } = useEntity();
  const isGroup = entity.kind.toLocaleLowerCase('en-US') === 'group';
  const mlApi = useApi(mlApiRef);
  const group = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    async () => (isGroup ? mlApi.getTeamCredit(group) : undefined),
    [mlApi, group, isGroup],
  );

  let content;
  if (!isGroup) {
    content = (
      <Typography variant="body2">
        {`The reuse of a team’s ML assets is shown on Group pages; this entity is a ${entity.kind}.`}
      </Typography>
    );
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (loading || !value) {
    content = <Progress />;
  } else if (value.totals.assets === 0) {
    content = (
      <EmptyState
        missing="data"
        title="This team owns no ML assets you can see"
        description="Models, Features and Datasets whose spec.owner names this group show here, with the other teams that use them."
      />
    );
  } else {
    content = <CreditContent credit={value} />;
  }

  return (
    <InfoCard
      title={TITLE}
      subheader="How other teams use this team’s Models, Features and Datasets"
      variant={props.variant}
    >
      {content}
    </InfoCard>
  );
}
