import { makeStyles } from '@material-ui/core';

/** The usage card's classes, one sheet shared by its parts. */
export const useStyles = makeStyles(
  theme => ({
    summary: { marginBottom: theme.spacing(1) },
    muted: { color: theme.palette.text.secondary },
    hidden: {
      marginTop: theme.spacing(1),
      color: theme.palette.text.secondary,
    },
    team: {
      marginTop: theme.spacing(2),
      '&:first-of-type': { marginTop: 0 },
    },
    teamHeader: {
      display: 'flex',
      alignItems: 'baseline',
      gap: theme.spacing(1),
      borderBottom: `1px solid ${theme.palette.divider}`,
      paddingBottom: theme.spacing(0.5),
    },
    list: { margin: 0, padding: 0, listStyle: 'none' },
    use: { padding: theme.spacing(0.75, 0) },
    useHead: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    kind: {
      minWidth: 72,
      color: theme.palette.text.secondary,
      textTransform: 'uppercase',
      fontSize: 10,
      fontWeight: 'bold',
      letterSpacing: 0.5,
    },
    chip: {
      // Calm: an outline in the text's secondary colour, never a status colour.
      color: theme.palette.text.secondary,
      borderColor: theme.palette.divider,
    },
    grow: { flexGrow: 1 },
    detail: {
      marginLeft: 72 + theme.spacing(1),
      color: theme.palette.text.secondary,
      wordBreak: 'break-word',
    },
    form: {
      display: 'flex',
      flexDirection: 'column',
      gap: theme.spacing(2),
    },
  }),
  { name: 'MlEntityUsageCard' },
);
