// The view's features as the store has them, marked where spec.features disagrees.
import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { FeatureStoreView } from '@ml-marketplace/plugin-ml-common';
import { declaredFeaturesOf, featureRows } from './featureStoreText';
import { useStyles } from './styles';

const MARKER_HINTS = {
  'not declared':
    "The store has this feature; the entity's spec.features does not declare it.",
  'not in the store':
    "spec.features declares this feature; the store's view does not have it.",
};

export function FeaturesTable(props: {
  view: FeatureStoreView;
  spec: Record<string, unknown>;
}) {
  const classes = useStyles();
  const rows = featureRows(props.view.features, declaredFeaturesOf(props.spec));
  if (!rows.length) {
    return (
      <Typography variant="body2" className={classes.muted}>
        The view has no features.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Features in the store">
      <TableHead>
        <TableRow>
          <TableCell className={classes.head}>Name</TableCell>
          <TableCell className={classes.head}>Store type</TableCell>
          <TableCell className={classes.head}>Description</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.name} data-feature={row.name}>
            <TableCell>
              <span className={classes.code}>{row.name}</span>
              {row.mark && (
                <Tooltip title={MARKER_HINTS[row.mark]}>
                  <Chip
                    size="small"
                    variant="outlined"
                    label={row.mark}
                    className={classes.marker}
                  />
                </Tooltip>
              )}
            </TableCell>
            <TableCell className={classes.code}>
              {row.storeType ?? (
                <span className={classes.muted}>
                  —{row.declaredDtype && ` (declared ${row.declaredDtype})`}
                </span>
              )}
            </TableCell>
            <TableCell>
              {row.description ?? (
                <span className={classes.muted}>not described</span>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
