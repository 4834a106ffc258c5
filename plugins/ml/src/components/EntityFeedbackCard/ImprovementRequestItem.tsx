import { Typography } from '@material-ui/core';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  ImprovementRequest,
  ImprovementStatus,
} from '@ml-marketplace/plugin-ml-common';
import { FeedbackDate } from './FeedbackDate';
import { StatusChip } from './StatusChip';
import { StatusMenu } from './StatusMenu';
import { STATUS_LABELS, URGENCY_LABELS } from './feedbackText';
import { useStyles } from './styles';

/** One request: what, its status, why, who asked when, and the owners' last word. */
export function ImprovementRequestItem(props: {
  request: ImprovementRequest;
  canRespond: boolean;
  onMove(status: ImprovementStatus, note?: string): Promise<void>;
}) {
  const { request, canRespond, onMove } = props;
  const classes = useStyles();
  const change = request.statusChange;
  return (
    <li
      className={classes.item}
      data-testid="feedback-request"
      aria-label={request.what}
    >
      <div className={classes.itemHead}>
        <Typography variant="subtitle2" component="span">
          {request.what}
        </Typography>
        <StatusChip status={request.status} />
        <Typography variant="caption" className={classes.muted}>
          {URGENCY_LABELS[request.urgency] ?? request.urgency} urgency
        </Typography>
        <span className={classes.grow} />
        {canRespond && <StatusMenu request={request} onMove={onMove} />}
      </div>
      <Typography variant="body2" className={`${classes.line} ${classes.text}`}>
        {request.why}
      </Typography>
      <Typography variant="caption" component="p" className={classes.muted}>
        Asked by <EntityRefLink entityRef={request.by} defaultKind="user" /> on{' '}
        <FeedbackDate iso={request.createdAt} />
      </Typography>
      {change && (
        <div className={classes.reply} data-testid="feedback-status-note">
          <Typography variant="caption" component="p" className={classes.muted}>
            {STATUS_LABELS[request.status] ?? request.status} by{' '}
            <EntityRefLink entityRef={change.by} defaultKind="user" /> on{' '}
            <FeedbackDate iso={change.at} />
          </Typography>
          {change.note && (
            <Typography variant="body2" className={classes.text}>
              {change.note}
            </Typography>
          )}
        </div>
      )}
    </li>
  );
}
