import { useState } from 'react';
import { Button, Typography } from '@material-ui/core';
import type { ImprovementRequest } from '@ml-marketplace/plugin-ml-common';
import { Heading } from './Heading';
import { ImprovementRequestForm } from './ImprovementRequestForm';
import { ImprovementRequestItem } from './ImprovementRequestItem';
import type { RequestDraft } from './feedbackText';
import { useStyles } from './styles';
import type { FeedbackChange } from './useAssetFeedback';

/** Open and accepted first (as the backend sends them), then newest first. */
export function ImprovementRequests(props: {
  entityRef: string;
  requests: ImprovementRequest[];
  canGiveFeedback: boolean;
  canRespond: boolean;
  /** The asset's title, for the empty state. */
  subject: string;
  onChange(change: FeedbackChange): Promise<void>;
}) {
  const { entityRef, requests, canGiveFeedback, canRespond, subject } = props;
  const { onChange } = props;
  const classes = useStyles();
  const [filing, setFiling] = useState(false);
  const [filed, setFiled] = useState(false);

  const file = async (draft: RequestDraft) => {
    await onChange(api => api.fileImprovementRequest(entityRef, draft));
    setFiling(false);
    setFiled(true);
  };

  return (
    <section className={classes.section} aria-labelledby="ml-feedback-requests">
      <Heading id="ml-feedback-requests">Improvement requests</Heading>
      <Typography variant="body2" className={classes.muted}>
        Missing something? Tell the owners what would make {subject} more
        useful; they accept, decline or mark requests done here.
      </Typography>
      {!filing && (
        <div className={classes.line}>
          <Button
            variant="outlined"
            color="primary"
            disabled={!canGiveFeedback}
            onClick={() => {
              setFiled(false);
              setFiling(true);
            }}
          >
            Request an improvement
          </Button>
          {!canGiveFeedback && (
            <Typography variant="body2" className={classes.muted}>
              You cannot file requests on this asset: the portal’s policy does
              not allow it (owners, for one, answer requests rather than file
              them).
            </Typography>
          )}
        </div>
      )}
      {filing && (
        <ImprovementRequestForm
          onFile={file}
          onCancel={() => setFiling(false)}
        />
      )}
      {filed && (
        <Typography role="status" variant="body2" className={classes.line}>
          Request filed. The owners see it in the list below.
        </Typography>
      )}
      {requests.length === 0 ? (
        <Typography
          variant="body2"
          className={`${classes.line} ${classes.muted}`}
        >
          No improvement requests yet.
          {canGiveFeedback &&
            ' If something would make it more useful to you, use “Request an improvement”.'}
        </Typography>
      ) : (
        <ul className={classes.list} aria-label="Improvement requests">
          {requests.map(request => (
            <ImprovementRequestItem
              key={request.id}
              request={request}
              canRespond={canRespond}
              onMove={(status, note) =>
                onChange(api =>
                  api.setImprovementStatus(request.id, {
                    status,
                    ...(note && { note }),
                  }),
                )
              }
            />
          ))}
        </ul>
      )}
    </section>
  );
}
