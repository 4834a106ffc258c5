import { useMemo } from 'react';
import {
  Box,
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { alpha } from '@material-ui/core/styles';
import {
  EmptyState,
  InfoCard,
  InfoCardVariants,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import type {
  ImpactGroup,
  LineageNode,
} from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import { notVisibleSentence } from '../shared/DeclaredRefs';
import {
  hopsLabel,
  isExternalLineageRef,
  lineageNodeKindLabel,
  lineageNodeName,
} from '../shared/lineageRefs';

/** Props of {@link EntityImpactCard}. */
export interface EntityImpactCardProps {
  variant?: InfoCardVariants;
}

const useStyles = makeStyles(
  theme => ({
    summary: { marginBottom: theme.spacing(1) },
    notice: {
      marginBottom: theme.spacing(1),
      padding: theme.spacing(1, 2),
      borderRadius: theme.shape.borderRadius,
      backgroundColor: alpha(theme.palette.info.main, 0.1),
    },
    group: {
      marginTop: theme.spacing(2),
      '&:first-of-type': { marginTop: 0 },
    },
    groupHeader: {
      display: 'flex',
      alignItems: 'baseline',
      gap: theme.spacing(1),
      borderBottom: `1px solid ${theme.palette.divider}`,
      paddingBottom: theme.spacing(0.5),
    },
    asset: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
      flexWrap: 'wrap',
    },
    kind: {
      minWidth: 72,
      color: theme.palette.text.secondary,
      textTransform: 'uppercase',
      fontSize: 10,
      fontWeight: 'bold',
      letterSpacing: 0.5,
    },
    hops: { color: theme.palette.text.secondary, whiteSpace: 'nowrap' },
  }),
  { name: 'MlEntityImpactCard' },
);

const countLabel = (n: number) =>
  n === 1
    ? '1 downstream asset or service'
    : `${n} downstream assets and services`;

function AssetRow({ asset }: { asset: LineageNode }) {
  const classes = useStyles();
  const name = lineageNodeName(asset);
  const external = isExternalLineageRef(asset.ref);
  return (
    <ListItem dense disableGutters>
      <ListItemText
        disableTypography
        primary={
          <div className={classes.asset}>
            <Typography component="span" className={classes.kind}>
              {lineageNodeKindLabel(asset)}
            </Typography>
            {external ? (
              <>
                <Typography component="span" variant="body2">
                  {name}
                </Typography>
                <Chip size="small" variant="outlined" label="external" />
              </>
            ) : (
              <EntityRefLink entityRef={asset.ref}>{name}</EntityRefLink>
            )}
            <Typography
              component="span"
              variant="caption"
              className={classes.hops}
            >
              {hopsLabel(asset.distance)}
            </Typography>
          </div>
        }
      />
    </ListItem>
  );
}

function OwnerGroup({ group }: { group: ImpactGroup }) {
  const classes = useStyles();
  const assets = useMemo(
    () =>
      [...group.assets].sort(
        (a, b) => a.distance - b.distance || a.ref.localeCompare(b.ref),
      ),
    [group.assets],
  );
  return (
    <section
      className={classes.group}
      aria-label={`Owner ${group.owner ?? 'none'}`}
    >
      <div className={classes.groupHeader}>
        <Typography variant="subtitle2" component="h3">
          {group.owner ? (
            <EntityRefLink entityRef={group.owner} defaultKind="group" />
          ) : (
            'No owner'
          )}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {assets.length}
        </Typography>
      </div>
      <List dense disablePadding>
        {assets.map(asset => (
          <AssetRow key={asset.ref} asset={asset} />
        ))}
      </List>
    </section>
  );
}

/**
 * Who breaks if this Dataset or Feature changes: every downstream asset and
 * service, grouped by owner, nearest first.
 */
export function EntityImpactCard(props: EntityImpactCardProps) {
  const { variant } = props;
  const classes = useStyles();
  const { entity } = useEntity();
  const mlApi = useApi(mlApiRef);
  const entityRef = stringifyEntityRef(entity);

  const { loading, error, value } = useAsync(
    () => mlApi.getImpact(entityRef),
    [mlApi, entityRef],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error || !value) {
    content = <ResponseErrorPanel error={error ?? new Error('No answer')} />;
  } else if (
    !value.hidden &&
    (value.total === 0 || value.groups.every(g => g.assets.length === 0))
  ) {
    content = (
      <EmptyState
        missing="data"
        title={`Nothing downstream reads this ${entity.kind.toLocaleLowerCase(
          'en-US',
        )} yet`}
        description="Models, Features, Datasets and services that declare this entity in trainedOn, consumesFeatures, sources, derivedFrom or dependsOn, or read it in OpenLineage runs, appear here."
      />
    );
  } else {
    const shown = value.groups.reduce((n, g) => n + g.assets.length, 0);
    content = (
      <>
        <Typography variant="h6" component="p" className={classes.summary}>
          {countLabel(value.total)}
        </Typography>
        {value.cutoff && (
          <Typography role="status" variant="body2" className={classes.notice}>
            Showing the first {shown} downstream assets; the walk stopped at the
            node limit, so more may be affected.
          </Typography>
        )}
        {value.hidden && (
          // Counted, never named: the user may not read them.
          <Typography
            role="status"
            variant="body2"
            className={classes.notice}
            data-testid="ml-impact-hidden"
          >
            {notVisibleSentence(value.hidden, 'downstream asset')} and left out
            of this list.
          </Typography>
        )}
        <Box>
          {value.groups.map(group => (
            <OwnerGroup key={group.owner ?? '(none)'} group={group} />
          ))}
        </Box>
      </>
    );
  }

  return (
    <InfoCard title="Impact: who breaks if this changes" variant={variant}>
      {content}
    </InfoCard>
  );
}
