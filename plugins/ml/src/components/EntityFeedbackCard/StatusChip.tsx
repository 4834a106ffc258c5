import { Chip } from '@material-ui/core';
import type { ImprovementStatus } from '@ml-marketplace/plugin-ml-common';
import { STATUS_LABELS } from './feedbackText';

/**
 * Calm, outlined colours: a list of requests should read as a to-do list, not
 * an alarm. Declined is grey, a closed matter rather than a fault.
 */
const COLOURS: Record<ImprovementStatus, string> = {
  open: '#0277bd',
  accepted: '#5e35b1',
  done: '#2e7d32',
  declined: '#757575',
};

/** A request's status as a small outlined chip. */
export function StatusChip({ status }: { status: ImprovementStatus }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      label={STATUS_LABELS[status] ?? status}
      style={{ color: COLOURS[status], borderColor: COLOURS[status] }}
      data-status={status}
    />
  );
}
