// Who reads the view: the store's feature services and the registered models.
import { Typography } from '@material-ui/core';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  FeatureStoreConsumer,
  FeatureStoreService,
} from '@ml-marketplace/plugin-ml-common';
import { Heading } from './Heading';
import { useStyles } from './styles';

/** The feature services that read the view; among the views each reads, this one is bold. */
export function Services(props: {
  services: FeatureStoreService[];
  view: string;
}) {
  const classes = useStyles();
  const { services, view } = props;
  return (
    <section className={classes.section} aria-label="Feature services">
      <Heading>Feature services</Heading>
      {services.length ? (
        <ul className={classes.list}>
          {services.map(s => (
            <li key={`${s.project}/${s.name}`} className={classes.item}>
              <Typography variant="body2">
                <strong className={classes.code}>{s.name}</strong>
                {s.description && ` — ${s.description}`}
              </Typography>
              <Typography variant="body2" className={classes.muted}>
                {`Reads ${s.featureViews.length === 1 ? 'view' : 'views'} `}
                {s.featureViews.map((v, i) => (
                  <span key={v}>
                    {i > 0 && ', '}
                    {v === view ? <strong>{v}</strong> : v}
                  </span>
                ))}
                {s.owner && `; owner in the store: ${s.owner}`}
              </Typography>
            </li>
          ))}
        </ul>
      ) : (
        <Typography variant="body2" className={classes.muted}>
          No feature service reads this view.
        </Typography>
      )}
    </section>
  );
}

interface ConsumerGroup {
  registryId: string;
  model: string;
  entityRef?: string;
  versions: string[];
  featureServices: string[];
}

/** One entry per registered model, its versions newest first. */
function groupConsumers(consumers: FeatureStoreConsumer[]): ConsumerGroup[] {
  const groups = new Map<string, ConsumerGroup>();
  for (const c of consumers) {
    const key = `${c.registryId}\u0000${c.model}`;
    const group = groups.get(key) ?? {
      registryId: c.registryId,
      model: c.model,
      versions: [],
      featureServices: [],
    };
    group.entityRef ??= c.entityRef;
    if (!group.versions.includes(c.version)) group.versions.push(c.version);
    if (c.featureService && !group.featureServices.includes(c.featureService)) {
      group.featureServices.push(c.featureService);
    }
    groups.set(key, group);
  }
  return [...groups.values()].map(g => ({
    ...g,
    versions: g.versions.every(v => /^\d+$/.test(v))
      ? [...g.versions].sort((a, b) => Number(b) - Number(a))
      : g.versions,
  }));
}

export function Consumers(props: {
  consumers: FeatureStoreConsumer[];
  /** Models the viewer may not read, counted by the backend. */
  hidden?: number;
}) {
  const classes = useStyles();
  const groups = groupConsumers(props.consumers);
  const hidden = props.hidden ?? 0;
  return (
    <section className={classes.section} aria-label="Models reading it">
      <Heading>Models reading it</Heading>
      <Typography variant="body2" className={classes.muted}>
        From the registry: registered models whose runs name this view in their
        Feast tags.
      </Typography>
      {groups.length ? (
        <ul className={classes.list}>
          {groups.map(g => (
            <li
              key={`${g.registryId}/${g.model}`}
              className={classes.item}
              data-model={g.model}
            >
              <Typography variant="body2">
                {g.entityRef ? (
                  <EntityRefLink entityRef={g.entityRef} defaultKind="model" />
                ) : (
                  <strong>{g.model}</strong>
                )}
                {` — ${
                  g.versions.length === 1 ? 'version' : 'versions'
                } ${g.versions.join(', ')}${
                  g.entityRef ? ` of ${g.model}` : ''
                } in registry "${g.registryId}"`}
                {g.featureServices.length > 0 &&
                  `, through feature service ${g.featureServices.join(', ')}`}
                {!g.entityRef && ' (no Model entity names it)'}
              </Typography>
            </li>
          ))}
        </ul>
      ) : (
        !hidden && (
          <Typography variant="body2" className={classes.line}>
            No registered model's runs name this view.
          </Typography>
        )
      )}
      {hidden > 0 && (
        <Typography variant="body2" className={classes.line}>
          {hidden === 1
            ? '1 more model reads it that is not visible to you.'
            : `${hidden} more models read it that are not visible to you.`}
        </Typography>
      )}
    </section>
  );
}
