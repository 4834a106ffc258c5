import { useState } from 'react';
import { Button, Typography } from '@material-ui/core';
import Rating from '@material-ui/lab/Rating';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { Review } from '@ml-marketplace/plugin-ml-common';
import { FeedbackDate } from './FeedbackDate';
import { ReplyForm } from './ReplyForm';
import { ratedText } from './feedbackText';
import { useStyles } from './styles';
import type { FeedbackChange } from './useAssetFeedback';

/** One review: stars, who and when, their words, and the owners' reply below. */
export function ReviewItem(props: {
  review: Review;
  mine: boolean;
  canRespond: boolean;
  onChange(change: FeedbackChange): Promise<void>;
}) {
  const { review, mine, canRespond, onChange } = props;
  const classes = useStyles();
  const [replying, setReplying] = useState(false);
  const edited = review.updatedAt !== review.createdAt;

  const send = async (text: string) => {
    await onChange(api =>
      api.replyToReview(review.entityRef, { reviewer: review.by, text }),
    );
    setReplying(false);
  };

  return (
    <li className={classes.item} data-testid="feedback-review">
      <div className={classes.itemHead}>
        <Rating
          value={review.rating}
          readOnly
          size="small"
          getLabelText={ratedText}
        />
        <Typography variant="body2" component="span">
          <EntityRefLink entityRef={review.by} defaultKind="user" />
          {mine && ' (you)'}
        </Typography>
        <Typography variant="body2" component="span" className={classes.muted}>
          <FeedbackDate iso={review.createdAt} />
          {edited && ' (edited)'}
        </Typography>
      </div>
      {review.text && (
        <Typography
          variant="body2"
          className={`${classes.line} ${classes.text}`}
        >
          {review.text}
        </Typography>
      )}
      {review.reply && !replying && (
        <div className={classes.reply} data-testid="feedback-reply">
          <Typography variant="body2" className={classes.muted}>
            Reply from{' '}
            <EntityRefLink entityRef={review.reply.by} defaultKind="user" /> on{' '}
            <FeedbackDate iso={review.reply.at} />
          </Typography>
          <Typography variant="body2" className={classes.text}>
            {review.reply.text}
          </Typography>
        </div>
      )}
      {canRespond && !replying && (
        <Button
          size="small"
          color="primary"
          className={classes.line}
          onClick={() => setReplying(true)}
        >
          {review.reply ? 'Edit reply' : 'Reply'}
        </Button>
      )}
      {replying && (
        <ReplyForm
          id={`ml-feedback-reply-${review.by.replace(/[^a-z0-9]+/gi, '-')}`}
          initial={review.reply?.text}
          onSend={send}
          onCancel={() => setReplying(false)}
        />
      )}
    </li>
  );
}
