import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockCatalog,
  mockIdentity,
  mockMlApi,
  owned,
  ref,
  refusal,
  renderCard,
  usage,
  use,
} from '../../__testUtils__/usage';

jest.setTimeout(20_000);

const CHECKOUT = 'component:default/checkout';
const team = (name: string) =>
  screen.getByRole('region', { name: `Team ${name}` });
const uses = (name: string) =>
  within(team(name)).getAllByTestId('ml-usage-use');

/** Opens "I use this" and waits for the picker (or what stands in for it). */
async function openDialog() {
  await userEvent.click(
    await screen.findByRole('button', { name: 'I use this' }),
  );
  return screen.findByRole('dialog');
}

async function pick(option: RegExp) {
  await userEvent.click(
    await screen.findByLabelText(/Which of your team's entities uses it\?/),
  );
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('EntityUsageCard', () => {
  it('shows progress while the usage loads', async () => {
    const pending = mockMlApi(new Promise(() => {}));
    await renderCard(pending);
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(pending.getUsage).toHaveBeenCalledWith(ref);
  });

  it('shows the error when the usage cannot be loaded', async () => {
    await renderCard(mockMlApi(Promise.reject(new Error('backend down'))));
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
    expect(
      screen.queryByRole('button', { name: 'I use this' }),
    ).not.toBeInTheDocument();
  });

  it('says what to do when nobody is known to use the asset', async () => {
    await renderCard(mockMlApi(usage()));
    expect(
      await screen.findByText('Nobody is known to use Churn model yet'),
    ).toBeInTheDocument();
    expect(screen.getByText(/say so with “I use this”\.$/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'I use this' })).toBeEnabled();
  });

  it('groups the consumers by team, each with where its use is known from', async () => {
    await renderCard(
      mockMlApi(
        usage({
          uses: [
            use(CHECKOUT, {
              title: 'Checkout',
              owner: 'group:default/payments',
              ownerTitle: 'Payments',
            }),
            use('model:default/upsell-model', {
              title: 'Upsell model',
              owner: 'group:default/growth-ml',
              ownerTitle: 'Growth ML',
              origin: 'registry',
            }),
            use('component:default/retention-api', {
              title: 'Retention API',
              owner: 'group:default/growth-ml',
              ownerTitle: 'Growth ML',
              origin: 'user',
              declaredBy: 'user:default/ana',
              declaredAt: '2026-12-01T10:00:00.000Z',
              note: 'Scores every renewal',
            }),
            use('dataset:default/churn-scores', {
              title: 'Churn scores',
              origin: 'openlineage',
            }),
          ],
          teams: [
            { team: 'group:default/growth-ml', title: 'Growth ML', uses: 2 },
            { team: 'group:default/payments', title: 'Payments', uses: 1 },
          ],
          hidden: 2,
        }),
      ),
    );
    expect(
      await screen.findByText('Used by 4 entities of 2 teams'),
    ).toBeInTheDocument();
    const sections = screen
      .getAllByRole('region')
      .map(s => s.getAttribute('aria-label'));
    expect(sections).toEqual([
      'Team Growth ML',
      'Team Payments',
      'Team No owning team',
    ]);
    expect(
      within(team('Growth ML')).getByRole('link', { name: 'Growth ML' }),
    ).toHaveAttribute('href', '/catalog/default/group/growth-ml');

    const [retention, upsell] = uses('Growth ML');
    expect(
      within(retention).getByRole('link', { name: 'Retention API' }),
    ).toHaveAttribute('href', '/catalog/default/component/retention-api');
    expect(within(retention).getByText('Component')).toBeInTheDocument();
    expect(within(retention).getByTestId('ml-usage-origin')).toHaveTextContent(
      'Declared by ana',
    );
    expect(
      within(retention).getByText(/“Scores every renewal”/),
    ).toBeInTheDocument();
    expect(within(retention).getByText('2026-12-01')).toBeInTheDocument();
    expect(within(upsell).getByTestId('ml-usage-origin')).toHaveTextContent(
      'Registry',
    );
    expect(
      within(uses('Payments')[0]).getByTestId('ml-usage-origin'),
    ).toHaveTextContent('Catalog');
    expect(
      within(uses('No owning team')[0]).getByTestId('ml-usage-origin'),
    ).toHaveTextContent('OpenLineage');
    expect(screen.getByText('2 more you may not see')).toBeInTheDocument();
    // Nobody granted the signed-in user a withdrawal here.
    expect(
      screen.queryByRole('button', { name: 'Withdraw' }),
    ).not.toBeInTheDocument();
  });

  it('counts consumers the user may not read without an empty state', async () => {
    await renderCard(mockMlApi(usage({ hidden: 1 })));
    expect(
      await screen.findByText('1 more you may not see'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Nobody is known/)).not.toBeInTheDocument();
  });

  it('offers no "I use this" to callers who may not declare', async () => {
    await renderCard(
      mockMlApi(usage({ canDeclare: false, uses: [use(CHECKOUT)] })),
    );
    expect(await screen.findByText('Used by 1 entity')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'I use this' }),
    ).not.toBeInTheDocument();
  });

  it('declares a use for one of the user’s teams’ entities, with a note', async () => {
    const ml = mockMlApi(
      usage({ uses: [use('component:default/already-listed')] }),
    );
    const catalog = mockCatalog(
      owned(
        [CHECKOUT, 'Checkout'],
        ['model:default/churn-model', 'Churn model'],
        ['component:default/already-listed'],
        ['system:default/billing', 'Billing'],
        ['group:default/sub-team'],
      ),
    );
    const identity = mockIdentity();
    ml.declareUse.mockResolvedValue(
      usage({
        uses: [
          use('component:default/already-listed'),
          use(CHECKOUT, {
            title: 'Checkout',
            owner: 'group:default/checkout-team',
            origin: 'user',
            declaredBy: 'user:default/me',
            declaredAt: '2026-12-07T10:00:00.000Z',
            note: 'Scores baskets',
            canWithdraw: true,
          }),
        ],
        teams: [{ team: 'group:default/checkout-team', uses: 1 }],
      }),
    );
    await renderCard(ml, { catalog, identity });
    const dialog = await openDialog();
    expect(
      within(dialog).getByRole('heading', {
        name: 'Declare that your team uses Churn model',
      }),
    ).toBeInTheDocument();
    const picker = await within(dialog).findByLabelText(
      "Which of your team's entities uses it?",
    );
    expect(picker).toBeRequired();
    await userEvent.click(picker);
    // By title; without the asset itself, what is listed already, and groups.
    const options = (await screen.findAllByRole('option')).map(
      o => o.textContent,
    );
    expect(options).toEqual([
      'BillingSystem · system:default/billing',
      'CheckoutComponent · component:default/checkout',
    ]);
    expect(catalog.getEntities).toHaveBeenCalledWith({
      filter: {
        'relations.ownedBy': ['user:default/me', 'group:default/checkout-team'],
      },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    await userEvent.click(screen.getByRole('option', { name: /Checkout/ }));
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: 'How do you use it?' }),
    );
    await userEvent.paste('  Scores baskets ');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Declare use' }),
    );

    expect(ml.declareUse).toHaveBeenCalledWith(ref, {
      consumer: CHECKOUT,
      note: 'Scores baskets',
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'Declared: Checkout uses Churn model.',
    );
    expect(
      screen.getByRole('link', { name: 'Checkout' }).closest('li'),
    ).toHaveTextContent('Declared by me');
  });

  it('asks for an entity before declaring and says when the note is too long', async () => {
    const ml = mockMlApi(usage());
    await renderCard(ml, { catalog: mockCatalog(owned([CHECKOUT])) });
    const dialog = await openDialog();
    await within(dialog).findByLabelText(/Which of your team's entities/);
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: 'How do you use it?' }),
    );
    await userEvent.paste('x'.repeat(281));
    expect(
      within(dialog).getByText(
        'Your note is 281 characters long; keep it to 280.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Declare use' }),
    );
    expect(
      within(dialog).getByText('Pick the entity of your team that uses it.'),
    ).toBeInTheDocument();
    expect(ml.declareUse).not.toHaveBeenCalled();
  });

  it('shows the server’s refusal in the dialog as written and keeps what was entered', async () => {
    const ml = mockMlApi(usage());
    const message =
      'You may declare uses only for entities your teams own; component:default/checkout is owned by group:default/payments';
    ml.declareUse.mockRejectedValue(
      await refusal(403, 'NotAllowedError', message),
    );
    await renderCard(ml, {
      catalog: mockCatalog(owned([CHECKOUT, 'Checkout'])),
    });
    const dialog = await openDialog();
    await pick(/Checkout/);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Declare use' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      `Could not declare the use: ${message}`,
    );
    expect(
      within(dialog).getByLabelText(/Which of your team's entities/),
    ).toHaveValue('Checkout (Component)');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('says so instead of an empty picker when the user’s teams own nothing', async () => {
    const ml = mockMlApi(usage());
    const catalog = mockCatalog();
    await renderCard(ml, {
      catalog,
      identity: mockIdentity(['user:development/guest']),
    });
    const dialog = await openDialog();
    expect(
      await within(dialog).findByText(
        /^Your teams own no entity in the catalog, so there is nothing to declare a use for\./,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).queryByLabelText(/Which of your team's entities/),
    ).not.toBeInTheDocument();
    expect(
      within(dialog).queryByRole('button', { name: 'Declare use' }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    expect(ml.declareUse).not.toHaveBeenCalled();
  });

  it('withdraws a declared use the user may withdraw', async () => {
    const declared = use(CHECKOUT, {
      title: 'Checkout',
      owner: 'group:default/checkout-team',
      ownerTitle: 'Checkout team',
      origin: 'user',
      declaredBy: 'user:default/me',
      declaredAt: '2026-12-07T10:00:00.000Z',
      canWithdraw: true,
    });
    const ml = mockMlApi(
      usage({
        uses: [declared],
        teams: [{ team: 'group:default/checkout-team', uses: 1 }],
      }),
    );
    ml.withdrawUse.mockResolvedValue(usage());
    await renderCard(ml);
    const withdraw = await screen.findByRole('button', { name: 'Withdraw' });
    expect(withdraw).toHaveAccessibleDescription('Checkout');
    await userEvent.click(withdraw);
    expect(ml.withdrawUse).toHaveBeenCalledWith(ref, CHECKOUT);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Withdrawn: the declared use by Checkout.',
    );
    expect(
      screen.getByText('Nobody is known to use Churn model yet'),
    ).toBeInTheDocument();
  });

  it('shows why a withdrawal was refused next to the use', async () => {
    const ml = mockMlApi(
      usage({
        uses: [
          use(CHECKOUT, {
            title: 'Checkout',
            origin: 'catalog',
            declaredBy: 'user:default/ana',
            declaredAt: '2026-12-01T10:00:00.000Z',
            canWithdraw: true,
          }),
        ],
      }),
    );
    const message =
      'Only user:default/ana, who declared it, or the owners of component:default/checkout may withdraw this use';
    ml.withdrawUse.mockRejectedValue(
      await refusal(403, 'NotAllowedError', message),
    );
    await renderCard(ml);
    const item = (
      await screen.findByRole('link', { name: 'Checkout' })
    ).closest('li')!;
    // The catalog says so too: the person's declaration is shown beside it.
    expect(within(item).getByTestId('ml-usage-origin')).toHaveTextContent(
      'Catalog',
    );
    expect(item).toHaveTextContent('Also declared by ana on 2026-12-01');
    await userEvent.click(
      within(item).getByRole('button', { name: 'Withdraw' }),
    );
    expect(await within(item).findByRole('alert')).toHaveTextContent(
      `Could not withdraw the use: ${message}`,
    );
  });

  it('shows a notice and calls no API on other kinds', async () => {
    const ml = mockMlApi(usage());
    await renderCard(ml, {
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'checkout' },
      },
    });
    expect(
      await screen.findByText(/this entity is a Component\.$/),
    ).toBeInTheDocument();
    expect(ml.getUsage).not.toHaveBeenCalled();
  });
});
