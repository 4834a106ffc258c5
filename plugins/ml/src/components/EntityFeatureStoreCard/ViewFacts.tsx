// What the store records about the view: its type, owner, dates, keys, TTL, source, tags.
import { Chip, Grid } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { FeatureStoreView } from '@ml-marketplace/plugin-ml-common';
import { SpecFact } from '../shared/SpecFacts';
import { DateText } from './DateText';
import { secondsInWords, viewTypeLabel } from './featureStoreText';
import { useStyles } from './styles';

/** The owner as the store records it; a catalog group or user ref is a link. */
function StoreOwner({ owner }: { owner?: string }) {
  if (!owner) return <>not recorded</>;
  let ref;
  try {
    ref = /^(group|user):/i.test(owner) ? parseEntityRef(owner) : undefined;
  } catch {
    ref = undefined;
  }
  return ref ? (
    <EntityRefLink entityRef={ref}>{owner}</EntityRefLink>
  ) : (
    <>{owner}</>
  );
}

export function ViewFacts({ view }: { view: FeatureStoreView }) {
  return (
    <Grid container spacing={2}>
      <SpecFact label="Type">{viewTypeLabel(view.type)}</SpecFact>
      <SpecFact label="Served">
        {view.online ? 'Online and offline' : 'Offline only'}
      </SpecFact>
      <SpecFact label="Owner in the store">
        <StoreOwner owner={view.owner} />
      </SpecFact>
      <SpecFact label="Created">
        {view.createdAt ? <DateText iso={view.createdAt} /> : '—'}
      </SpecFact>
      <SpecFact label="Updated">
        {view.updatedAt ? <DateText iso={view.updatedAt} /> : '—'}
      </SpecFact>
    </Grid>
  );
}

function SourceText({ source }: { source: FeatureStoreView['source'] }) {
  const classes = useStyles();
  if (!source || (!source.name && !source.type && !source.uri)) {
    return <>not recorded</>;
  }
  return (
    <>
      {source.name && <strong>{source.name}</strong>}
      {source.type && (
        <span className={classes.muted}>
          {source.name ? ' ' : ''}({source.type})
        </span>
      )}
      {source.uri && (
        <div className={classes.code}>
          {/^https?:\/\//.test(source.uri) ? (
            <Link to={source.uri} externalLinkIcon>
              {source.uri}
            </Link>
          ) : (
            source.uri
          )}
        </div>
      )}
    </>
  );
}

/** `customer (customer_id)`: each entity with its join key, when they pair up. */
function EntitiesText({ view }: { view: FeatureStoreView }) {
  const classes = useStyles();
  const joinKeys = view.joinKeys ?? [];
  if (!view.entities.length && !joinKeys.length) return <>none</>;
  let text: string;
  if (view.entities.length === joinKeys.length) {
    text = view.entities
      .map((e, i) => (e === joinKeys[i] ? e : `${e} (${joinKeys[i]})`))
      .join(', ');
  } else {
    text = view.entities.join(', ');
    if (joinKeys.length) {
      text += `${text ? ' ' : ''}(${joinKeys.join(', ')})`;
    }
  }
  return <span className={classes.code}>{text}</span>;
}

/** The view's entities, TTL, batch source and tags. */
export function ViewDetails({ view }: { view: FeatureStoreView }) {
  const classes = useStyles();
  const tags = Object.entries(view.tags);
  return (
    <Grid container spacing={2}>
      <SpecFact label="Entities (join keys)">
        <EntitiesText view={view} />
      </SpecFact>
      <SpecFact label="TTL">
        {view.ttlSeconds !== undefined && view.ttlSeconds > 0
          ? secondsInWords(view.ttlSeconds)
          : 'none (values never expire)'}
      </SpecFact>
      <SpecFact label="Batch source" wide>
        <SourceText source={view.source} />
      </SpecFact>
      <SpecFact label="Tags" wide>
        {tags.length ? (
          <div className={classes.chips}>
            {tags.map(([key, value]) => (
              <Chip
                key={key}
                size="small"
                label={value ? `${key}: ${value}` : key}
              />
            ))}
          </div>
        ) : (
          'none'
        )}
      </SpecFact>
    </Grid>
  );
}
