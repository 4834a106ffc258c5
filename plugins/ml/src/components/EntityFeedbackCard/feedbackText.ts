import {
  FEEDBACK_TEXT_MAX,
  FEEDBACK_TITLE_MAX,
  type ImprovementStatus,
  type ImprovementUrgency,
} from '@ml-marketplace/plugin-ml-common';

/**
 * The card's words: labels, counts and the checks of its forms, which mirror
 * the contract in `@ml-marketplace/plugin-ml-common` (`feedback.ts`) so people
 * learn what is wrong before the backend refuses it.
 */

export const URGENCY_LABELS: Record<ImprovementUrgency, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
};

export const STATUS_LABELS: Record<ImprovementStatus, string> = {
  open: 'Open',
  accepted: 'Accepted',
  done: 'Done',
  declined: 'Declined',
};

/** "1 rating", "12 ratings". */
export function ratingsCount(count: number): string {
  return count === 1 ? '1 rating' : `${count} ratings`;
}

/** "1 star", "4 stars". */
export function starsText(stars: number): string {
  return stars === 1 ? '1 star' : `${stars} stars`;
}

/** What a screen reader hears for stars shown, not picked: "Rated 4 out of 5 stars". */
export function ratedText(stars: number): string {
  return `Rated ${stars} out of 5 stars`;
}

/** `{what} is 150 characters long; keep it to 140.`, or nothing when it fits. */
function tooLong(label: string, value: string, max: number) {
  const length = value.trim().length;
  return length > max
    ? `${label} is ${length} characters long; keep it to ${max}.`
    : undefined;
}

/** "12 / 2000", for a text field's helper line. */
export function lengthHint(value: string, max: number): string {
  return `${value.trim().length} / ${max}`;
}

export interface ReviewDraft {
  rating: number | null;
  text: string;
}

/** What keeps a review from being saved, by field. */
export function reviewProblems(draft: ReviewDraft): {
  rating?: string;
  text?: string;
} {
  return {
    ...(!draft.rating && {
      rating: 'Pick a rating from 1 to 5 stars.',
    }),
    ...(tooLong('Your review', draft.text, FEEDBACK_TEXT_MAX) && {
      text: tooLong('Your review', draft.text, FEEDBACK_TEXT_MAX),
    }),
  };
}

/** What keeps a reply from being sent. */
export function replyProblem(text: string): string | undefined {
  if (!text.trim()) return 'Write a reply before sending it.';
  return tooLong('Your reply', text, FEEDBACK_TEXT_MAX);
}

export interface RequestDraft {
  what: string;
  why: string;
  urgency: ImprovementUrgency;
}

/** What keeps an improvement request from being filed, by field. */
export function requestProblems(draft: RequestDraft): {
  what?: string;
  why?: string;
} {
  const what = draft.what.trim()
    ? tooLong('“What should improve?”', draft.what, FEEDBACK_TITLE_MAX)
    : 'Say in a few words what should improve.';
  const why = draft.why.trim()
    ? tooLong('“Why does it matter?”', draft.why, FEEDBACK_TEXT_MAX)
    : 'Say why it matters, so the owners can weigh it.';
  return { ...(what && { what }), ...(why && { why }) };
}

/** What keeps a status change from being sent: a decline needs a note. */
export function noteProblem(
  status: ImprovementStatus,
  note: string,
): string | undefined {
  if (status === 'declined' && !note.trim()) {
    return 'Say why you decline it: the person who asked will read this.';
  }
  return tooLong('The note', note, FEEDBACK_TEXT_MAX);
}

/**
 * The message of a failed call: the backend's own words for a
 * `ResponseError` (whose message only says "Request failed with 400 Bad
 * Request"), else the error's message.
 */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = (error as { cause?: unknown }).cause;
  if (error.name === 'ResponseError' && cause instanceof Error) {
    return cause.message || error.message;
  }
  return error.message;
}
