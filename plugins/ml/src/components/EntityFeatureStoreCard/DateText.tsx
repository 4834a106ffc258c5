import { formatDate, formatDateTime } from '../shared/entityCardFormat';

/** A date (or date and time) as a <time>, the full local time on hover. */
export function DateText({
  iso,
  withTime,
}: {
  iso: string;
  withTime?: boolean;
}) {
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {withTime ? formatDateTime(iso) : formatDate(iso)}
    </time>
  );
}
