import { FormEvent, useMemo, useState } from 'react';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
  Typography,
} from '@material-ui/core';
import { Autocomplete } from '@material-ui/lab';
import { Progress } from '@backstage/core-components';
import {
  DECLARED_USE_NOTE_MAX,
  type DeclareUseInput,
} from '@ml-marketplace/plugin-ml-common';
import { FormMessage } from '../EntityFeedbackCard/FormMessage';
import { lengthHint } from '../EntityFeedbackCard/feedbackText';
import { useStyles } from './styles';
import { declarationProblems } from './usageText';
import { useOwnedEntities, type OwnedEntity } from './useOwnedEntities';

// Plain apostrophes: these are the names people and browser tests find the fields by.
export const PICKER_LABEL = "Which of your team's entities uses it?";
export const NOTE_LABEL = 'How do you use it?';

/** Why there is nothing to pick, in words, or nothing when there is. */
function nothingToPick(
  owned: OwnedEntity[],
  offered: OwnedEntity[],
  assetRef: string,
  subject: string,
): string | undefined {
  if (offered.length) return undefined;
  const others = owned.filter(o => o.ref !== assetRef);
  if (!others.length) {
    return `Your teams own no ${
      owned.length ? 'other ' : ''
    }entity in the catalog, so there is nothing to declare a use for. Uses are declared for a team’s Component, System, Resource, Model, Feature or Dataset: join the team that owns the entity using ${subject}, or ask its owners to declare it.`;
  }
  return `Every entity your teams own that could use ${subject} is already listed as using it.`;
}

/**
 * "I use this": the signed-in user names one of their teams' entities that
 * uses the asset and, optionally, how. The backend checks that the user's
 * teams own it (`ml.usage.declare`); its refusals are shown as written.
 */
export function DeclareUseDialog(props: {
  /** The asset's ref, lower case. */
  assetRef: string;
  subject: string;
  /** Consumers already listed, left out of the picker. */
  listed: Set<string>;
  onDeclare(input: DeclareUseInput, consumer: OwnedEntity): Promise<void>;
  onClose(): void;
}) {
  const { assetRef, subject, listed } = props;
  const classes = useStyles();
  const owned = useOwnedEntities();
  const [consumer, setConsumer] = useState<OwnedEntity | null>(null);
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const offered = useMemo(
    () =>
      (owned.value ?? []).filter(o => o.ref !== assetRef && !listed.has(o.ref)),
    [owned.value, assetRef, listed],
  );
  const empty =
    owned.value && nothingToPick(owned.value, offered, assetRef, subject);
  const problems = declarationProblems({ consumer: consumer?.ref, note });
  const noteProblem = problems.note;
  const consumerProblem = tried ? problems.consumer : undefined;

  const declare = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!consumer || problems.consumer || problems.note) return;
    setBusy(true);
    setError(undefined);
    try {
      const text = note.trim();
      await props.onDeclare(
        { consumer: consumer.ref, ...(text && { note: text }) },
        consumer,
      );
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const canDeclare = !!owned.value && !empty;

  return (
    <Dialog
      open
      onClose={busy ? undefined : props.onClose}
      aria-labelledby="ml-usage-declare-title"
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={declare} noValidate>
        <DialogTitle id="ml-usage-declare-title">
          Declare that your team uses {subject}
        </DialogTitle>
        <DialogContent>
          {owned.loading && <Progress />}
          {owned.error && (
            <FormMessage
              error={owned.error}
              failed="Could not list your teams’ entities"
            />
          )}
          {empty && (
            <DialogContentText data-testid="ml-usage-nothing-to-pick">
              {empty}
            </DialogContentText>
          )}
          {canDeclare && (
            <div className={classes.form}>
              <DialogContentText>
                When the catalog does not say that one of your team’s entities
                uses {subject}, say so here, so its owners know who relies on it
                before they change it.
              </DialogContentText>
              <Autocomplete<OwnedEntity>
                id="ml-usage-declare-consumer"
                options={offered}
                value={consumer}
                openOnFocus
                disabled={busy}
                getOptionLabel={o => `${o.title} (${o.kind})`}
                getOptionSelected={(o, v) => o.ref === v.ref}
                onChange={(_e, chosen) => setConsumer(chosen)}
                renderOption={o => (
                  <Box minWidth={0}>
                    <Typography variant="body2">{o.title}</Typography>
                    <Typography variant="caption" color="textSecondary">
                      {o.kind} · {o.ref}
                    </Typography>
                  </Box>
                )}
                renderInput={params => (
                  <TextField
                    {...params}
                    label={PICKER_LABEL}
                    inputProps={{ ...params.inputProps, 'aria-required': true }}
                    variant="outlined"
                    error={!!consumerProblem}
                    helperText={consumerProblem}
                  />
                )}
              />
              <TextField
                id="ml-usage-declare-note"
                label={NOTE_LABEL}
                value={note}
                onChange={e => setNote(e.target.value)}
                fullWidth
                multiline
                minRows={2}
                variant="outlined"
                disabled={busy}
                error={!!noteProblem}
                helperText={
                  noteProblem ??
                  `Optional, e.g. “scores baskets at checkout”. ${lengthHint(
                    note,
                    DECLARED_USE_NOTE_MAX,
                  )}`
                }
              />
            </div>
          )}
          <FormMessage error={error} failed="Could not declare the use" />
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose} disabled={busy}>
            {canDeclare ? 'Cancel' : 'Close'}
          </Button>
          {canDeclare && (
            <Button
              type="submit"
              color="primary"
              variant="contained"
              disabled={busy}
            >
              Declare use
            </Button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}
