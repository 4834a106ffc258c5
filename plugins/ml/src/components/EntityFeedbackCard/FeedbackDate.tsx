import { formatDate } from '../shared/entityCardFormat';

/** A date as a <time>, the full local time on hover. */
export function FeedbackDate({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {formatDate(iso)}
    </time>
  );
}
