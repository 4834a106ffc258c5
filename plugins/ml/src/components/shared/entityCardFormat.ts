/**
 * Formatting helpers of the certification and health entity cards: absolute
 * dates (local time, year first so they read the same in every locale),
 * relative phrases such as "in 23 days" or "5 minutes ago", and error messages.
 */

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad = (n: number) => String(n).padStart(2, '0');

function parse(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2025-03-01`, in local time; the input unchanged if it is not a date. */
export function formatDate(iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `2025-03-01 14:05`, in local time; the input unchanged if it is not a date. */
export function formatDateTime(iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return `${formatDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * How far the time is from now, as "in 23 days", "tomorrow", "3 hours ago" or
 * "now"; days rather than weeks up to 45 days, so expiries read precisely.
 */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const d = parse(iso);
  if (!d) return iso;
  const diff = d.getTime() - now;
  const abs = Math.abs(diff);
  if (abs >= 365 * DAY) {
    return relative.format(Math.round(diff / (365 * DAY)), 'year');
  }
  if (abs >= 45 * DAY) {
    return relative.format(Math.round(diff / (30 * DAY)), 'month');
  }
  if (abs >= DAY) return relative.format(Math.round(diff / DAY), 'day');
  if (abs >= HOUR) return relative.format(Math.round(diff / HOUR), 'hour');
  if (abs >= MINUTE) {
    return relative.format(Math.round(diff / MINUTE), 'minute');
  }
  return relative.format(0, 'second');
}

/** Whether the time has passed. */
export function isPast(iso: string, now: number = Date.now()): boolean {
  const d = parse(iso);
  return d !== undefined && d.getTime() <= now;
}

/**
 * The message of an error, with the backend's own message when the error is a
 * `ResponseError` (whose message only says "Request failed with 403 Forbidden").
 */
export function describeError(error: Error): string {
  const cause: unknown = (error as { cause?: unknown }).cause;
  if (
    cause instanceof Error &&
    cause.message &&
    !error.message.includes(cause.message)
  ) {
    return `${error.message}: ${cause.message}`;
  }
  return error.message;
}
