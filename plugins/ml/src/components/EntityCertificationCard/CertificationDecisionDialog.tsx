import { FormEvent, useState } from 'react';
import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
  Typography,
} from '@material-ui/core';
import { describeError } from '../shared/entityCardFormat';

/** The backend refuses shorter reasons (after trimming). */
export const MIN_REASON_LENGTH = 3;

export type CertificationDecision = 'approve' | 'revoke';

const texts: Record<
  CertificationDecision,
  { title: string; description: string; submit: string; submitting: string }
> = {
  approve: {
    title: 'Approve certification',
    description:
      'Your approval counts toward the levels that need a reviewer, until it expires. It lifts a revocation.',
    submit: 'Approve',
    submitting: 'Approving…',
  },
  revoke: {
    title: 'Revoke certification',
    description:
      'The asset stays uncertified, whatever its evidence, until a reviewer approves it again.',
    submit: 'Revoke',
    submitting: 'Revoking…',
  },
};

export interface CertificationDecisionDialogProps {
  decision: CertificationDecision;
  entityRef: string;
  /** Sends the decision; a rejection keeps the dialog open with the reason typed. */
  onSubmit: (reason: string) => Promise<unknown>;
  /** Called after a successful submit, and on cancel. */
  onClose: () => void;
}

/** Asks a reviewer why they approve or revoke; the reason goes to the audit log. */
export function CertificationDecisionDialog(
  props: CertificationDecisionDialogProps,
) {
  const { decision, entityRef, onSubmit, onClose } = props;
  const text = texts[decision];
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  const tooShort = reason.trim().length < MIN_REASON_LENGTH;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (tooShort || submitting) return;
    setSubmitting(true);
    setError(undefined);
    try {
      await onSubmit(reason.trim());
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      setSubmitting(false);
      return;
    }
    setSubmitting(false);
    onClose();
  };

  const titleId = `ml-certification-${decision}-title`;
  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>{text.title}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {entityRef}: {text.description}
          </DialogContentText>
          <TextField
            id={`ml-certification-${decision}-reason`}
            label="Reason"
            value={reason}
            onChange={e => setReason(e.target.value)}
            required
            fullWidth
            multiline
            minRows={2}
            disabled={submitting}
            variant="outlined"
            helperText={`Why, in at least ${MIN_REASON_LENGTH} characters; it is kept in the audit log`}
            inputProps={{ maxLength: 2000 }}
          />
          {error && (
            <Typography role="alert" color="error" variant="body2">
              Could not {decision}: {describeError(error)}
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={submitting}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={tooShort || submitting}
            startIcon={
              submitting ? (
                <CircularProgress size={16} color="inherit" />
              ) : undefined
            }
          >
            {submitting ? text.submitting : text.submit}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
