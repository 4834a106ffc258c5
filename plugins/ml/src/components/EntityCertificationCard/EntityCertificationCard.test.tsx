import { Entity } from '@backstage/catalog-model';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  AuditEntry,
  Certification,
} from '@ml-marketplace/plugin-ml-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mlApiRef } from '../../api';
import { EntityCertificationCard } from './EntityCertificationCard';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** `YYYY-MM-DD` in local time, as the card shows dates. */
function localDate(time: number | string) {
  const d = new Date(time);
  return [
    d.getFullYear(),
    String(d.getMonth() + 1).padStart(2, '0'),
    String(d.getDate()).padStart(2, '0'),
  ].join('-');
}

// usePermission caches answers per permission and resource across renders
// (swr), so every test uses an entity of its own.
let serial = 0;
function newEntity(): { entity: Entity; ref: string } {
  serial += 1;
  const name = `churn-model-${serial}`;
  return {
    entity: {
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Model',
      metadata: { name, namespace: 'default' },
      spec: { owner: 'group:default/growth-ml', lifecycle: 'production' },
    },
    ref: `model:default/${name}`,
  };
}

const levels = [
  { id: 'bronze', title: 'Bronze' },
  { id: 'silver', title: 'Silver' },
  { id: 'gold', title: 'Gold' },
];

function bronze(ref: string, expiresAt: string): Certification {
  return {
    entityRef: ref,
    level: 'bronze',
    levelTitle: 'Bronze',
    issuedAt: '2025-03-01T12:00:00.000Z',
    expiresAt,
    evidence: [
      // Out of policy order on purpose: the card groups by level.
      {
        level: 'gold',
        requirement: 'approval',
        met: false,
        detail: 'Not approved by a reviewer',
      },
      {
        level: 'bronze',
        requirement: 'owner',
        met: true,
        detail: 'Owner group:default/growth-ml exists',
      },
      {
        level: 'silver',
        requirement: 'checks',
        met: false,
        detail: 'Not passing: data-freshness (stale for 3 days)',
      },
      {
        level: 'bronze',
        requirement: 'minCardCompleteness',
        met: true,
        detail: 'Card 80% complete (60% required)',
      },
      {
        level: 'silver',
        requirement: 'evaluation',
        met: true,
        detail: '2 evaluation results',
      },
    ],
    approval: {
      by: 'user:default/alice',
      at: '2025-02-20T12:00:00.000Z',
      reason: 'Reviewed the model card',
      expiresAt: '2099-02-20T12:00:00.000Z',
    },
    levels,
    validityDays: 90,
    approvalValidityDays: 365,
    reviewers: ['group:default/ml-platform'],
  };
}

function silver(ref: string): Certification {
  return {
    ...bronze(ref, '2099-06-01T12:00:00.000Z'),
    level: 'silver',
    levelTitle: 'Silver',
    evidence: bronze(ref, '').evidence.map(e => ({ ...e, met: true })),
  };
}

function auditOf(ref: string): AuditEntry[] {
  return [
    {
      id: 2,
      entityRef: ref,
      action: 'certified',
      fromLevel: null,
      toLevel: 'bronze',
      actor: 'system',
      reason: 'Bronze requirements met',
      at: '2025-03-01T12:00:00.000Z',
    },
    {
      id: 1,
      entityRef: ref,
      action: 'approved',
      fromLevel: null,
      toLevel: null,
      actor: 'user:default/alice',
      reason: 'Reviewed the model card',
      at: '2025-02-20T12:00:00.000Z',
    },
  ];
}

function mockMlApi() {
  return {
    getCertification: jest.fn(),
    getAudit: jest.fn(),
    approveCertification: jest.fn(),
    revokeCertification: jest.fn(),
  };
}

type Decision = AuthorizeResult.ALLOW | AuthorizeResult.DENY;

function mockPermissionApi(result: Decision | 'pending') {
  return {
    authorize: jest.fn(() =>
      result === 'pending'
        ? new Promise<never>(() => {})
        : Promise.resolve({ result }),
    ),
  };
}

async function renderCard(options: {
  entity: Entity;
  ml: ReturnType<typeof mockMlApi>;
  permission?: Decision | 'pending';
}) {
  const permissionApi = mockPermissionApi(
    options.permission ?? AuthorizeResult.DENY,
  );
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [mlApiRef, options.ml],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider entity={options.entity}>
        <EntityCertificationCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return { permissionApi };
}

/** Waits until the permission answer has been given to the card. */
async function permissionSettled(permissionApi: { authorize: jest.Mock }) {
  await waitFor(() => expect(permissionApi.authorize).toHaveBeenCalled());
  await act(async () => {
    await permissionApi.authorize.mock.results[0].value;
  });
}

// Typing into the dialog is slow on a busy machine.
jest.setTimeout(20_000);

describe('EntityCertificationCard', () => {
  it('shows progress while loading', async () => {
    const { entity } = newEntity();
    const ml = mockMlApi();
    ml.getCertification.mockReturnValue(new Promise(() => {}));
    ml.getAudit.mockResolvedValue([]);
    await renderCard({ entity, ml });

    expect(screen.getByText('Certification')).toBeInTheDocument();
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByText('Evidence')).not.toBeInTheDocument();
  });

  it('shows the error when the certification cannot be loaded', async () => {
    const { entity } = newEntity();
    const ml = mockMlApi();
    ml.getCertification.mockRejectedValue(new Error('backend unavailable'));
    ml.getAudit.mockResolvedValue([]);
    await renderCard({ entity, ml });

    expect(
      (await screen.findAllByText(/backend unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('Evidence')).not.toBeInTheDocument();
  });

  it('says the asset has not been assessed when there is no evidence yet', async () => {
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getCertification.mockResolvedValue({
      entityRef: ref,
      level: null,
      evidence: [],
      levels,
      validityDays: 90,
      approvalValidityDays: 365,
      reviewers: ['group:default/ml-platform'],
    });
    ml.getAudit.mockResolvedValue([]);
    await renderCard({ entity, ml });

    expect(
      await screen.findByText(
        'Not assessed yet: certification is computed after the next health sweep.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Not certified')).toBeInTheDocument();
    expect(screen.queryByText('Evidence')).not.toBeInTheDocument();
  });

  it('shows the level, dates, approval, evidence by level and history', async () => {
    const { entity, ref } = newEntity();
    const expiresAt = Date.now() + 23 * DAY + HOUR;
    const ml = mockMlApi();
    ml.getCertification.mockResolvedValue(
      bronze(ref, new Date(expiresAt).toISOString()),
    );
    ml.getAudit.mockResolvedValue(auditOf(ref));
    await renderCard({ entity, ml });

    const evidence = await screen.findByRole('region', { name: 'Evidence' });
    expect(ml.getCertification).toHaveBeenCalledWith(ref);
    expect(ml.getAudit).toHaveBeenCalledWith({ entityRef: ref, limit: 20 });

    // The badge, in bronze.
    const badge = screen
      .getAllByText('Bronze')
      .map(el => el.closest('[data-level]'))
      .find(Boolean);
    expect(badge).toHaveAttribute('data-level', 'bronze');
    expect(badge).toHaveStyle({ backgroundColor: '#b87333' });

    expect(screen.getByText('Issued').parentElement).toHaveTextContent(
      '2025-03-01',
    );
    expect(screen.getByText('Expiry').parentElement).toHaveTextContent(
      `expires in 23 days (${localDate(expiresAt)})`,
    );
    expect(screen.getByText('Approval').parentElement).toHaveTextContent(
      'By alice on 2025-02-20: Reviewed the model card',
    );

    // Evidence grouped in policy order, whatever order the backend sent.
    const groups = within(evidence).getAllByRole('group');
    expect(groups.map(g => g.getAttribute('aria-label'))).toEqual([
      'Bronze requirements',
      'Silver requirements',
      'Gold requirements',
    ]);
    const [bronzeGroup, silverGroup, goldGroup] = groups;
    expect(
      within(bronzeGroup).getAllByRole('img', { name: 'met' }),
    ).toHaveLength(2);
    expect(within(bronzeGroup).getByText('held')).toBeInTheDocument();
    expect(
      within(bronzeGroup).getByText(/Card 80% complete \(60% required\)/),
    ).toBeInTheDocument();

    // What the next level (silver) still needs is highlighted; gold is not next.
    expect(within(silverGroup).getByText('next')).toBeInTheDocument();
    const needed = silverGroup.querySelectorAll('[data-needed]');
    expect(needed).toHaveLength(1);
    expect(needed[0]).toHaveTextContent('Health checks (needed for Silver)');
    expect(needed[0]).toHaveTextContent(
      'Not passing: data-freshness (stale for 3 days)',
    );
    expect(
      within(needed[0] as HTMLElement).getByRole('img', { name: 'not met' }),
    ).toBeInTheDocument();
    expect(goldGroup.querySelectorAll('[data-needed]')).toHaveLength(0);
    expect(
      within(goldGroup).getByRole('img', { name: 'not met' }),
    ).toBeInTheDocument();
    expect(evidence).toHaveTextContent('Silver needs 1 more: Health checks.');

    // The audit log, newest first as the backend sent it.
    const rows = within(
      screen.getByRole('table', { name: 'Certification history' }),
    ).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('Certified');
    expect(rows[1]).toHaveTextContent('none → Bronze');
    expect(rows[1]).toHaveTextContent('system');
    expect(rows[1]).toHaveTextContent('Bronze requirements met');
    expect(rows[1]).toHaveTextContent('2025-03-01');
    expect(rows[2]).toHaveTextContent('Approved');
    expect(
      within(rows[2]).getByRole('link', { name: 'alice' }),
    ).toHaveAttribute('href', '/catalog/default/user/alice');
  });

  it('shows a revoked certificate with who revoked it, when and why', async () => {
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getCertification.mockResolvedValue({
      entityRef: ref,
      level: null,
      evidence: bronze(ref, '').evidence,
      revoked: {
        by: 'user:default/bob',
        at: '2025-03-05T12:00:00.000Z',
        reason: 'Evaluation data leaked into training',
      },
      levels,
      validityDays: 90,
      approvalValidityDays: 365,
      reviewers: ['group:default/ml-platform'],
    });
    ml.getAudit.mockResolvedValue([
      {
        id: 3,
        entityRef: ref,
        action: 'revoked',
        fromLevel: 'bronze',
        toLevel: null,
        actor: 'user:default/bob',
        reason: 'Evaluation data leaked into training',
        at: '2025-03-05T12:00:00.000Z',
      },
    ]);
    await renderCard({ entity, ml });

    expect(
      await screen.findByTestId('certification-revoked'),
    ).toHaveTextContent(
      'Revoked by bob on 2025-03-05: Evaluation data leaked into training',
    );
    expect(screen.getByText('Not certified')).toBeInTheDocument();
    const rows = within(
      screen.getByRole('table', { name: 'Certification history' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Revoked');
    expect(rows[1]).toHaveTextContent('Bronze → none');
  });

  it('hides Approve and Revoke when the permission is denied', async () => {
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getCertification.mockResolvedValue(bronze(ref, '2099-01-01T00:00:00Z'));
    ml.getAudit.mockResolvedValue([]);
    const { permissionApi } = await renderCard({
      entity,
      ml,
      permission: AuthorizeResult.DENY,
    });

    await screen.findByRole('region', { name: 'Evidence' });
    await permissionSettled(permissionApi);
    expect(permissionApi.authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'ml.certification.approve',
        }),
        resourceRef: ref,
      }),
    );
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Revoke' }),
    ).not.toBeInTheDocument();
  });

  it('hides Approve and Revoke while the permission is being checked', async () => {
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getCertification.mockResolvedValue(bronze(ref, '2099-01-01T00:00:00Z'));
    ml.getAudit.mockResolvedValue([]);
    const { permissionApi } = await renderCard({
      entity,
      ml,
      permission: 'pending',
    });

    await screen.findByRole('region', { name: 'Evidence' });
    await waitFor(() => expect(permissionApi.authorize).toHaveBeenCalled());
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Revoke' }),
    ).not.toBeInTheDocument();
  });

  it('shows Approve and Revoke when the permission is allowed', async () => {
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getCertification.mockResolvedValue(bronze(ref, '2099-01-01T00:00:00Z'));
    ml.getAudit.mockResolvedValue([]);
    await renderCard({ entity, ml, permission: AuthorizeResult.ALLOW });

    expect(
      await screen.findByRole('button', { name: 'Approve' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Revoke' })).toBeInTheDocument();
  });

  it('says why a deprecated asset is held at the lowest level and names its successor', async () => {
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    const held = bronze(ref, '2099-01-01T00:00:00Z');
    ml.getCertification.mockResolvedValue({
      ...held,
      evidence: [
        ...held.evidence,
        {
          level: 'silver',
          requirement: 'notDeprecated',
          met: false,
          detail:
            'Deprecated, so it cannot be certified above the lowest level. Use model:default/churn-model instead.',
        },
      ],
    });
    ml.getAudit.mockResolvedValue([]);
    await renderCard({ entity, ml });

    expect(
      await screen.findByTestId('certification-deprecated'),
    ).toHaveTextContent('Use model:default/churn-model instead.');
    // No "Silver needs …" inviting work on an asset that is going away.
    expect(screen.queryByText(/Silver needs/)).not.toBeInTheDocument();
  });

  it('tells a reader who may not approve which reviewers can', async () => {
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    const ready = silver(ref);
    ml.getCertification.mockResolvedValue({
      ...ready,
      evidence: ready.evidence.map(e =>
        e.requirement === 'approval' ? { ...e, met: false } : e,
      ),
    });
    ml.getAudit.mockResolvedValue([]);
    const { permissionApi } = await renderCard({ entity, ml });
    await permissionSettled(permissionApi);

    const line = await screen.findByText(/Gold needs 1 more/);
    expect(line).toHaveTextContent(
      'Gold needs 1 more: Reviewer approval. Reviewers who can approve:',
    );
    expect(within(line).getByRole('link')).toHaveTextContent('ml-platform');
  });

  it('says what an approval changes and until when, and when the certificate expires', async () => {
    const user = userEvent.setup();
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    const ready = silver(ref);
    ml.getCertification.mockResolvedValue({
      ...ready,
      evidence: ready.evidence.map(e =>
        e.requirement === 'approval' ? { ...e, met: false } : e,
      ),
    });
    ml.getAudit.mockResolvedValue([]);
    await renderCard({ entity, ml, permission: AuthorizeResult.ALLOW });

    expect(
      await screen.findByText(
        're-verified every 90 days and renewed while its evidence holds',
      ),
    ).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog', {
      name: `Approve ${entity.metadata.name}`,
    });
    // The earliest of re-verification (90 days) and the approval (365 days).
    const until = localDate(Date.now() + 90 * 24 * 60 * 60 * 1000);
    expect(dialog).toHaveTextContent(
      `Approving makes it Gold (now Silver) until ${until}, renewed while its evidence holds.`,
    );
  });

  it('approves with the typed reason, then refreshes to the new level', async () => {
    const user = userEvent.setup();
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getCertification
      .mockResolvedValueOnce(bronze(ref, '2099-01-01T00:00:00Z'))
      .mockResolvedValue(silver(ref));
    ml.getAudit.mockResolvedValueOnce([]).mockResolvedValue([
      {
        id: 9,
        entityRef: ref,
        action: 'approved',
        fromLevel: 'bronze',
        toLevel: 'silver',
        actor: 'user:default/carol',
        reason: 'Checked the evaluation',
        at: '2025-03-10T12:00:00.000Z',
      },
    ]);
    ml.approveCertification.mockImplementation(async () => silver(ref));
    await renderCard({ entity, ml, permission: AuthorizeResult.ALLOW });

    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog', {
      name: `Approve ${entity.metadata.name}`,
    });
    // What the approval changes, until when, and a warning about the card.
    expect(dialog).toHaveTextContent(
      'It stays Bronze. The next level still needs: Health checks. Your approval counts until',
    );
    expect(within(dialog).getByTestId('thin-card-warning')).toHaveTextContent(
      /Its card is only \d+% complete/,
    );
    const submit = within(dialog).getByRole('button', { name: 'Approve' });
    const reason = within(dialog).getByRole('textbox', { name: /Reason/ });

    // Empty, blank and too short reasons are refused.
    expect(submit).toBeDisabled();
    await user.type(reason, '   ');
    expect(submit).toBeDisabled();
    await user.clear(reason);
    await user.type(reason, 'ok');
    expect(submit).toBeDisabled();
    expect(ml.approveCertification).not.toHaveBeenCalled();

    await user.clear(reason);
    await user.type(reason, 'Checked the evaluation');
    expect(submit).toBeEnabled();
    await user.click(submit);

    expect(ml.approveCertification).toHaveBeenCalledWith(
      ref,
      'Checked the evaluation',
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await waitFor(() =>
      expect(
        screen
          .getAllByText('Silver')
          .map(el => el.closest('[data-level]'))
          .find(Boolean),
      ).toHaveAttribute('data-level', 'silver'),
    );
    expect(ml.getCertification).toHaveBeenCalledTimes(2);
    expect(ml.getAudit).toHaveBeenCalledTimes(2);
    const rows = within(
      await screen.findByRole('table', { name: 'Certification history' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Bronze → Silver');
    expect(rows[1]).toHaveTextContent('carol');
  });

  it('keeps the dialog and the reason and shows the error when approving fails', async () => {
    const user = userEvent.setup();
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getCertification.mockResolvedValue(bronze(ref, '2099-01-01T00:00:00Z'));
    ml.getAudit.mockResolvedValue([]);
    ml.approveCertification.mockRejectedValue(
      Object.assign(new Error('Request failed with 403 Forbidden'), {
        cause: new Error('Owners may not approve their own assets'),
      }),
    );
    await renderCard({ entity, ml, permission: AuthorizeResult.ALLOW });

    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog');
    const reason = within(dialog).getByRole('textbox', { name: /Reason/ });
    await user.type(reason, 'Looks good to me');
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not approve: Request failed with 403 Forbidden: Owners may not approve their own assets',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(reason).toHaveValue('Looks good to me');
    expect(
      within(dialog).getByRole('button', { name: 'Approve' }),
    ).toBeEnabled();
    expect(ml.getCertification).toHaveBeenCalledTimes(1);

    // Cancelling leaves the card as it was.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen
        .getAllByText('Bronze')
        .map(el => el.closest('[data-level]'))
        .find(Boolean),
    ).toHaveAttribute('data-level', 'bronze');
  });

  it('revokes with the typed reason and shows the revocation', async () => {
    const user = userEvent.setup();
    const { entity, ref } = newEntity();
    const revoked: Certification = {
      ...bronze(ref, '2099-01-01T00:00:00Z'),
      level: null,
      levelTitle: undefined,
      revoked: {
        by: 'user:default/dave',
        at: '2025-03-12T12:00:00.000Z',
        reason: 'Stale training data',
      },
    };
    const ml = mockMlApi();
    ml.getCertification
      .mockResolvedValueOnce(bronze(ref, '2099-01-01T00:00:00Z'))
      .mockResolvedValue(revoked);
    ml.getAudit.mockResolvedValue([]);
    ml.revokeCertification.mockResolvedValue(revoked);
    await renderCard({ entity, ml, permission: AuthorizeResult.ALLOW });

    await user.click(await screen.findByRole('button', { name: 'Revoke' }));
    const dialog = await screen.findByRole('dialog', {
      name: `Revoke ${entity.metadata.name}`,
    });
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Stale training data',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    expect(ml.revokeCertification).toHaveBeenCalledWith(
      ref,
      'Stale training data',
    );
    expect(ml.approveCertification).not.toHaveBeenCalled();
    expect(
      await screen.findByTestId('certification-revoked'),
    ).toHaveTextContent('Revoked by dave on 2025-03-12: Stale training data');
    expect(screen.getByText('Not certified')).toBeInTheDocument();
  });
});
