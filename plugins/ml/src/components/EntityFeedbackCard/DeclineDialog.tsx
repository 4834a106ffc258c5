import { FormEvent, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import { FEEDBACK_TEXT_MAX } from '@ml-marketplace/plugin-ml-common';
import { FormMessage } from './FormMessage';
import { lengthHint, noteProblem } from './feedbackText';

/** Asks an owner why they decline a request; the person who asked reads the note. */
export function DeclineDialog(props: {
  /** The request's "what". */
  what: string;
  onDecline(note: string): Promise<void>;
  onClose(): void;
}) {
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const problem = noteProblem('declined', note);
  const shown = tried || note.trim() ? problem : undefined;

  const decline = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problem) return;
    setBusy(true);
    setError(undefined);
    try {
      await props.onDecline(note.trim());
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : props.onClose}
      aria-labelledby="ml-feedback-decline-title"
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={decline} noValidate>
        <DialogTitle id="ml-feedback-decline-title">
          Decline “{props.what}”
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            Say why, so the person who asked knows what to do instead.
          </DialogContentText>
          <TextField
            id="ml-feedback-decline-note"
            label="Why do you decline it?"
            value={note}
            onChange={e => setNote(e.target.value)}
            required
            fullWidth
            multiline
            minRows={2}
            variant="outlined"
            disabled={busy}
            error={!!shown}
            helperText={shown ?? lengthHint(note, FEEDBACK_TEXT_MAX)}
          />
          <FormMessage error={error} failed="Could not decline the request" />
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy}
          >
            Decline request
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
