import type { ReactNode } from 'react';
import { Grid, Typography, makeStyles } from '@material-ui/core';

const useStyles = makeStyles(
  {
    label: {
      textTransform: 'uppercase',
      fontSize: '10px',
      fontWeight: 'bold',
      letterSpacing: 0.5,
      opacity: 0.7,
    },
    value: { wordBreak: 'break-word' },
  },
  { name: 'MlSpecFact' },
);

/** One labelled fact of an asset's spec, in a row of facts. */
export function SpecFact(props: {
  label: string;
  children: ReactNode;
  /** Takes the whole row (a location, a long value). */
  wide?: boolean;
}) {
  const classes = useStyles();
  return (
    <Grid
      item
      xs={props.wide ? 12 : 6}
      sm={props.wide ? 12 : 4}
      md={props.wide ? 12 : true}
    >
      <Typography className={classes.label} component="div">
        {props.label}
      </Typography>
      <Typography variant="body2" className={classes.value} component="div">
        {props.children}
      </Typography>
    </Grid>
  );
}

/** A spec value as trimmed text (numbers as written), or undefined. */
export function specText(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
