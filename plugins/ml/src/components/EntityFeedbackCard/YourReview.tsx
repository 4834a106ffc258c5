import { FormEvent, useEffect, useState } from 'react';
import {
  Button,
  FormControl,
  FormHelperText,
  FormLabel,
  TextField,
  Typography,
} from '@material-ui/core';
import Rating from '@material-ui/lab/Rating';
import {
  FEEDBACK_TEXT_MAX,
  type Review,
} from '@ml-marketplace/plugin-ml-common';
import { FeedbackDate } from './FeedbackDate';
import { FormMessage } from './FormMessage';
import { Heading } from './Heading';
import { lengthHint, reviewProblems } from './feedbackText';
import { useStyles } from './styles';
import type { FeedbackChange } from './useAssetFeedback';

export interface YourReviewProps {
  entityRef: string;
  mine?: Review;
  canGiveFeedback: boolean;
  onChange(change: FeedbackChange): Promise<void>;
}

/**
 * The signed-in user's stars and words: a new review, or theirs to edit or
 * delete. Disabled, with the reason, for those who may not give feedback.
 */
export function YourReview(props: YourReviewProps) {
  const { entityRef, mine, canGiveFeedback, onChange } = props;
  const classes = useStyles();
  const [rating, setRating] = useState<number | null>(mine?.rating ?? null);
  const [text, setText] = useState(mine?.text ?? '');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState<'save' | 'delete'>();
  const [error, setError] = useState<{ of: 'save' | 'delete'; e: unknown }>();
  const [done, setDone] = useState<string>();

  // A saved or deleted review resets the form to what the backend holds.
  const mineVersion = mine ? `${mine.rating}|${mine.updatedAt}` : '';
  useEffect(() => {
    setRating(mine?.rating ?? null);
    setText(mine?.text ?? '');
    setTried(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mineVersion]);

  const problems = reviewProblems({ rating, text });
  const ratingProblem = tried ? problems.rating : undefined;
  const disabled = !canGiveFeedback || busy !== undefined;

  const run = async (of: 'save' | 'delete', change: FeedbackChange) => {
    setBusy(of);
    setError(undefined);
    setDone(undefined);
    try {
      await onChange(change);
      setDone(
        of === 'save' ? 'Your review is saved.' : 'Your review is deleted.',
      );
    } catch (e) {
      setError({ of, e });
    } finally {
      setBusy(undefined);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problems.rating || problems.text || !rating) return;
    const words = text.trim();
    run('save', api =>
      api.saveReview(entityRef, { rating, ...(words && { text: words }) }),
    );
  };

  return (
    <section className={classes.section} aria-labelledby="ml-feedback-yours">
      <Heading id="ml-feedback-yours">Your review</Heading>
      {!canGiveFeedback && (
        <Typography variant="body2" className={classes.muted}>
          You cannot rate or review this asset: the portal’s policy does not
          allow it. Owners, for one, do not rate their own assets; they answer
          the reviews and requests of the people who use them.
        </Typography>
      )}
      {canGiveFeedback && mine && (
        <Typography variant="body2" className={classes.muted}>
          You rated it on <FeedbackDate iso={mine.updatedAt} />. Change your
          stars or words and save, or delete your review.
        </Typography>
      )}
      <form className={classes.form} onSubmit={save} noValidate>
        <FormControl error={!!ratingProblem} disabled={disabled}>
          <FormLabel id="ml-feedback-rating-label">Rating</FormLabel>
          <Rating
            name="ml-feedback-rating"
            role="radiogroup"
            aria-labelledby="ml-feedback-rating-label"
            value={rating}
            disabled={disabled}
            emptyLabelText="No rating"
            onChange={(_, value) => setRating(value)}
          />
          {ratingProblem && <FormHelperText>{ratingProblem}</FormHelperText>}
        </FormControl>
        <TextField
          id="ml-feedback-review-text"
          label="Your review"
          placeholder="What worked, what did not, what you used it for (optional)"
          value={text}
          onChange={e => setText(e.target.value)}
          multiline
          minRows={3}
          fullWidth
          variant="outlined"
          disabled={disabled}
          error={!!problems.text}
          helperText={problems.text ?? lengthHint(text, FEEDBACK_TEXT_MAX)}
        />
        <div className={classes.actions}>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={disabled}
          >
            {busy === 'save' ? 'Saving…' : 'Save review'}
          </Button>
          {mine && (
            <Button
              variant="outlined"
              disabled={disabled}
              onClick={() => run('delete', api => api.deleteReview(entityRef))}
            >
              {busy === 'delete' ? 'Deleting…' : 'Delete review'}
            </Button>
          )}
        </div>
        <FormMessage
          error={error?.e}
          failed={
            error?.of === 'delete'
              ? 'Could not delete your review'
              : 'Could not save your review'
          }
          done={done}
        />
      </form>
    </section>
  );
}
