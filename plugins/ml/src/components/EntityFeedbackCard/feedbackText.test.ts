import { ResponseError } from '@backstage/errors';
import {
  errorMessage,
  noteProblem,
  replyProblem,
  requestProblems,
  reviewProblems,
} from './feedbackText';

describe('feedback form checks', () => {
  it('accepts stars alone as a review, and asks for stars otherwise', () => {
    expect(reviewProblems({ rating: 3, text: '' })).toEqual({});
    expect(reviewProblems({ rating: null, text: 'Nice' })).toEqual({
      rating: 'Pick a rating from 1 to 5 stars.',
    });
  });

  it('counts a review’s length without the spaces around it, as the backend does', () => {
    expect(
      reviewProblems({ rating: 5, text: ` ${'x'.repeat(2000)} ` }),
    ).toEqual({});
    expect(reviewProblems({ rating: 5, text: 'x'.repeat(2001) }).text).toBe(
      'Your review is 2001 characters long; keep it to 2000.',
    );
  });

  it('needs what and why in a request, the summary within 140 characters', () => {
    expect(requestProblems({ what: ' ', why: '', urgency: 'low' })).toEqual({
      what: 'Say in a few words what should improve.',
      why: 'Say why it matters, so the owners can weigh it.',
    });
    expect(
      requestProblems({
        what: 'w'.repeat(141),
        why: 'because',
        urgency: 'low',
      }),
    ).toEqual({
      what: '“What should improve?” is 141 characters long; keep it to 140.',
    });
  });

  it('needs words in a reply, and a note only to decline', () => {
    expect(replyProblem('  ')).toBe('Write a reply before sending it.');
    expect(replyProblem('Thanks')).toBeUndefined();
    expect(noteProblem('declined', ' ')).toMatch(/^Say why you decline it/);
    expect(noteProblem('accepted', '')).toBeUndefined();
  });

  it('tells the backend’s own message of a refused call', async () => {
    const body = {
      error: { name: 'NotAllowedError', message: 'only owners may reply' },
      response: { statusCode: 403 },
    };
    const refused = await ResponseError.fromResponse({
      ok: false,
      status: 403,
      statusText: 'Forbidden',
      url: 'http://localhost/api/ml/feedback/reviews/reply',
      headers: new Headers({ 'content-type': 'application/json' }),
      json: async () => body,
      text: async () => JSON.stringify(body),
    } as unknown as Response);
    expect(refused.message).toBe('Request failed with 403 Forbidden');
    expect(errorMessage(refused)).toBe('only owners may reply');
    expect(errorMessage(new Error('Failed to fetch'))).toBe('Failed to fetch');
  });
});
