import { Entity } from '@backstage/catalog-model';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { EntityHealth } from '@ml-marketplace/plugin-ml-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mlApiRef } from '../../api';
import { EntityHealthCard } from './EntityHealthCard';

const MINUTE = 60 * 1000;

// usePermission caches answers per permission and resource across renders
// (swr), so every test uses an entity of its own.
let serial = 0;
function newEntity(): { entity: Entity; ref: string } {
  serial += 1;
  const name = `customers-${serial}`;
  return {
    entity: {
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name, namespace: 'default' },
      spec: { owner: 'group:default/data-eng', lifecycle: 'production' },
    },
    ref: `dataset:default/${name}`,
  };
}

function failing(ref: string): EntityHealth {
  return {
    entityRef: ref,
    status: 'fail',
    checkedAt: new Date(Date.now() - 5 * MINUTE).toISOString(),
    results: [
      {
        checkId: 'owner-exists',
        title: 'Owner exists',
        status: 'pass',
        severity: 'warning',
        message: 'group:default/data-eng exists',
        since: '2025-01-10T12:00:00.000Z',
      },
      {
        checkId: 'licence',
        title: 'Licence allowed',
        status: 'fail',
        severity: 'advice',
        message: 'No licence is declared',
        fixHint: 'Set spec.license',
        since: '2025-01-10T12:00:00.000Z',
      },
      {
        checkId: 'freshness',
        title: 'Data freshness',
        status: 'fail',
        severity: 'error',
        message: 'Last updated 3 days ago (1 day allowed)',
        fixHint: 'Check the ingestion job that writes this table',
        since: '2025-03-02T12:00:00.000Z',
      },
      {
        checkId: 'docs',
        title: 'Documentation',
        status: 'fail',
        severity: 'warning',
        message: 'No description',
        fixHint: 'Add metadata.description',
        since: '2025-02-15T12:00:00.000Z',
      },
    ],
    history: [
      {
        checkId: 'docs',
        status: 'fail',
        severity: 'warning',
        message: 'No description',
        at: '2025-02-15T12:00:00.000Z',
      },
      {
        checkId: 'freshness',
        status: 'fail',
        severity: 'error',
        message: 'Last updated 3 days ago (1 day allowed)',
        at: '2025-03-02T12:00:00.000Z',
      },
      {
        checkId: 'freshness',
        status: 'pass',
        severity: 'error',
        message: 'Updated 2 hours ago',
        at: '2025-01-10T12:00:00.000Z',
      },
    ],
  };
}

function passing(ref: string): EntityHealth {
  return {
    entityRef: ref,
    status: 'pass',
    checkedAt: new Date().toISOString(),
    results: [
      {
        checkId: 'freshness',
        title: 'Data freshness',
        status: 'pass',
        severity: 'error',
        message: 'Updated 10 minutes ago',
        since: '2025-03-20T12:00:00.000Z',
      },
    ],
    history: [],
  };
}

function mockMlApi() {
  return { getHealth: jest.fn(), runHealthChecks: jest.fn() };
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
        <EntityHealthCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return { permissionApi };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

jest.setTimeout(20_000);

describe('EntityHealthCard', () => {
  it('shows progress while loading', async () => {
    const { entity } = newEntity();
    const ml = mockMlApi();
    ml.getHealth.mockReturnValue(new Promise(() => {}));
    await renderCard({ entity, ml });

    expect(screen.getByText('Health')).toBeInTheDocument();
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Check results' }),
    ).not.toBeInTheDocument();
  });

  it('shows the error when the health cannot be loaded', async () => {
    const { entity } = newEntity();
    const ml = mockMlApi();
    ml.getHealth.mockRejectedValue(new Error('health store unavailable'));
    await renderCard({ entity, ml });

    expect(
      (await screen.findAllByText(/health store unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByRole('list', { name: 'Check results' }),
    ).not.toBeInTheDocument();
  });

  it('says the asset has not been checked when there are no results', async () => {
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getHealth.mockResolvedValue({
      entityRef: ref,
      results: [],
      history: [],
    });
    await renderCard({ entity, ml });

    expect(
      await screen.findByText(
        'Not checked yet: the health sweep runs on a schedule.',
      ),
    ).toBeInTheDocument();
    expect(ml.getHealth).toHaveBeenCalledWith(ref);
    expect(
      screen.queryByRole('list', { name: 'Check results' }),
    ).not.toBeInTheDocument();
  });

  it('shows the overall status, when it was checked, each result and the history', async () => {
    const user = userEvent.setup();
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getHealth.mockResolvedValue(failing(ref));
    await renderCard({ entity, ml });

    const list = await screen.findByRole('list', { name: 'Check results' });
    expect(ml.getHealth).toHaveBeenCalledWith(ref);
    expect(
      screen.getByText('Failing').closest('[data-status]'),
    ).toHaveAttribute('data-status', 'fail');
    expect(screen.getByText(/^checked/)).toHaveTextContent(
      'checked 5 minutes ago',
    );

    expect(
      screen.getByText('1 error, 1 warning, 1 piece of advice'),
    ).toBeVisible();

    // Errors first, then warnings, advice and passes, each with its severity.
    const items = within(list).getAllByRole('listitem');
    expect(items.map(i => i.getAttribute('data-check'))).toEqual([
      'freshness',
      'docs',
      'licence',
      'owner-exists',
    ]);
    const [freshness, docs, licence, owner] = items;
    expect(within(freshness).getByRole('img', { name: 'error' })).toBeVisible();
    expect(freshness).toHaveTextContent('Data freshness · Error');
    expect(freshness).toHaveTextContent(
      'Last updated 3 days ago (1 day allowed)',
    );
    expect(freshness).toHaveTextContent(
      'Suggestion: Check the ingestion job that writes this table',
    );
    expect(freshness).toHaveTextContent('since 2025-03-02');
    // A failed check of warning severity reads as a warning.
    expect(within(docs).getByRole('img', { name: 'warning' })).toBeVisible();
    expect(docs).toHaveTextContent('Documentation · Warning');
    expect(docs).toHaveTextContent('Suggestion: Add metadata.description');
    // A failed check of advice severity is advice, not red.
    expect(within(licence).getByRole('img', { name: 'advice' })).toBeVisible();
    expect(licence).toHaveTextContent('Licence allowed · Advice');
    expect(licence).toHaveTextContent('Suggestion: Set spec.license');
    expect(within(owner).getByRole('img', { name: 'passes' })).toBeVisible();
    expect(owner).not.toHaveTextContent('Suggestion');

    // The history is collapsed until asked for, then newest first.
    expect(
      screen.queryByRole('list', { name: 'Health history' }),
    ).not.toBeInTheDocument();
    const toggle = screen.getByRole('button', {
      name: 'Show history (3 changes)',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    const history = await screen.findByRole('list', { name: 'Health history' });
    const changes = within(history).getAllByRole('listitem');
    expect(changes).toHaveLength(3);
    expect(changes[0]).toHaveTextContent(
      'Data freshness: Last updated 3 days ago (1 day allowed)',
    );
    expect(changes[0]).toHaveTextContent('2025-03-02');
    expect(changes[1]).toHaveTextContent('Documentation: No description');
    expect(changes[2]).toHaveTextContent('Data freshness: Updated 2 hours ago');
    expect(
      screen.getByRole('button', { name: 'Hide history' }),
    ).toHaveAttribute('aria-expanded', 'true');
  });

  it('reads Passing when the only findings are advice', async () => {
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getHealth.mockResolvedValue({
      entityRef: ref,
      results: [
        {
          checkId: 'licence',
          title: 'Licence allowed',
          status: 'fail',
          severity: 'advice',
          message: 'No licence is declared',
          since: '2025-01-10T12:00:00.000Z',
        },
        {
          checkId: 'card-completeness',
          title: 'Card complete',
          status: 'warn',
          severity: 'advice',
          message: 'Card 60% complete',
          since: '2025-01-10T12:00:00.000Z',
        },
      ],
      history: [],
    } satisfies EntityHealth);
    await renderCard({ entity, ml });

    expect(
      (await screen.findByText('Passing')).closest('[data-status]'),
    ).toHaveAttribute('data-status', 'pass');
    expect(screen.getByText('2 pieces of advice')).toBeVisible();
    expect(
      screen.queryByRole('img', { name: 'error' }),
    ).not.toBeInTheDocument();
    expect(screen.getAllByRole('img', { name: 'advice' })).toHaveLength(2);
  });

  it('hides Re-run checks when the permission is denied', async () => {
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getHealth.mockResolvedValue(failing(ref));
    const { permissionApi } = await renderCard({
      entity,
      ml,
      permission: AuthorizeResult.DENY,
    });

    await screen.findByRole('list', { name: 'Check results' });
    await waitFor(() => expect(permissionApi.authorize).toHaveBeenCalled());
    await act(async () => {
      await permissionApi.authorize.mock.results[0].value;
    });
    expect(permissionApi.authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'ml.healthcheck.run' }),
        resourceRef: ref,
      }),
    );
    expect(
      screen.queryByRole('button', { name: 'Re-run checks' }),
    ).not.toBeInTheDocument();
  });

  it('hides Re-run checks while the permission is being checked', async () => {
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getHealth.mockResolvedValue(failing(ref));
    const { permissionApi } = await renderCard({
      entity,
      ml,
      permission: 'pending',
    });

    await screen.findByRole('list', { name: 'Check results' });
    await waitFor(() => expect(permissionApi.authorize).toHaveBeenCalled());
    expect(
      screen.queryByRole('button', { name: 'Re-run checks' }),
    ).not.toBeInTheDocument();
  });

  it('re-runs the checks, shows progress, then the new results', async () => {
    const user = userEvent.setup();
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getHealth.mockResolvedValue(failing(ref));
    const run = deferred<EntityHealth>();
    ml.runHealthChecks.mockReturnValue(run.promise);
    await renderCard({ entity, ml, permission: AuthorizeResult.ALLOW });

    await user.click(
      await screen.findByRole('button', { name: 'Re-run checks' }),
    );
    expect(ml.runHealthChecks).toHaveBeenCalledWith(ref);
    expect(
      screen.getByRole('button', { name: /Running checks/ }),
    ).toBeDisabled();
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();

    await act(async () => run.resolve(passing(ref)));
    expect(
      await screen.findByRole('button', { name: 'Re-run checks' }),
    ).toBeEnabled();
    expect(screen.getByText('Passing')).toBeInTheDocument();
    expect(screen.queryByText('Failing')).not.toBeInTheDocument();
    const items = within(
      screen.getByRole('list', { name: 'Check results' }),
    ).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent('Updated 10 minutes ago');
    expect(screen.getByText(/^checked/)).toHaveTextContent('checked now');
    expect(ml.getHealth).toHaveBeenCalledTimes(1);
  });

  it('runs the checks of an asset not checked yet', async () => {
    const user = userEvent.setup();
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getHealth.mockResolvedValue({
      entityRef: ref,
      results: [],
      history: [],
    });
    ml.runHealthChecks.mockResolvedValue(passing(ref));
    await renderCard({ entity, ml, permission: AuthorizeResult.ALLOW });

    await screen.findByText(
      'Not checked yet: the health sweep runs on a schedule.',
    );
    await user.click(
      await screen.findByRole('button', { name: 'Re-run checks' }),
    );
    expect(
      await screen.findByRole('list', { name: 'Check results' }),
    ).toHaveTextContent('Updated 10 minutes ago');
    expect(
      screen.queryByText(
        'Not checked yet: the health sweep runs on a schedule.',
      ),
    ).not.toBeInTheDocument();
  });

  it('shows a failed re-run without losing the previous results', async () => {
    const user = userEvent.setup();
    const { entity, ref } = newEntity();
    const ml = mockMlApi();
    ml.getHealth.mockResolvedValue(failing(ref));
    ml.runHealthChecks.mockRejectedValue(
      Object.assign(new Error('Request failed with 403 Forbidden'), {
        cause: new Error('NotAllowedError: ml.healthcheck.run denied'),
      }),
    );
    await renderCard({ entity, ml, permission: AuthorizeResult.ALLOW });

    await user.click(
      await screen.findByRole('button', { name: 'Re-run checks' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not re-run the checks: Request failed with 403 Forbidden: NotAllowedError: ml.healthcheck.run denied',
    );
    expect(screen.getByText('Failing')).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Check results' })).getAllByRole(
        'listitem',
      ),
    ).toHaveLength(4);
    expect(screen.getByRole('button', { name: 'Re-run checks' })).toBeEnabled();
  });
});
