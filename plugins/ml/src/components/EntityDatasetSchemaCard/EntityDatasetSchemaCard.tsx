import {
  Chip,
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { SchemaDifferences } from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import { UsageSnippets } from '../shared/UsageSnippets';
import { isoDurationInWords as durationInWords } from '@ml-marketplace/plugin-ml-common';
import { SpecFact, specText } from '../shared/SpecFacts';
import { datasetUsage, type DatasetColumn } from './datasetUsage';
import { ColumnInData, ObservedSchemaLine } from './ObservedSchema';

const useStyles = makeStyles(
  theme => ({
    code: { fontFamily: 'monospace', wordBreak: 'break-all' },
    section: { marginTop: theme.spacing(3) },
    // Headers never wrap mid-word ("Nullab le").
    head: { whiteSpace: 'nowrap' },
    column: { fontFamily: 'monospace', whiteSpace: 'nowrap' },
    pii: {
      backgroundColor: theme.palette.warning.main,
      color: theme.palette.warning.contrastText,
      fontWeight: 'bold',
    },
    muted: { color: theme.palette.text.secondary },
  }),
  { name: 'MlEntityDatasetSchemaCard' },
);

const asText = specText;

function columnsOf(spec: Record<string, unknown>): DatasetColumn[] {
  const schema = spec.schema as { columns?: unknown } | undefined;
  if (!Array.isArray(schema?.columns)) return [];
  return schema!.columns
    .filter(
      (c): c is Record<string, unknown> =>
        !!c && typeof c === 'object' && typeof c.name === 'string',
    )
    .map(c => ({
      name: c.name as string,
      type: asText(c.type),
      description: asText(c.description),
      pii: c.pii === true,
      nullable: typeof c.nullable === 'boolean' ? c.nullable : undefined,
    }));
}

function Columns({
  columns,
  differences,
  observed = [],
}: {
  columns: DatasetColumn[];
  differences?: SchemaDifferences;
  /** The fields producers reported, for the types of undeclared columns. */
  observed?: Array<{ name: string; type?: string }>;
}) {
  const classes = useStyles();
  if (!columns.length) {
    return (
      <Typography variant="body2" className={classes.muted}>
        No columns are declared. Add <code>spec.schema.columns</code> (name,
        type, description, <code>pii</code>) to its catalog-info.yaml so people
        can judge whether this dataset fits.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Columns">
      <TableHead>
        <TableRow>
          <TableCell className={classes.head}>Column</TableCell>
          <TableCell className={classes.head}>Type</TableCell>
          <TableCell className={classes.head}>Description</TableCell>
          <TableCell className={classes.head}>Personal data</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {columns.map(column => (
          <TableRow key={column.name} data-column={column.name}>
            <TableCell className={classes.column}>{column.name}</TableCell>
            <TableCell className={classes.column}>
              {column.type ?? '—'}
              {column.nullable === false && (
                <span className={classes.muted}> not null</span>
              )}{' '}
              <ColumnInData name={column.name} differences={differences} />
            </TableCell>
            <TableCell>
              {column.description ?? (
                <span className={classes.muted}>not described</span>
              )}
            </TableCell>
            <TableCell>
              {column.pii && (
                <Chip size="small" label="PII" className={classes.pii} />
              )}
            </TableCell>
          </TableRow>
        ))}
        {differences?.added.map(name => (
          <TableRow key={`added-${name}`} data-column={name}>
            <TableCell className={classes.column}>{name}</TableCell>
            <TableCell className={classes.column}>
              {observed.find(f => f.name === name)?.type ?? '—'}{' '}
              <Chip size="small" variant="outlined" label="not declared" />
            </TableCell>
            <TableCell>
              <span className={classes.muted}>
                in the data, not in spec.schema.columns
              </span>
            </TableCell>
            <TableCell />
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function HowToUse(props: {
  location?: string;
  type?: string;
  columns: DatasetColumn[];
}) {
  const classes = useStyles();
  const usage = datasetUsage(props);
  return (
    <section className={classes.section} aria-label="How to use">
      <Typography variant="h6" component="h3">
        How to use
      </Typography>
      {!usage.snippets.length ? (
        <Typography variant="body2" className={classes.muted}>
          {props.location
            ? `No snippet for ${props.location}: ask the owner how to read it.`
            : 'No location is declared: ask the owner where the data lives, and add spec.location to its catalog-info.yaml.'}
        </Typography>
      ) : (
        <>
          {usage.where && (
            <Typography variant="body2">Reads the {usage.where}.</Typography>
          )}
          <UsageSnippets snippets={usage.snippets} />
          {usage.omittedPii.length > 0 && (
            <Typography variant="caption" className={classes.muted}>
              {`Personal-data columns are left out of the snippets (${usage.omittedPii.join(
                ', ',
              )}); add them only if your use is allowed to read them.`}
            </Typography>
          )}
        </>
      )}
    </section>
  );
}

/**
 * What a Dataset holds and how to read it: its columns with type,
 * description and personal-data flag; classification, freshness, retention
 * and location; and copy-paste snippets for where it lives.
 */
export function EntityDatasetSchemaCard() {
  const classes = useStyles();
  const { entity } = useEntity();
  const mlApi = useApi(mlApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, error } = useAsync(
    () => mlApi.getDatasetSchema(entityRef),
    [mlApi, entityRef],
  );
  const schema = error ?? value;
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const columns = columnsOf(spec);
  const pii = columns.filter(c => c.pii).length;
  const location = asText(spec.location);
  const type = asText(spec.type);
  const freshness = asText(spec.freshness);
  const retention = asText(spec.retention);
  const classification = asText(spec.classification);

  const subheader = columns.length
    ? `${columns.length} column${columns.length === 1 ? '' : 's'}${
        pii ? `, ${pii} with personal data` : ''
      }`
    : undefined;
  return (
    <InfoCard title="Schema" subheader={subheader}>
      <Grid container spacing={2}>
        <SpecFact label="Type">{type ?? '—'}</SpecFact>
        <SpecFact label="Classification">
          {classification ?? 'not declared'}
        </SpecFact>
        <SpecFact label="Freshness">
          {freshness
            ? `updated every ${durationInWords(freshness).replace(/^1 /, '')}`
            : 'not declared'}
        </SpecFact>
        <SpecFact label="Retention">
          {retention ? `kept ${durationInWords(retention)}` : 'not declared'}
        </SpecFact>
        <SpecFact label="Location" wide>
          <span className={classes.code}>{location ?? 'not declared'}</span>
        </SpecFact>
      </Grid>
      <section className={classes.section} aria-label="Columns">
        <Typography variant="h6" component="h3">
          Columns
        </Typography>
        <ObservedSchemaLine schema={schema} />
        <Columns
          columns={columns}
          differences={value?.differences}
          observed={value?.observed?.fields}
        />
      </section>
      <HowToUse location={location} type={type} columns={columns} />
    </InfoCard>
  );
}
