import { useMemo, useState } from 'react';
import { Button, Typography } from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  InfoCardVariants,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  isMlEntity,
  type AssetUsage,
  type AssetUse,
  type DeclareUseInput,
} from '@ml-marketplace/plugin-ml-common';
import { DeclareUseDialog } from './DeclareUseDialog';
import { TeamGroup } from './TeamGroup';
import { useStyles } from './styles';
import { useAssetUsage } from './useAssetUsage';
import type { OwnedEntity } from './useOwnedEntities';
import { groupUses, hiddenText, nameOf, usedByText } from './usageText';
import { WrongKindCard } from '../shared/WrongKindCard';

const TITLE = 'Who uses it';

function UsageContent(props: {
  usage: AssetUsage;
  subject: string;
  done?: string;
  onWithdraw(use: AssetUse): Promise<void>;
}) {
  const { usage, subject, done } = props;
  const classes = useStyles();
  const groups = useMemo(() => groupUses(usage), [usage]);
  const teams = groups.filter(g => g.team).length;
  return (
    <>
      {done && (
        <Typography role="status" variant="body2" className={classes.summary}>
          {done}
        </Typography>
      )}
      {usage.uses.length === 0 && !usage.hidden ? (
        <EmptyState
          missing="data"
          title={`Nobody is known to use ${subject} yet`}
          description={
            usage.canDeclare
              ? `Uses show here when the catalog says so (an entity names it in trainedOn, consumesFeatures, dependsOn…), a registry or an OpenLineage run records it, or a person declares it. If one of your team’s entities uses ${subject}, say so with “I use this”.`
              : `Uses show here when the catalog says so (an entity names it in trainedOn, consumesFeatures, dependsOn…), a registry or an OpenLineage run records it, or a person declares it. Sign in to declare your team’s use.`
          }
        />
      ) : (
        <>
          {usage.uses.length > 0 && (
            <Typography variant="body2" className={classes.summary}>
              {usedByText(usage.uses.length, teams)}
            </Typography>
          )}
          {groups.map(group => (
            <TeamGroup
              key={group.team ?? '(none)'}
              group={group}
              onWithdraw={props.onWithdraw}
            />
          ))}
          {!!usage.hidden && (
            // Counted, never named: the user may not read them.
            <Typography
              variant="body2"
              className={classes.hidden}
              data-testid="ml-usage-hidden"
            >
              {hiddenText(usage.hidden)}
            </Typography>
          )}
        </>
      )}
    </>
  );
}

function UsageCard(props: { entity: Entity; variant?: InfoCardVariants }) {
  const entityRef = stringifyEntityRef(props.entity).toLocaleLowerCase('en-US');
  const subject = props.entity.metadata.title ?? props.entity.metadata.name;
  const { usage, loading, error, change } = useAssetUsage(entityRef);
  const [declaring, setDeclaring] = useState(false);
  const [done, setDone] = useState<string>();
  const listed = useMemo(
    () => new Set(usage?.uses.map(u => u.consumer)),
    [usage],
  );

  const declare = async (input: DeclareUseInput, consumer: OwnedEntity) => {
    await change(api => api.declareUse(entityRef, input));
    setDeclaring(false);
    setDone(`Declared: ${consumer.title} uses ${subject}.`);
  };
  const withdraw = async (use: AssetUse) => {
    await change(api => api.withdrawUse(entityRef, use.consumer));
    setDone(
      `Withdrawn: the declared use by ${use.title ?? nameOf(use.consumer)}.`,
    );
  };

  return (
    <InfoCard
      title={TITLE}
      subheader={`The entities that use ${subject} directly, by the team that owns them`}
      variant={props.variant}
      action={
        usage?.canDeclare && (
          <Button
            color="primary"
            variant="outlined"
            onClick={() => {
              setDone(undefined);
              setDeclaring(true);
            }}
          >
            I use this
          </Button>
        )
      }
    >
      {error && <ResponseErrorPanel error={error} />}
      {!error && (loading || !usage) && <Progress />}
      {!error && usage && (
        <UsageContent
          usage={usage}
          subject={subject}
          done={done}
          onWithdraw={withdraw}
        />
      )}
      {declaring && (
        <DeclareUseDialog
          assetRef={entityRef}
          subject={subject}
          listed={listed}
          onDeclare={declare}
          onClose={() => setDeclaring(false)}
        />
      )}
    </InfoCard>
  );
}

/** Props of {@link EntityUsageCard}. */
export interface EntityUsageCardProps {
  variant?: InfoCardVariants;
}

/**
 * Who uses a Model, Feature or Dataset: its direct consumers grouped by the
 * team that owns them, each with where the use is known from (the catalog, a
 * registry, an OpenLineage run, or a person who declared it), and those the
 * user may not read counted. "I use this" lets a signed-in person declare that
 * one of their teams' entities uses it (`ml.usage.declare` on that entity);
 * "Withdraw" takes a declaration back.
 *
 * On entities other than ML assets it shows a one-line notice and calls no API.
 */
export function EntityUsageCard(props: EntityUsageCardProps) {
  const { entity } = useEntity();
  if (!isMlEntity(entity)) {
    return (
      <WrongKindCard
        title={TITLE}
        variant={props.variant}
        servesWhat="Uses are tracked for Models, Features and Datasets"
        kind={entity.kind}
      />
    );
  }
  return <UsageCard entity={entity} variant={props.variant} />;
}
