import { FormEvent, useEffect, useRef, useState } from 'react';
import { Button, TextField } from '@material-ui/core';
import {
  FEEDBACK_TEXT_MAX,
  FEEDBACK_TITLE_MAX,
  IMPROVEMENT_URGENCIES,
  type ImprovementUrgency,
} from '@ml-marketplace/plugin-ml-common';
import { FormMessage } from './FormMessage';
import {
  URGENCY_LABELS,
  lengthHint,
  requestProblems,
  type RequestDraft,
} from './feedbackText';
import { useStyles } from './styles';

/**
 * What should improve, why it matters and how urgent it is. Empty fields are
 * named on "File request"; text past its limit as it is typed. A rejection
 * keeps what they wrote and shows the backend's reason.
 */
export function ImprovementRequestForm(props: {
  onFile(draft: RequestDraft): Promise<void>;
  onCancel(): void;
}) {
  const classes = useStyles();
  const [draft, setDraft] = useState<RequestDraft>({
    what: '',
    why: '',
    urgency: 'normal',
  });
  const [tried, setTried] = useState(false);
  // Opened by a click: the cursor goes where the writing starts.
  const firstField = useRef<HTMLInputElement>(null);
  useEffect(() => firstField.current?.focus(), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const problems = requestProblems(draft);
  const shown = (field: 'what' | 'why') =>
    tried || draft[field].trim() ? problems[field] : undefined;

  const file = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problems.what || problems.why) return;
    setBusy(true);
    setError(undefined);
    try {
      await props.onFile({
        what: draft.what.trim(),
        why: draft.why.trim(),
        urgency: draft.urgency,
      });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <form
      className={classes.form}
      onSubmit={file}
      noValidate
      aria-label="New improvement request"
    >
      <TextField
        id="ml-feedback-request-what"
        label="What should improve?"
        placeholder="e.g. Add an evaluation on the Spanish slice"
        value={draft.what}
        onChange={e => setDraft({ ...draft, what: e.target.value })}
        required
        fullWidth
        variant="outlined"
        inputRef={firstField}
        disabled={busy}
        error={!!shown('what')}
        helperText={shown('what') ?? lengthHint(draft.what, FEEDBACK_TITLE_MAX)}
      />
      <TextField
        id="ml-feedback-request-why"
        label="Why does it matter?"
        placeholder="What you would do with it, who is blocked without it"
        value={draft.why}
        onChange={e => setDraft({ ...draft, why: e.target.value })}
        required
        fullWidth
        multiline
        minRows={3}
        variant="outlined"
        disabled={busy}
        error={!!shown('why')}
        helperText={shown('why') ?? lengthHint(draft.why, FEEDBACK_TEXT_MAX)}
      />
      <TextField
        id="ml-feedback-request-urgency"
        label="Urgency"
        select
        SelectProps={{ native: true }}
        value={draft.urgency}
        onChange={e =>
          setDraft({ ...draft, urgency: e.target.value as ImprovementUrgency })
        }
        variant="outlined"
        size="small"
        disabled={busy}
        style={{ maxWidth: 200 }}
      >
        {IMPROVEMENT_URGENCIES.map(u => (
          <option key={u} value={u}>
            {URGENCY_LABELS[u]}
          </option>
        ))}
      </TextField>
      <div className={classes.actions}>
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={busy}
        >
          File request
        </Button>
        <Button onClick={props.onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
      <FormMessage error={error} failed="Could not file your request" />
    </form>
  );
}
