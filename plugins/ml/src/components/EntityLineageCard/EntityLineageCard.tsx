import { ReactNode, useId, useState } from 'react';
import {
  FormControl,
  InputLabel,
  MenuItem,
  Select,
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
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  LINEAGE_DEFAULT_DEPTH,
  LINEAGE_MAX_DEPTH,
  type LineageGraph,
} from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import { LineageGraphView } from './LineageGraphView';

/** Props of {@link EntityLineageCard}. */
export interface EntityLineageCardProps {
  /** Hops walked up- and downstream at first, 1 to 5; default 2. */
  defaultDepth?: number;
  /** Height of the graph area in pixels; default 480. */
  height?: number;
  variant?: InfoCardVariants;
}

const DEPTHS = Array.from({ length: LINEAGE_MAX_DEPTH }, (_, i) => i + 1);

const useStyles = makeStyles(
  theme => ({
    depth: { minWidth: 96 },
    notice: {
      marginBottom: theme.spacing(1),
      padding: theme.spacing(1, 2),
      borderRadius: theme.shape.borderRadius,
      backgroundColor: alpha(theme.palette.info.main, 0.1),
      color: theme.palette.text.primary,
    },
  }),
  { name: 'MlEntityLineageCard' },
);

/**
 * What the graph leaves out because the user may not see it: counted, never
 * named, and never drawn as if the entity had no lineage.
 */
export function hiddenNotice(hidden: NonNullable<LineageGraph['hidden']>) {
  const parts = (['upstream', 'downstream'] as const)
    .filter(way => hidden[way] > 0)
    .map(way => `${hidden[way]} ${way} asset${hidden[way] === 1 ? '' : 's'}`);
  const one = hidden.upstream + hidden.downstream === 1;
  return `${parts.join(' and ')} ${
    one ? 'is' : 'are'
  } not visible to you; the graph leaves ${one ? 'it' : 'them'} out.`;
}

/**
 * The lineage of the current entity: what feeds it and what reads it, as a
 * graph read in one request. Nodes link to their entity pages; the graph keeps
 * its text readable at any depth and pans and zooms instead of shrinking.
 */
export function EntityLineageCard(props: EntityLineageCardProps) {
  const { defaultDepth = LINEAGE_DEFAULT_DEPTH, height = 480, variant } = props;
  const classes = useStyles();
  const { entity } = useEntity();
  const mlApi = useApi(mlApiRef);
  const entityRef = stringifyEntityRef(entity);
  const [depth, setDepth] = useState(() =>
    Math.min(LINEAGE_MAX_DEPTH, Math.max(1, Math.round(defaultDepth))),
  );
  const labelId = `ml-lineage-depth-${useId().replace(/:/g, '')}`;

  const { loading, error, value } = useAsync(
    () => mlApi.getLineage({ entityRef, direction: 'both', depth }),
    [mlApi, entityRef, depth],
  );

  const depthSelector = (
    <FormControl size="small" className={classes.depth}>
      <InputLabel id={labelId}>Depth</InputLabel>
      <Select
        labelId={labelId}
        value={depth}
        onChange={event => setDepth(Number(event.target.value))}
      >
        {DEPTHS.map(d => (
          <MenuItem key={d} value={d}>
            {d}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );

  let content: ReactNode;
  if (loading && !value) {
    content = <Progress />;
  } else if (error || !value) {
    content = <ResponseErrorPanel error={error ?? new Error('No answer')} />;
  } else if (
    value.nodes.length <= 1 &&
    value.edges.length === 0 &&
    !value.hidden
  ) {
    content = (
      <EmptyState
        missing="data"
        title="No lineage yet"
        description={
          <>
            Lineage comes from the <code>trainedOn</code>,{' '}
            <code>consumesFeatures</code>, <code>sources</code>,{' '}
            <code>derivedFrom</code> and <code>dependsOn</code> fields of
            catalog entities, and from OpenLineage run events. Declare them on
            this entity or on the assets that read it to see its lineage here.
          </>
        }
      />
    );
  } else {
    content = (
      <>
        {loading && <Progress />}
        {value.cutoff && (
          <Typography role="status" variant="body2" className={classes.notice}>
            Showing the first {value.nodes.length} nodes; narrow the depth to
            see the complete graph around this entity.
          </Typography>
        )}
        {value.hidden && (
          <Typography
            role="status"
            variant="body2"
            className={classes.notice}
            data-testid="ml-lineage-hidden"
          >
            {hiddenNotice(value.hidden)}
          </Typography>
        )}
        <LineageGraphView graph={value} height={height} />
      </>
    );
  }

  return (
    <InfoCard title="Lineage" variant={variant} action={depthSelector}>
      {content}
    </InfoCard>
  );
}
