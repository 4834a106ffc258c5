import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { useEntity } from '@backstage/plugin-catalog-react';
import type {
  RegistryDeclaration,
  RegistryModel,
  RegistrySignatureField,
} from '@ml-marketplace/plugin-ml-common';
import { UsageSnippets } from '../shared/UsageSnippets';
import { modelUsage } from './modelUsage';

const useStyles = makeStyles(
  theme => ({
    head: { whiteSpace: 'nowrap', fontWeight: 'bold' },
    name: { fontFamily: 'monospace', whiteSpace: 'nowrap' },
    muted: { color: theme.palette.text.secondary },
  }),
  { name: 'MlModelHowToUse' },
);

function describeShape(field: RegistrySignatureField) {
  return field.shape
    ? ` shape (${field.shape.map(d => (d < 0 ? 'any' : d)).join(', ')})`
    : '';
}

/** The inputs (and outputs) a version expects, as logged with it in the registry. */
function Signature(props: {
  inputs: RegistrySignatureField[];
  outputs: RegistrySignatureField[];
  version: string;
}) {
  const classes = useStyles();
  const { inputs, outputs, version } = props;
  const rows = [
    ...inputs.map(f => ({ ...f, role: 'input' })),
    ...outputs.map(f => ({ ...f, role: 'output' })),
  ];
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h4">
        Signature of version {version}
      </Typography>
      <Typography variant="body2" className={classes.muted}>
        As logged with the model in the registry: what <code>predict</code>{' '}
        expects and returns.
      </Typography>
      <Table size="small" aria-label={`Signature of version ${version}`}>
        <TableHead>
          <TableRow>
            <TableCell className={classes.head}>Name</TableCell>
            <TableCell className={classes.head}>Type</TableCell>
            <TableCell className={classes.head}>Role</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((f, i) => (
            <TableRow key={`${f.role}-${f.name ?? i}`}>
              <TableCell className={classes.name}>
                {f.name ?? <span className={classes.muted}>(unnamed)</span>}
              </TableCell>
              <TableCell className={classes.name}>
                {f.type}
                {describeShape(f)}
              </TableCell>
              <TableCell>
                {f.role}
                {f.role === 'input' &&
                  (f.optional ? ', optional' : ', required')}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/** The registry URI of what serves, its signature, and snippets to load or call it. */
export function HowToUse(props: {
  declared: RegistryDeclaration;
  model: RegistryModel;
  location?: string;
}) {
  const classes = useStyles();
  const { entity } = useEntity();
  const serving = entity.spec?.serving as { endpoint?: unknown } | undefined;
  const usage = modelUsage({
    ...props,
    endpoint:
      typeof serving?.endpoint === 'string' ? serving.endpoint : undefined,
  });
  if (!usage) return null;
  return (
    <Box mb={2} component="section" aria-label="How to use">
      <Typography variant="h6" component="h3">
        How to use
      </Typography>
      <Typography variant="body2">
        <code>{usage.uri}</code> is {usage.points}.
      </Typography>
      <UsageSnippets snippets={usage.snippets} />
      {usage.signature ? (
        <Signature {...usage.signature} version={usage.version} />
      ) : (
        <Typography variant="body2" className={classes.muted}>
          The registry gave no signature for version {usage.version}; log the
          model with <code>signature=infer_signature(X, y)</code> to show its
          inputs here.
        </Typography>
      )}
    </Box>
  );
}
