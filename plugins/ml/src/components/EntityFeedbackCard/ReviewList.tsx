import { Typography } from '@material-ui/core';
import type { Review } from '@ml-marketplace/plugin-ml-common';
import { Heading } from './Heading';
import { ReviewItem } from './ReviewItem';
import { useStyles } from './styles';
import type { FeedbackChange } from './useAssetFeedback';

/** Newest first: a review edited later keeps its place. */
const newestFirst = (reviews: Review[]) =>
  [...reviews].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/** Everyone's reviews, newest first, with the owners' replies. */
export function ReviewList(props: {
  reviews: Review[];
  /** The signed-in user's review, marked "(you)". */
  mine?: Review;
  canRespond: boolean;
  canGiveFeedback: boolean;
  /** The asset's title, for the empty state. */
  subject: string;
  onChange(change: FeedbackChange): Promise<void>;
}) {
  const classes = useStyles();
  const { reviews, mine, canRespond, canGiveFeedback, subject, onChange } =
    props;
  return (
    <section className={classes.section} aria-labelledby="ml-feedback-reviews">
      <Heading id="ml-feedback-reviews">
        Reviews{reviews.length > 0 && ` (${reviews.length})`}
      </Heading>
      {reviews.length === 0 ? (
        <Typography variant="body2" className={classes.muted}>
          {canGiveFeedback
            ? `No reviews yet. Be the first to rate ${subject}: pick its stars under “Your review”.`
            : `No reviews yet.`}
        </Typography>
      ) : (
        <ul className={classes.list} aria-label="Reviews">
          {newestFirst(reviews).map(review => (
            <ReviewItem
              key={review.by}
              review={review}
              mine={review.by === mine?.by}
              canRespond={canRespond}
              onChange={onChange}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
