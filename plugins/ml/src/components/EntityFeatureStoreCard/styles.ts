import { makeStyles } from '@material-ui/core';

/** The card's classes, one sheet shared by its parts so class names keep one prefix. */
export const useStyles = makeStyles(
  theme => ({
    section: { marginTop: theme.spacing(3) },
    block: { marginBottom: theme.spacing(2) },
    line: { marginTop: theme.spacing(1) },
    muted: { color: theme.palette.text.secondary },
    code: { fontFamily: 'monospace', wordBreak: 'break-word' },
    head: { whiteSpace: 'nowrap' },
    chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
    marker: { marginLeft: theme.spacing(1) },
    list: { margin: theme.spacing(1, 0, 0), paddingLeft: 0, listStyle: 'none' },
    item: { marginBottom: theme.spacing(1) },
  }),
  { name: 'MlEntityFeatureStoreCard' },
);
