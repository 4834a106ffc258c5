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
import { describeError, formatDate } from '../shared/entityCardFormat';
import type { ApprovalPreview } from './approvalPreview';
import { REQUIREMENT_LABELS } from './requirementLabels';

/** Below this card completeness the approve dialog warns the reviewer. */
const THIN_CARD_SCORE = 70;

/** The backend refuses shorter reasons (after trimming). */
export const MIN_REASON_LENGTH = 3;

export type CertificationDecision = 'approve' | 'revoke';

const texts: Record<
  CertificationDecision,
  { title: string; submit: string; submitting: string }
> = {
  approve: { title: 'Approve', submit: 'Approve', submitting: 'Approving…' },
  revoke: { title: 'Revoke', submit: 'Revoke', submitting: 'Revoking…' },
};

export interface CertificationDecisionDialogProps {
  decision: CertificationDecision;
  entityRef: string;
  /** The asset's title (its name when it has none). */
  subject: string;
  /** What approving now would change. */
  preview: ApprovalPreview;
  /** A level's title by id. */
  levelTitle: (id: string | null) => string;
  /** Card completeness, 0 to 100: a thin card gets a warning before approval. */
  cardScore: number;
  /** Sends the decision; a rejection keeps the dialog open with the reason typed. */
  onSubmit: (reason: string) => Promise<unknown>;
  /** Called after a successful submit, and on cancel. */
  onClose: () => void;
}

/** "Approving makes it Gold (now Silver) until 2027-03-05. …" */
function approveText(
  preview: ApprovalPreview,
  levelTitle: (id: string | null) => string,
): string {
  const approval = `Your approval counts until ${formatDate(
    preview.approvalUntil,
  )} and lifts a revocation.`;
  if (preview.deprecated) {
    return `It is deprecated, so no approval lifts it above ${levelTitle(
      preview.to,
    )}. ${approval}`;
  }
  if (preview.to !== preview.from && preview.to && preview.certificateUntil) {
    return `Approving makes it ${levelTitle(preview.to)} (now ${levelTitle(
      preview.from,
    )}) until ${formatDate(
      preview.certificateUntil,
    )}, renewed while its evidence holds. ${approval}`;
  }
  const missing = preview.stillMissing.length
    ? ` The next level still needs: ${preview.stillMissing
        .map(r => REQUIREMENT_LABELS[r] ?? r)
        .join(', ')}.`
    : '';
  return `It stays ${levelTitle(preview.from)}.${missing} ${approval}`;
}

/** Asks a reviewer why they approve or revoke; the reason goes to the audit log. */
export function CertificationDecisionDialog(
  props: CertificationDecisionDialogProps,
) {
  const {
    decision,
    subject,
    preview,
    levelTitle,
    cardScore,
    onSubmit,
    onClose,
  } = props;
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
        <DialogTitle id={titleId}>
          {text.title} {subject}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            {decision === 'approve'
              ? approveText(preview, levelTitle)
              : `${subject} becomes uncertified (now ${levelTitle(
                  preview.from,
                )}), whatever its evidence, until a reviewer approves it again.`}
          </DialogContentText>
          {decision === 'approve' && cardScore < THIN_CARD_SCORE && (
            <DialogContentText role="note" data-testid="thin-card-warning">
              Its card is only {cardScore}% complete: check that intended use,
              limitations and evaluation say enough before you vouch for it.
            </DialogContentText>
          )}
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
