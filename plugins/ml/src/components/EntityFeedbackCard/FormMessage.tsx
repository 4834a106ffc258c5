import { Typography } from '@material-ui/core';
import { errorMessage } from './feedbackText';

/**
 * Under a form: why the backend refused it, in its own words ("Could not save
 * your review: …"), or what went well. Announced to screen readers.
 */
export function FormMessage(props: {
  error?: unknown;
  /** "Could not save your review". */
  failed: string;
  done?: string;
}) {
  if (props.error) {
    return (
      <Typography role="alert" color="error" variant="body2">
        {props.failed}: {errorMessage(props.error)}
      </Typography>
    );
  }
  if (props.done) {
    return (
      <Typography role="status" variant="body2">
        {props.done}
      </Typography>
    );
  }
  return null;
}
