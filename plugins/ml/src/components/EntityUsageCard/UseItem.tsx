import { useState } from 'react';
import { Button, Typography } from '@material-ui/core';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { AssetUse } from '@ml-marketplace/plugin-ml-common';
import { FeedbackDate } from '../EntityFeedbackCard/FeedbackDate';
import { FormMessage } from '../EntityFeedbackCard/FormMessage';
import { OriginChip } from './OriginChip';
import { useStyles } from './styles';
import { kindLabel, nameOf } from './usageText';

const idOf = (ref: string) =>
  `ml-usage-${ref.replace(/[^a-z0-9]+/gi, '-').toLocaleLowerCase('en-US')}`;

/** Who declared a use and when, and their note, under the consumer. */
function Declaration({ use }: { use: AssetUse }) {
  const classes = useStyles();
  if (!use.declaredBy && !use.note) return null;
  // A person's use the catalog (or a registry) now records too.
  const also = use.origin !== 'user' && use.declaredBy;
  return (
    <Typography variant="body2" className={classes.detail}>
      {also && (
        <>
          Also declared by{' '}
          <EntityRefLink entityRef={use.declaredBy!} defaultKind="user" />
          {use.declaredAt && ' on '}
        </>
      )}
      {!also && use.declaredAt && 'On '}
      {use.declaredAt && <FeedbackDate iso={use.declaredAt} />}
      {use.note && (
        <>
          {use.declaredBy || use.declaredAt ? ': ' : ''}“{use.note}”
        </>
      )}
    </Typography>
  );
}

/**
 * One consumer: its kind, a link to it, where the use is known from and, for
 * declared uses, the date and note; "Withdraw" for whoever may withdraw it.
 */
export function UseItem(props: {
  use: AssetUse;
  onWithdraw(use: AssetUse): Promise<void>;
}) {
  const { use } = props;
  const classes = useStyles();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const id = idOf(use.consumer);

  const withdraw = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onWithdraw(use);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <li className={classes.use} data-testid="ml-usage-use">
      <div className={classes.useHead}>
        <Typography component="span" className={classes.kind}>
          {kindLabel(use.kind)}
        </Typography>
        <Typography component="span" variant="body2" id={id}>
          <EntityRefLink entityRef={use.consumer}>
            {use.title ?? nameOf(use.consumer)}
          </EntityRefLink>
        </Typography>
        <OriginChip use={use} />
        <span className={classes.grow} />
        {use.declaredBy && use.canWithdraw && (
          <Button
            size="small"
            onClick={withdraw}
            disabled={busy}
            aria-describedby={id}
          >
            Withdraw
          </Button>
        )}
      </div>
      <Declaration use={use} />
      <FormMessage error={error} failed="Could not withdraw the use" />
    </li>
  );
}
