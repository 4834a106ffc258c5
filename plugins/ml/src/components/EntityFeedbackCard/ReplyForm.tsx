import { FormEvent, useEffect, useRef, useState } from 'react';
import { Button, TextField } from '@material-ui/core';
import { FEEDBACK_TEXT_MAX } from '@ml-marketplace/plugin-ml-common';
import { FormMessage } from './FormMessage';
import { lengthHint, replyProblem } from './feedbackText';
import { useStyles } from './styles';

/** An owner's answer to one review; a rejection keeps what they wrote. */
export function ReplyForm(props: {
  /** Unique on the page: the text field's id. */
  id: string;
  /** The reply being edited, if any. */
  initial?: string;
  onSend(text: string): Promise<void>;
  onCancel(): void;
}) {
  const classes = useStyles();
  const [text, setText] = useState(props.initial ?? '');
  const [tried, setTried] = useState(false);
  // Opened by a click: the cursor goes where the writing starts.
  const firstField = useRef<HTMLInputElement>(null);
  useEffect(() => firstField.current?.focus(), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const problem = replyProblem(text);
  // "Empty" waits for a send; "too long" shows as they type.
  const shown = tried || text.trim() ? problem : undefined;

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problem) return;
    setBusy(true);
    setError(undefined);
    try {
      await props.onSend(text.trim());
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <form className={classes.form} onSubmit={send} noValidate>
      <TextField
        id={props.id}
        label="Your reply"
        value={text}
        onChange={e => setText(e.target.value)}
        multiline
        minRows={2}
        fullWidth
        variant="outlined"
        inputRef={firstField}
        disabled={busy}
        error={!!shown}
        helperText={shown ?? lengthHint(text, FEEDBACK_TEXT_MAX)}
      />
      <div className={classes.actions}>
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={busy}
        >
          Send reply
        </Button>
        <Button onClick={props.onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
      <FormMessage error={error} failed="Could not send your reply" />
    </form>
  );
}
