import { ReactNode } from 'react';
import { Chip, Grid, Typography, makeStyles } from '@material-ui/core';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  isDatasetEntity,
  isFeatureEntity,
  isModelEntity,
  type EntityReferences,
} from '@ml-marketplace/plugin-ml-common';
import { DeclaredRefLinks, useEntityReferences } from '../shared/DeclaredRefs';
import { isoDurationInWords as durationInWords } from '@ml-marketplace/plugin-ml-common';

const useStyles = makeStyles(
  theme => ({
    label: {
      color: theme.palette.text.secondary,
      textTransform: 'uppercase',
      fontSize: '10px',
      fontWeight: 'bold',
      letterSpacing: 0.5,
      lineHeight: 1,
      paddingBottom: theme.spacing(0.5),
    },
    value: { overflowWrap: 'anywhere' },
  }),
  { name: 'MlEntitySummaryCard' },
);

interface Fact {
  label: string;
  value: ReactNode;
}

function FactGrid({ facts }: { facts: Fact[] }) {
  const classes = useStyles();
  return (
    <Grid container spacing={2}>
      {facts.map(({ label, value }) => (
        <Grid item xs={12} sm={6} key={label}>
          <Typography className={classes.label} component="h3">
            {label}
          </Typography>
          <Typography variant="body2" component="div" className={classes.value}>
            {value ?? <em>not declared</em>}
          </Typography>
        </Grid>
      ))}
    </Grid>
  );
}

/**
 * Links to the refs a spec field declares that the user may see; those hidden
 * from them are counted, not named (see DeclaredRefLinks).
 */
function refs(
  references: EntityReferences | Error | undefined,
  field: string,
  list: string[] | undefined,
) {
  if (!list?.length) return undefined;
  return (
    <DeclaredRefLinks
      references={references}
      field={field}
      declared={list.length}
    />
  );
}

/** Key facts of a Model, Feature or Dataset, read from the entity's spec. */
export function EntityMlSummaryCard() {
  const { entity } = useEntity();
  const isMl =
    isModelEntity(entity) || isFeatureEntity(entity) || isDatasetEntity(entity);
  const references = useEntityReferences(
    isMl ? stringifyEntityRef(entity) : undefined,
  );
  let title: string;
  let facts: Fact[];

  if (isModelEntity(entity)) {
    const { spec } = entity;
    title = 'Model';
    facts = [
      { label: 'Task', value: spec.task },
      { label: 'Framework', value: spec.framework },
      { label: 'Base model', value: spec.baseModel },
      { label: 'Licence', value: spec.license },
      {
        label: 'Trained on',
        value: refs(references, 'trainedOn', spec.trainedOn),
      },
      {
        label: 'Features',
        value: refs(references, 'consumesFeatures', spec.consumesFeatures),
      },
    ];
  } else if (isFeatureEntity(entity)) {
    const { spec } = entity;
    title = 'Feature set';
    facts = [
      { label: 'Join keys', value: spec.entities?.join(', ') },
      { label: 'Sources', value: refs(references, 'sources', spec.sources) },
      { label: 'Store', value: spec.store },
      { label: 'TTL', value: spec.ttl && durationInWords(spec.ttl) },
      { label: 'Version', value: spec.version?.toString() },
      {
        label: 'Features',
        value: spec.features?.length
          ? spec.features.map(f => (
              <Chip key={f.name} size="small" label={`${f.name}: ${f.dtype}`} />
            ))
          : undefined,
      },
    ];
  } else if (isDatasetEntity(entity)) {
    const { spec } = entity;
    title = 'Dataset';
    facts = [
      { label: 'Type', value: spec.type },
      { label: 'Classification', value: spec.classification },
      { label: 'Location', value: spec.location },
      { label: 'Licence', value: spec.license },
      {
        label: 'Derived from',
        value: refs(references, 'derivedFrom', spec.derivedFrom),
      },
      {
        label: 'Freshness',
        value:
          spec.freshness &&
          `updated every ${durationInWords(spec.freshness).replace(/^1 /, '')}`,
      },
    ];
  } else {
    return (
      <InfoCard title="ML summary">
        <EmptyState
          missing="info"
          title="Not an ML asset"
          description="This card shows Model, Feature and Dataset entities (apiVersion ml-marketplace.io/v1alpha1)."
        />
      </InfoCard>
    );
  }

  return (
    <InfoCard title={title} variant="gridItem">
      <FactGrid facts={facts} />
    </InfoCard>
  );
}
