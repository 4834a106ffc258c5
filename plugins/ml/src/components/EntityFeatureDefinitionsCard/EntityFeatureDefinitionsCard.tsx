import {
  Box,
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { CodeSnippet, InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DeclaredRefLinks, useEntityReferences } from '../shared/DeclaredRefs';
import { UsageSnippets } from '../shared/UsageSnippets';
import { isoDurationInWords as durationInWords } from '@ml-marketplace/plugin-ml-common';
import { SpecFact, specText } from '../shared/SpecFacts';
import { featureUsage, type FeatureField } from './featureUsage';

const useStyles = makeStyles(
  theme => ({
    section: { marginTop: theme.spacing(3) },
    head: { whiteSpace: 'nowrap' },
    code: { fontFamily: 'monospace', whiteSpace: 'nowrap' },
    muted: { color: theme.palette.text.secondary },
  }),
  { name: 'MlEntityFeatureDefinitionsCard' },
);

const STORES: Record<string, string> = {
  online: 'online (inference)',
  offline: 'offline (training)',
  both: 'online and offline',
};

function fieldsOf(spec: Record<string, unknown>): FeatureField[] {
  if (!Array.isArray(spec.features)) return [];
  return spec.features
    .filter(
      (f): f is Record<string, unknown> =>
        !!f && typeof f === 'object' && typeof f.name === 'string',
    )
    .map(f => ({
      name: f.name as string,
      dtype: specText(f.dtype),
      description: specText(f.description),
    }));
}

const textsOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];

/**
 * What a Feature defines and how to retrieve it: each feature with its dtype
 * and meaning, the join keys, TTL, store and sources, and feature-store
 * snippets with its feature references.
 */
export function EntityFeatureDefinitionsCard() {
  const classes = useStyles();
  const { entity } = useEntity();
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const sources = textsOf(spec.sources);
  // Sources the reader may not see are counted, never named.
  const references = useEntityReferences(
    sources.length ? stringifyEntityRef(entity) : undefined,
  );
  const fields = fieldsOf(spec);
  const entities = textsOf(spec.entities);
  const store = specText(spec.store);
  const ttl = specText(spec.ttl);
  const usage = featureUsage({
    name: entity.metadata.name,
    features: fields,
    entities,
    store,
  });

  return (
    <InfoCard
      title="Definitions"
      subheader={
        fields.length
          ? `${fields.length} feature${fields.length === 1 ? '' : 's'}`
          : undefined
      }
    >
      <Grid container spacing={2}>
        <SpecFact label="Join keys">
          {entities.length ? (
            <span className={classes.code}>{entities.join(', ')}</span>
          ) : (
            'not declared'
          )}
        </SpecFact>
        <SpecFact label="Store">
          {store ? STORES[store] ?? store : 'not declared'}
        </SpecFact>
        <SpecFact label="TTL">
          {ttl ? durationInWords(ttl) : 'not declared'}
        </SpecFact>
        <SpecFact label="Version">{specText(spec.version) ?? '—'}</SpecFact>
        <SpecFact label="Sources" wide>
          {sources.length ? (
            <DeclaredRefLinks
              references={references}
              field="sources"
              declared={sources.length}
            />
          ) : (
            'not declared'
          )}
        </SpecFact>
        {specText(spec.transformation) && (
          <SpecFact label="Computed as" wide>
            {specText(spec.transformation)}
          </SpecFact>
        )}
      </Grid>

      <section className={classes.section} aria-label="Features">
        <Typography variant="h6" component="h3">
          Features
        </Typography>
        {fields.length ? (
          <Table size="small" aria-label="Feature definitions">
            <TableHead>
              <TableRow>
                <TableCell className={classes.head}>Name</TableCell>
                <TableCell className={classes.head}>Type</TableCell>
                <TableCell className={classes.head}>Description</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {fields.map(field => (
                <TableRow key={field.name} data-feature={field.name}>
                  <TableCell className={classes.code}>{field.name}</TableCell>
                  <TableCell className={classes.code}>
                    {field.dtype ?? '—'}
                  </TableCell>
                  <TableCell>
                    {field.description ?? (
                      <span className={classes.muted}>not described</span>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <Typography variant="body2" className={classes.muted}>
            No features are declared. Add <code>spec.features</code> (name,
            dtype, description) to its catalog-info.yaml.
          </Typography>
        )}
      </section>

      {usage.snippets.length > 0 && (
        <section className={classes.section} aria-label="How to use">
          <Typography variant="h6" component="h3">
            How to use
          </Typography>
          <Typography variant="body2">
            Feature references, as the feature view{' '}
            <span className={classes.code}>{usage.featureView}</span> names
            them:
          </Typography>
          <Box mt={1}>
            <CodeSnippet
              text={usage.references.join('\n')}
              language="text"
              showCopyCodeButton
            />
          </Box>
          <UsageSnippets snippets={usage.snippets} />
        </section>
      )}
    </InfoCard>
  );
}
