import { useState } from 'react';
import { Button, Menu, MenuItem } from '@material-ui/core';
import ArrowDropDownIcon from '@material-ui/icons/ArrowDropDown';
import type {
  ImprovementRequest,
  ImprovementStatus,
} from '@ml-marketplace/plugin-ml-common';
import { DeclineDialog } from './DeclineDialog';
import { FormMessage } from './FormMessage';

/** The moves an owner can make, in the order of a request's life. */
const MOVES: Array<{ to: ImprovementStatus; label: string }> = [
  { to: 'accepted', label: 'Accept' },
  { to: 'done', label: 'Mark done' },
  { to: 'declined', label: 'Decline' },
  { to: 'open', label: 'Reopen' },
];

/**
 * For owners: "Change status" opens the moves from the current status; a
 * decline asks for a note first.
 */
export function StatusMenu(props: {
  request: ImprovementRequest;
  onMove(status: ImprovementStatus, note?: string): Promise<void>;
}) {
  const { request, onMove } = props;
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [declining, setDeclining] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const menuId = `ml-feedback-status-${request.id}`;

  const move = async (to: ImprovementStatus) => {
    setAnchor(null);
    if (to === 'declined') {
      setDeclining(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await onMove(to);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        size="small"
        variant="outlined"
        aria-haspopup="true"
        aria-controls={anchor ? menuId : undefined}
        endIcon={<ArrowDropDownIcon />}
        disabled={busy}
        onClick={e => setAnchor(e.currentTarget)}
      >
        Change status
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={!!anchor}
        onClose={() => setAnchor(null)}
      >
        {MOVES.filter(m => m.to !== request.status).map(m => (
          <MenuItem key={m.to} onClick={() => move(m.to)}>
            {m.label}
          </MenuItem>
        ))}
      </Menu>
      {declining && (
        <DeclineDialog
          what={request.what}
          onDecline={async note => {
            await onMove('declined', note);
            setDeclining(false);
          }}
          onClose={() => setDeclining(false)}
        />
      )}
      {error !== undefined && (
        // A line of its own below the request's head.
        <div style={{ flexBasis: '100%' }}>
          <FormMessage error={error} failed="Could not change the status" />
        </div>
      )}
    </>
  );
}
