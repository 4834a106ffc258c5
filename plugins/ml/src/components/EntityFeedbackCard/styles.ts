import { makeStyles } from '@material-ui/core';

/** The card's classes, one sheet shared by its parts so class names keep one prefix. */
export const useStyles = makeStyles(
  theme => ({
    section: { marginTop: theme.spacing(3) },
    muted: { color: theme.palette.text.secondary },
    line: { marginTop: theme.spacing(1) },
    text: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
    list: { margin: theme.spacing(1, 0, 0), padding: 0, listStyle: 'none' },
    item: {
      padding: theme.spacing(1.5, 0),
      borderBottom: `1px solid ${theme.palette.divider}`,
      '&:last-child': { borderBottom: 0 },
    },
    itemHead: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    grow: { flexGrow: 1 },
    reply: {
      marginTop: theme.spacing(1),
      marginLeft: theme.spacing(2),
      paddingLeft: theme.spacing(1.5),
      borderLeft: `3px solid ${theme.palette.divider}`,
    },
    form: {
      display: 'flex',
      flexDirection: 'column',
      gap: theme.spacing(1.5),
      marginTop: theme.spacing(1),
      maxWidth: 720,
    },
    actions: { display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap' },
    // The summary: the mean beside bars of 5 down to 1 stars.
    summary: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      gap: theme.spacing(4),
    },
    average: { fontSize: 40, fontWeight: 'bold', lineHeight: 1 },
    bars: { margin: 0, padding: 0, listStyle: 'none', minWidth: 220 },
    bar: {
      display: 'grid',
      gridTemplateColumns: '4.5em 1fr 2.5em',
      alignItems: 'center',
      gap: theme.spacing(1),
      fontSize: 12,
    },
    track: {
      height: 8,
      borderRadius: 4,
      backgroundColor: theme.palette.action.hover,
      overflow: 'hidden',
    },
    fill: {
      height: '100%',
      backgroundColor: theme.palette.warning.main,
    },
    count: { textAlign: 'right', color: theme.palette.text.secondary },
  }),
  { name: 'MlEntityFeedbackCard' },
);
