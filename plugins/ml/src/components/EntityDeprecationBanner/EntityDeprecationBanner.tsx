import { ReactNode } from 'react';
import { Box, Typography, makeStyles } from '@material-ui/core';
import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { LineageNode, isMlEntity } from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import {
  DeclaredRefLinks,
  notVisibleSentence,
  useEntityReferences,
} from '../shared/DeclaredRefs';

/**
 * `spec.deprecation` as Models declare it. Features and Datasets only have
 * `spec.lifecycle`, so every field is optional and read defensively.
 */
interface Deprecation {
  reason?: string;
  replacedBy?: string;
  sunsetDate?: string;
}

function readDeprecation(entity: Entity): Deprecation {
  const raw = entity.spec?.deprecation;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const field = (key: string) => {
    const value = (raw as Record<string, unknown>)[key];
    return typeof value === 'string' && value.trim() ? value : undefined;
  };
  return {
    reason: field('reason'),
    replacedBy: field('replacedBy'),
    sunsetDate: field('sunsetDate'),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Today as `YYYY-MM-DD` in local time, to compare with a calendar date. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const useStyles = makeStyles(
  theme => ({
    row: { '&:not(:last-child)': { marginBottom: theme.spacing(1) } },
    label: { fontWeight: theme.typography.fontWeightBold as number },
    consumers: {
      margin: theme.spacing(0.5, 0, 0),
      paddingLeft: theme.spacing(3),
    },
  }),
  { name: 'MlEntityDeprecationBanner' },
);

function Row(props: { label: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <Box className={classes.row}>
      <Typography variant="body2" component="div">
        <span className={classes.label}>{props.label}:</span> {props.children}
      </Typography>
    </Box>
  );
}

/** Direct consumers (one hop downstream), each once, in the backend's order. */
function directConsumers(groups: Array<{ assets: LineageNode[] }>) {
  const seen = new Map<string, LineageNode>();
  for (const group of groups) {
    for (const asset of group.assets) {
      if (asset.distance === 1 && !seen.has(asset.ref)) {
        seen.set(asset.ref, asset);
      }
    }
  }
  return [...seen.values()];
}

function DeprecationBanner(props: { entity: Entity }) {
  const classes = useStyles();
  const { entity } = props;
  const mlApi = useApi(mlApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { reason, replacedBy, sunsetDate } = readDeprecation(entity);
  const impact = useAsync(() => mlApi.getImpact(entityRef), [mlApi, entityRef]);
  // Whether the user may see the successor; asked only when there is one.
  const references = useEntityReferences(replacedBy ? entityRef : undefined);
  // Loading and errors add nothing: the deprecation itself is what matters.
  const consumers = impact.value
    ? directConsumers(impact.value.groups)
    : undefined;
  const hidden = impact.value?.hidden;
  const hiddenNote = hidden
    ? `${notVisibleSentence(hidden, 'downstream asset')}.`
    : undefined;

  const details: ReactNode[] = [];
  if (sunsetDate) {
    details.push(
      <Row key="sunset" label="Sunset date">
        <time dateTime={sunsetDate}>{sunsetDate}</time>
        {sunsetDate < today() ? ' (passed)' : ''}
      </Row>,
    );
  }
  if (replacedBy) {
    details.push(
      <Row key="successor" label="Replaced by">
        <DeclaredRefLinks
          references={references}
          field="deprecation.replacedBy"
          declared={1}
          noun="asset"
        />
      </Row>,
    );
  }
  if (consumers) {
    details.push(
      consumers.length ? (
        <Row
          key="consumers"
          label={`Consumers to migrate (${consumers.length})`}
        >
          <ul className={classes.consumers} aria-label="Consumers to migrate">
            {consumers.map(asset => (
              <li key={asset.ref}>
                <EntityRefLink entityRef={asset.ref}>
                  {asset.title}
                </EntityRefLink>
              </li>
            ))}
          </ul>
          {hiddenNote}
        </Row>
      ) : (
        <Row key="consumers" label="Consumers to migrate">
          {/* Never "nothing reads it" when what reads it is hidden from the user. */}
          {hiddenNote
            ? `none you may see: ${hiddenNote}`
            : `none: nothing reads this ${entity.kind.toLocaleLowerCase(
                'en-US',
              )} directly`}
        </Row>
      ),
    );
  }

  return (
    <WarningPanel
      severity="warning"
      title={`This ${entity.kind.toLocaleLowerCase('en-US')} is deprecated`}
      message={
        reason ??
        'Its owner has set spec.lifecycle to deprecated: ask them before building on it.'
      }
      defaultExpanded
    >
      {details.length ? details : undefined}
    </WarningPanel>
  );
}

/**
 * A warning on deprecated Models, Features and Datasets: why, until when, what
 * replaces it and which entities still read it directly (from the impact
 * analysis). Renders nothing, and calls no API, for any other entity.
 */
export function EntityDeprecationBanner() {
  const { entity } = useEntity();
  if (!isMlEntity(entity) || entity.spec?.lifecycle !== 'deprecated') {
    return null;
  }
  return <DeprecationBanner entity={entity} />;
}
