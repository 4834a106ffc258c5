import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  feedback,
  inputError,
  ref,
  render,
  request,
} from '../../__testUtils__/feedback';

jest.setTimeout(20_000);

const requestItem = (what: string) =>
  within(screen.getByRole('list', { name: 'Improvement requests' })).getByRole(
    'listitem',
    { name: what },
  );

describe('EntityFeedbackCard improvement requests', () => {
  it('files a request after naming the missing fields', async () => {
    const ml = await render(feedback());
    await userEvent.click(
      screen.getByRole('button', { name: 'Request an improvement' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'File request' }));
    expect(
      screen.getByText('Say in a few words what should improve.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Say why it matters, so the owners can weigh it.'),
    ).toBeInTheDocument();
    expect(ml.fileImprovementRequest).not.toHaveBeenCalled();

    ml.fileImprovementRequest.mockResolvedValue(
      feedback({
        requests: [
          request('1', {
            what: 'Add a Spanish slice',
            why: 'Half our users write Spanish',
            urgency: 'high',
          }),
        ],
      }),
    );
    await userEvent.click(
      screen.getByRole('textbox', { name: 'What should improve?' }),
    );
    await userEvent.paste('Add a Spanish slice');
    await userEvent.click(
      screen.getByRole('textbox', { name: 'Why does it matter?' }),
    );
    await userEvent.paste('Half our users write Spanish');
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Urgency' }),
      'High',
    );
    await userEvent.click(screen.getByRole('button', { name: 'File request' }));

    expect(ml.fileImprovementRequest).toHaveBeenCalledWith(ref, {
      what: 'Add a Spanish slice',
      why: 'Half our users write Spanish',
      urgency: 'high',
    });
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Request filed.',
    );
    const item = requestItem('Add a Spanish slice');
    expect(within(item).getByText('Open')).toBeInTheDocument();
    expect(within(item).getByText('High urgency')).toBeInTheDocument();
    expect(
      screen.queryByRole('textbox', { name: 'What should improve?' }),
    ).not.toBeInTheDocument();
  });

  it('names a summary past its limit, and shows the backend’s reason for a refusal', async () => {
    const ml = await render(feedback());
    await userEvent.click(
      screen.getByRole('button', { name: 'Request an improvement' }),
    );
    await userEvent.click(
      screen.getByRole('textbox', { name: 'What should improve?' }),
    );
    await userEvent.paste('w'.repeat(141));
    expect(
      screen.getByText(
        '“What should improve?” is 141 characters long; keep it to 140.',
      ),
    ).toBeInTheDocument();

    await userEvent.clear(
      screen.getByRole('textbox', { name: 'What should improve?' }),
    );
    await userEvent.paste('Faster scoring');
    await userEvent.click(
      screen.getByRole('textbox', { name: 'Why does it matter?' }),
    );
    await userEvent.paste('Batch jobs time out');
    ml.fileImprovementRequest.mockRejectedValue(
      await inputError(
        'you have 5 open requests on this asset; wait for an answer',
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'File request' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not file your request: you have 5 open requests on this asset; wait for an answer',
    );
    expect(
      screen.getByRole('textbox', { name: 'What should improve?' }),
    ).toHaveValue('Faster scoring');
  });

  it('lists requests with status, who asked and the owners’ note, without a status menu for readers', async () => {
    await render(
      feedback({
        requests: [
          request('1', { what: 'Add a Spanish slice', status: 'accepted' }),
          request('2', {
            what: 'Use GPUs',
            status: 'declined',
            statusChange: {
              by: 'user:default/olga',
              at: '2025-03-04T10:00:00.000Z',
              note: 'Costs outweigh the gain',
            },
          }),
        ],
      }),
    );
    const declined = requestItem('Use GPUs');
    expect(
      within(declined).getByText('Declined').closest('[data-status]'),
    ).toHaveAttribute('data-status', 'declined');
    expect(
      within(declined).getByText('Costs outweigh the gain'),
    ).toBeInTheDocument();
    expect(within(declined).getByText(/Asked by/)).toBeInTheDocument();
    expect(
      within(requestItem('Add a Spanish slice')).getByText('Accepted'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Change status' }),
    ).not.toBeInTheDocument();
  });

  it('lets owners accept a request and decline one with a required note', async () => {
    const ml = await render(
      feedback({
        requests: [request('1', { what: 'Add a Spanish slice' })],
        canRespond: true,
      }),
    );
    ml.setImprovementStatus.mockResolvedValue(
      feedback({
        requests: [
          request('1', { what: 'Add a Spanish slice', status: 'accepted' }),
        ],
        canRespond: true,
      }),
    );
    await userEvent.click(
      within(requestItem('Add a Spanish slice')).getByRole('button', {
        name: 'Change status',
      }),
    );
    await userEvent.click(screen.getByRole('menuitem', { name: 'Accept' }));
    expect(ml.setImprovementStatus).toHaveBeenCalledWith('1', {
      status: 'accepted',
    });
    await waitFor(() =>
      expect(
        within(requestItem('Add a Spanish slice')).getByText('Accepted'),
      ).toBeInTheDocument(),
    );

    await userEvent.click(
      within(requestItem('Add a Spanish slice')).getByRole('button', {
        name: 'Change status',
      }),
    );
    expect(
      screen.queryByRole('menuitem', { name: 'Accept' }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('menuitem', { name: 'Decline' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Decline request' }),
    );
    expect(
      within(dialog).getByText(
        'Say why you decline it: the person who asked will read this.',
      ),
    ).toBeInTheDocument();
    expect(ml.setImprovementStatus).toHaveBeenCalledTimes(1);

    ml.setImprovementStatus.mockResolvedValue(
      feedback({
        requests: [
          request('1', {
            what: 'Add a Spanish slice',
            status: 'declined',
            statusChange: {
              by: 'user:default/olga',
              at: '2025-03-04T10:00:00.000Z',
              note: 'No Spanish data yet',
            },
          }),
        ],
        canRespond: true,
      }),
    );
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: 'Why do you decline it?' }),
    );
    await userEvent.paste('No Spanish data yet');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Decline request' }),
    );
    expect(ml.setImprovementStatus).toHaveBeenLastCalledWith('1', {
      status: 'declined',
      note: 'No Spanish data yet',
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      within(requestItem('Add a Spanish slice')).getByText(
        'No Spanish data yet',
      ),
    ).toBeInTheDocument();
  });

  it('shows why a status change was refused', async () => {
    const ml = await render(
      feedback({ requests: [request('1')], canRespond: true }),
    );
    ml.setImprovementStatus.mockRejectedValue(
      await inputError('request 1 is already done'),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Change status' }),
    );
    await userEvent.click(screen.getByRole('menuitem', { name: 'Mark done' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not change the status: request 1 is already done',
    );
  });
});
