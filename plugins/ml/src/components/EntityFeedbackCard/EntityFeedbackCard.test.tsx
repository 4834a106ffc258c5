import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  feedback,
  inputError,
  mockMlApi,
  ref,
  render,
  renderCard,
  review,
} from '../../__testUtils__/feedback';

jest.setTimeout(20_000);

const ratingGroup = () => screen.getByRole('radiogroup', { name: 'Rating' });
const reviews = () =>
  within(screen.getByRole('list', { name: 'Reviews' })).getAllByRole(
    'listitem',
  );

describe('EntityFeedbackCard', () => {
  it('shows progress while the feedback loads', async () => {
    const pending = mockMlApi(new Promise(() => {}));
    await renderCard(pending);
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(pending.getFeedback).toHaveBeenCalledWith(ref);
  });

  it('shows the error when the feedback cannot be loaded', async () => {
    await renderCard(mockMlApi(Promise.reject(new Error('backend down'))));
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
    expect(screen.queryByRole('radiogroup')).not.toBeInTheDocument();
  });

  it('says what to do on an asset nobody rated or asked anything of yet', async () => {
    await render(feedback());
    expect(screen.getByText('Not rated yet.')).toBeInTheDocument();
    expect(
      screen.getByText(
        'No reviews yet. Be the first to rate Churn model: pick its stars under “Your review”.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^No improvement requests yet\./),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Delete review' }),
    ).not.toBeInTheDocument();
  });

  it('summarises the ratings: mean, count and how many gave each number of stars', async () => {
    await render(
      feedback({
        summary: { average: 4.3, count: 10, distribution: [0, 1, 1, 2, 6] },
        reviews: [review('ana')],
      }),
    );
    expect(screen.getByText('4.3')).toBeInTheDocument();
    expect(screen.getByText('10 ratings')).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Average 4.3 out of 5 stars' }),
    ).toBeInTheDocument();
    const bars = within(
      screen.getByRole('list', { name: 'Ratings by stars' }),
    ).getAllByRole('listitem');
    expect(bars.map(b => b.getAttribute('aria-label'))).toEqual([
      '5 stars: 6 ratings',
      '4 stars: 2 ratings',
      '3 stars: 1 rating',
      '2 stars: 1 rating',
      '1 star: 0 ratings',
    ]);
  });

  it('lists reviews newest first with stars, author, date, text and the owners’ reply', async () => {
    await render(
      feedback({
        summary: { average: 3.5, count: 2, distribution: [0, 0, 1, 1, 0] },
        reviews: [
          review('ana', { rating: 3, createdAt: '2025-03-01T10:00:00.000Z' }),
          review('bo', {
            rating: 4,
            createdAt: '2025-03-05T10:00:00.000Z',
            updatedAt: '2025-03-06T10:00:00.000Z',
            reply: {
              by: 'user:default/olga',
              text: 'Thanks, fixed in v4',
              at: '2025-03-07T10:00:00.000Z',
            },
          }),
        ],
      }),
    );
    const [first, second] = reviews();
    expect(within(first).getByText('Review by bo')).toBeInTheDocument();
    expect(
      within(first).getByRole('img', { name: 'Rated 4 out of 5 stars' }),
    ).toBeInTheDocument();
    expect(within(first).getByText(/\(edited\)/)).toBeInTheDocument();
    expect(within(first).getByText('Thanks, fixed in v4')).toBeInTheDocument();
    expect(within(first).getByRole('link', { name: /bo/ })).toHaveAttribute(
      'href',
      '/catalog/default/user/bo',
    );
    expect(within(second).getByText('Review by ana')).toBeInTheDocument();
    expect(
      within(second).getByRole('img', { name: 'Rated 3 out of 5 stars' }),
    ).toBeInTheDocument();
    // Readers who are not owners cannot reply.
    expect(
      screen.queryByRole('button', { name: 'Reply' }),
    ).not.toBeInTheDocument();
  });

  it('saves a new rating with a review and shows the answer', async () => {
    const ml = await render(feedback());
    const mine = review('me', { rating: 4, text: 'Solid baseline' });
    ml.saveReview.mockResolvedValue(
      feedback({
        summary: { average: 4, count: 1, distribution: [0, 0, 0, 1, 0] },
        reviews: [mine],
        mine,
      }),
    );
    await userEvent.click(
      within(ratingGroup()).getByRole('radio', { name: '4 Stars' }),
    );
    await userEvent.click(screen.getByRole('textbox', { name: 'Your review' }));
    await userEvent.paste('  Solid baseline ');
    await userEvent.click(screen.getByRole('button', { name: 'Save review' }));

    expect(ml.saveReview).toHaveBeenCalledWith(ref, {
      rating: 4,
      text: 'Solid baseline',
    });
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Your review is saved.',
    );
    expect(within(reviews()[0]).getByText(/\(you\)/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Delete review' }),
    ).toBeInTheDocument();
  });

  it('asks for stars before saving, and names a review past the limit', async () => {
    const ml = await render(feedback());
    await userEvent.click(screen.getByRole('button', { name: 'Save review' }));
    expect(
      screen.getByText('Pick a rating from 1 to 5 stars.'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('textbox', { name: 'Your review' }));
    await userEvent.paste('x'.repeat(2001));
    expect(
      screen.getByText('Your review is 2001 characters long; keep it to 2000.'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(ratingGroup()).getByRole('radio', { name: '5 Stars' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save review' }));
    expect(ml.saveReview).not.toHaveBeenCalled();
  });

  it('shows the backend’s reason when it refuses a review, keeping what was typed', async () => {
    const ml = await render(feedback());
    ml.saveReview.mockRejectedValue(
      await inputError('rating must be a whole number of stars from 1 to 5'),
    );
    await userEvent.click(
      within(ratingGroup()).getByRole('radio', { name: '2 Stars' }),
    );
    await userEvent.click(screen.getByRole('textbox', { name: 'Your review' }));
    await userEvent.paste('Too slow');
    await userEvent.click(screen.getByRole('button', { name: 'Save review' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not save your review: rating must be a whole number of stars from 1 to 5',
    );
    expect(screen.getByRole('textbox', { name: 'Your review' })).toHaveValue(
      'Too slow',
    );
  });

  it('edits and deletes the user’s own review', async () => {
    const mine = review('me', { rating: 2, text: 'Too slow' });
    const ml = await render(
      feedback({
        summary: { average: 2, count: 1, distribution: [0, 1, 0, 0, 0] },
        reviews: [mine],
        mine,
      }),
    );
    expect(
      within(ratingGroup()).getByRole('radio', { name: '2 Stars' }),
    ).toBeChecked();
    expect(screen.getByRole('textbox', { name: 'Your review' })).toHaveValue(
      'Too slow',
    );

    ml.deleteReview.mockResolvedValue(feedback());
    await userEvent.click(
      screen.getByRole('button', { name: 'Delete review' }),
    );
    expect(ml.deleteReview).toHaveBeenCalledWith(ref);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Your review is deleted.',
    );
    expect(screen.getByRole('textbox', { name: 'Your review' })).toHaveValue(
      '',
    );
    expect(
      screen.queryByRole('button', { name: 'Delete review' }),
    ).not.toBeInTheDocument();
  });

  it('disables the review form, with the reason, for users who may not give feedback', async () => {
    await render(feedback({ canGiveFeedback: false }));
    expect(
      screen.getByText(/You cannot rate or review this asset/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save review' })).toBeDisabled();
    expect(screen.getByRole('textbox', { name: 'Your review' })).toBeDisabled();
    expect(
      within(ratingGroup()).getByRole('radio', { name: '3 Stars' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Request an improvement' }),
    ).toBeDisabled();
    expect(screen.getByText('No reviews yet.')).toBeInTheDocument();
  });

  it('lets owners reply to a review, and edit the reply', async () => {
    const ml = await render(
      feedback({
        summary: { average: 3, count: 1, distribution: [0, 0, 1, 0, 0] },
        reviews: [review('ana', { rating: 3 })],
        canRespond: true,
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Reply' }));
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(
      screen.getByText('Write a reply before sending it.'),
    ).toBeInTheDocument();
    expect(ml.replyToReview).not.toHaveBeenCalled();

    ml.replyToReview.mockResolvedValue(
      feedback({
        reviews: [
          review('ana', {
            rating: 3,
            reply: {
              by: 'user:default/olga',
              text: 'Fixed in v4',
              at: '2025-03-08T10:00:00.000Z',
            },
          }),
        ],
        canRespond: true,
      }),
    );
    await userEvent.click(screen.getByRole('textbox', { name: 'Your reply' }));
    await userEvent.paste('Fixed in v4');
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(ml.replyToReview).toHaveBeenCalledWith(ref, {
      reviewer: 'user:default/ana',
      text: 'Fixed in v4',
    });
    expect(await screen.findByText('Fixed in v4')).toBeInTheDocument();
    expect(
      screen.queryByRole('textbox', { name: 'Your reply' }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Edit reply' }));
    expect(screen.getByRole('textbox', { name: 'Your reply' })).toHaveValue(
      'Fixed in v4',
    );
  });

  it('shows why a reply was refused', async () => {
    const ml = await render(
      feedback({ reviews: [review('ana')], canRespond: true }),
    );
    ml.replyToReview.mockRejectedValue(
      await inputError('only the owners of churn-model may reply'),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Reply' }));
    await userEvent.click(screen.getByRole('textbox', { name: 'Your reply' }));
    await userEvent.paste('Thanks');
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not send your reply: only the owners of churn-model may reply',
    );
  });

  it('shows a notice, and calls no API, on entities other than ML assets', async () => {
    const ml = mockMlApi(feedback());
    await renderCard(ml, {
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'web' },
      },
    });
    expect(
      await screen.findByText(/collected for Models, Features and Datasets/),
    ).toBeInTheDocument();
    expect(ml.getFeedback).not.toHaveBeenCalled();
  });
});
