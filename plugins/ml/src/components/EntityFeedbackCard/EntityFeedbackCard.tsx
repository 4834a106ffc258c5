import {
  InfoCard,
  InfoCardVariants,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isMlEntity } from '@ml-marketplace/plugin-ml-common';
import { Heading } from './Heading';
import { ImprovementRequests } from './ImprovementRequests';
import { RatingSummary } from './RatingSummary';
import { ReviewList } from './ReviewList';
import { YourReview } from './YourReview';
import { useAssetFeedback } from './useAssetFeedback';
import { WrongKindCard } from '../shared/WrongKindCard';

const TITLE = 'Feedback';

function FeedbackCard(props: { entity: Entity; variant?: InfoCardVariants }) {
  const entityRef = stringifyEntityRef(props.entity);
  const subject = props.entity.metadata.title ?? props.entity.metadata.name;
  const { feedback, loading, error, change } = useAssetFeedback(entityRef);

  if (error || loading || !feedback) {
    return (
      <InfoCard title={TITLE} variant={props.variant}>
        {error ? <ResponseErrorPanel error={error} /> : <Progress />}
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title={TITLE}
      subheader={`What people who use ${subject} think of it, and what they ask its owners for`}
      variant={props.variant}
    >
      <section aria-labelledby="ml-feedback-summary">
        <Heading id="ml-feedback-summary">Ratings</Heading>
        <RatingSummary summary={feedback.summary} />
      </section>
      <YourReview
        entityRef={entityRef}
        mine={feedback.mine}
        canGiveFeedback={feedback.canGiveFeedback}
        onChange={change}
      />
      <ReviewList
        reviews={feedback.reviews}
        mine={feedback.mine}
        canRespond={feedback.canRespond}
        canGiveFeedback={feedback.canGiveFeedback}
        subject={subject}
        onChange={change}
      />
      <ImprovementRequests
        entityRef={entityRef}
        requests={feedback.requests}
        canGiveFeedback={feedback.canGiveFeedback}
        canRespond={feedback.canRespond}
        subject={subject}
        onChange={change}
      />
    </InfoCard>
  );
}

/** Props of {@link EntityFeedbackCard}. */
export interface EntityFeedbackCardProps {
  variant?: InfoCardVariants;
}

/**
 * Feedback on a Model, Feature or Dataset: the mean of its users' ratings with
 * their spread, the signed-in user's own stars and review (to write, edit or
 * delete), everyone's reviews newest first with the owners' replies, and
 * improvement requests with their status. Owners reply to reviews and move
 * requests on (a decline needs a note). What a user may do comes from the
 * backend (`ml.feedback.create`, `ml.feedback.respond`).
 *
 * On entities other than ML assets it shows a one-line notice and calls no API.
 */
export function EntityFeedbackCard(props: EntityFeedbackCardProps) {
  const { entity } = useEntity();
  if (!isMlEntity(entity)) {
    return (
      <WrongKindCard
        title={TITLE}
        variant={props.variant}
        servesWhat="Ratings, reviews and improvement requests are collected for Models, Features and Datasets"
        kind={entity.kind}
      />
    );
  }
  return <FeedbackCard entity={entity} variant={props.variant} />;
}
