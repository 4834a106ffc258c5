import { Chip, Typography, makeStyles } from '@material-ui/core';
import type {
  DatasetSchemaResponse,
  SchemaDifferences,
} from '@ml-marketplace/plugin-ml-common';
import { describeError, formatDateTime } from '../shared/entityCardFormat';

const useStyles = makeStyles(
  theme => ({
    muted: { color: theme.palette.text.secondary },
    broken: {
      backgroundColor: theme.palette.error.main,
      color: theme.palette.error.contrastText,
    },
    changed: {
      backgroundColor: theme.palette.warning.main,
      color: theme.palette.warning.contrastText,
    },
    code: { fontFamily: 'monospace' },
  }),
  { name: 'MlObservedSchema' },
);

const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

/** "1 declared column is missing from the data, 2 are not declared." */
function summary(differences: SchemaDifferences): string {
  const { removed, retyped, added } = differences;
  const parts = [
    removed.length &&
      `${plural(
        removed.length,
        'declared column is',
        'declared columns are',
      )} missing from the data`,
    retyped.length && `${plural(retyped.length, 'has', 'have')} another type`,
    added.length &&
      `${plural(
        added.length,
        'column in the data is',
        'columns in the data are',
      )} not declared`,
  ].filter(Boolean);
  return parts.length
    ? `${parts.join(', ')}.`
    : 'the data has every declared column, with its type.';
}

/**
 * Where the declared columns stand against what producers last reported:
 * one line above the columns table.
 */
export function ObservedSchemaLine(props: {
  schema: DatasetSchemaResponse | Error | undefined;
}) {
  const classes = useStyles();
  const { schema } = props;
  if (schema === undefined) return null;
  if (schema instanceof Error) {
    return (
      <Typography variant="body2" className={classes.muted} role="alert">
        Could not read the schema producers reported: {describeError(schema)}
      </Typography>
    );
  }
  if (!schema.identity) {
    return (
      <Typography variant="body2" className={classes.muted}>
        Not compared with the data: it declares no OpenLineage identity
        (annotation <code>ml-marketplace.io/openlineage-dataset</code>).
      </Typography>
    );
  }
  if (!schema.observed) {
    return (
      <Typography variant="body2" className={classes.muted}>
        Not compared with the data yet: no producer has reported the schema of{' '}
        <span className={classes.code}>{schema.identity}</span>.
      </Typography>
    );
  }
  const { observedAt, source } = schema.observed;
  return (
    <Typography variant="body2" data-testid="observed-schema">
      Reported {formatDateTime(observedAt)} by{' '}
      {source === 'DatasetEvent' ? 'a DatasetEvent' : `job ${source}`}:{' '}
      {schema.differences
        ? summary(schema.differences)
        : `${plural(schema.observed.fields.length, 'column', 'columns')}.`}
    </Typography>
  );
}

/** What the data says about one declared column, for its row. */
export function ColumnInData(props: {
  name: string;
  differences?: SchemaDifferences;
}) {
  const classes = useStyles();
  const { name, differences } = props;
  if (!differences) return null;
  if (differences.removed.includes(name)) {
    return (
      <Chip
        size="small"
        label="missing in the data"
        className={classes.broken}
      />
    );
  }
  const retyped = differences.retyped.find(r => r.name === name);
  if (retyped) {
    return (
      <Chip
        size="small"
        label={`${retyped.observed} in the data`}
        className={classes.changed}
      />
    );
  }
  return null;
}
