import { Entity } from '@backstage/catalog-model';
import { alertApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  mlRegistrySyncPermission,
  type RegistryMetricHistoryResponse,
  type RegistryModel,
  type RegistryModelResponse,
  type RegistryState,
  type RegistryStatusResponse,
  type RegistrySyncRun,
} from '@ml-marketplace/plugin-ml-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mlApiRef } from '../../api';
import { formatDate, formatDateTime } from '../shared/entityCardFormat';
import { EntityVersionsCard } from './EntityVersionsCard';

// Records when the chart module (and with it recharts) is first loaded.
const mockChartModuleLoaded = jest.fn();
jest.mock('./MetricHistoryChart', () => {
  mockChartModuleLoaded();
  return jest.requireActual('./MetricHistoryChart');
});

// recharts' ResponsiveContainer measures its parent with a ResizeObserver,
// which jsdom lacks; this one reports a fixed size so the chart draws.
class FixedSizeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe() {
    this.callback(
      [{ contentRect: { width: 600, height: 240 } } as ResizeObserverEntry],
      this as unknown as ResizeObserver,
    );
  }
  unobserve() {}
  disconnect() {}
}

const originalResizeObserver = global.ResizeObserver;
beforeAll(() => {
  global.ResizeObserver =
    FixedSizeResizeObserver as unknown as typeof ResizeObserver;
});
afterAll(() => {
  global.ResizeObserver = originalResizeObserver;
});

// usePermission caches its answer per permission across renders (swr); this
// permission has no resource, so each test sets the answer on the hook itself.
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));
const mockUsePermission = usePermission as jest.MockedFunction<
  typeof usePermission
>;

const ref = 'model:default/churn-model';

const entity: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model', namespace: 'default' },
  spec: {
    owner: 'group:default/growth-ml',
    lifecycle: 'production',
    registry: { mlflow: { name: 'churn-model', alias: 'champion' } },
  },
};

function run(overrides: Partial<RegistrySyncRun> = {}): RegistrySyncRun {
  return {
    id: 7,
    registryId: 'prod',
    trigger: 'scheduled',
    status: 'succeeded',
    startedAt: '2025-03-02T10:00:00.000Z',
    finishedAt: '2025-03-02T10:01:00.000Z',
    modelsSeen: 4,
    modelsWritten: 1,
    modelsSkipped: 0,
    modelsDeleted: 0,
    skipped: [],
    ...overrides,
  };
}

function registry(overrides: Partial<RegistryState> = {}): RegistryState {
  return {
    id: 'prod',
    type: 'mlflow',
    location: 'https://mlflow.example.com',
    lastRun: run(),
    lastSuccess: run(),
    models: 4,
    ...overrides,
  };
}

const MODEL_URL = 'https://mlflow.example.com/#/models/churn-model';
const RUN_URL = 'https://mlflow.example.com/#/experiments/1/runs/abcdef';

const registeredModel: RegistryModel = {
  name: 'churn-model',
  tags: {},
  aliases: { champion: '3', latest: '3', challenger: '2' },
  url: MODEL_URL,
  // Out of order on purpose: the card shows the newest first.
  versions: [
    {
      version: '2',
      aliases: ['challenger'],
      stage: 'None',
      status: 'PENDING_REGISTRATION',
      tags: {},
      run: {
        id: '0123456789abcdef',
        unavailable: 'The run was deleted',
        metrics: {},
        params: {},
        datasets: [],
      },
    },
    {
      version: '3',
      aliases: ['champion', 'latest'],
      stage: 'Production',
      status: 'READY',
      description: 'Adds engagement trends',
      createdAt: '2025-03-01T10:00:00.000Z',
      tags: {},
      run: {
        id: 'abcdef1234567890',
        name: 'bold-owl-42',
        url: RUN_URL,
        metrics: { auc: 0.912345, logloss: null, f1: 0.8, recall: 0.7 },
        params: {},
        datasets: [
          { name: 'customers', context: 'training' },
          { name: 'holdout', context: 'evaluation' },
          { name: 'events' },
        ],
      },
    },
    { version: '1', aliases: [], tags: {} },
  ],
};

function content(
  overrides: Partial<RegistryModelResponse> = {},
): RegistryModelResponse {
  return {
    entityRef: ref,
    declared: { type: 'mlflow', name: 'churn-model', alias: 'champion' },
    registry: registry(),
    model: registeredModel,
    syncedAt: '2025-03-02T10:01:00.000Z',
    ...overrides,
  };
}

function mockMlApi() {
  return {
    getRegistryModel: jest.fn(),
    getRegistryStatus: jest.fn(),
    syncRegistry: jest.fn(),
    getMetricHistory: jest.fn(),
  };
}

const statusWith = (lastRun: RegistrySyncRun): RegistryStatusResponse => ({
  registries: [registry({ lastRun })],
});

async function conflict(): Promise<ResponseError> {
  const body = {
    error: { name: 'ConflictError', message: 'A sync of prod is running' },
    response: { statusCode: 409 },
  };
  return ResponseError.fromResponse({
    status: 409,
    statusText: 'Conflict',
    ok: false,
    url: 'http://localhost/api/ml/registry/sync?registryId=prod',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => JSON.stringify(body),
  } as unknown as Response);
}

async function noSyncedRun(): Promise<ResponseError> {
  const body = {
    error: {
      name: 'NotFoundError',
      message: 'Version 3 of churn-model has no synced run',
    },
    response: { statusCode: 404 },
  };
  return ResponseError.fromResponse({
    status: 404,
    statusText: 'Not Found',
    ok: false,
    url: 'http://localhost/api/ml/registry/metric-history',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => JSON.stringify(body),
  } as unknown as Response);
}

async function forbidden(): Promise<ResponseError> {
  const body = {
    error: {
      name: 'NotAllowedError',
      message:
        'You may not start a registry sync: the ml.registry.sync permission was denied',
    },
    response: { statusCode: 403 },
  };
  return ResponseError.fromResponse({
    status: 403,
    statusText: 'Forbidden',
    ok: false,
    url: 'http://localhost/api/ml/registry/sync?registryId=prod',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => JSON.stringify(body),
  } as unknown as Response);
}

async function renderCard(options: {
  ml: ReturnType<typeof mockMlApi>;
  canSync?: boolean;
  entity?: Entity;
}) {
  mockUsePermission.mockReturnValue({
    loading: false,
    allowed: options.canSync ?? false,
  });
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [mlApiRef, options.ml],
        [alertApiRef, alertApi],
      ]}
    >
      <EntityProvider entity={options.entity ?? entity}>
        <EntityVersionsCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return { alertApi };
}

/** The text of a YAML snippet. */
const findSnippet = (pattern: RegExp) =>
  screen.findByText(
    (_, element) =>
      element?.tagName === 'CODE' && pattern.test(element.textContent ?? ''),
  );

const dataRows = () =>
  within(screen.getByRole('table', { name: 'Model versions' }))
    .getAllByRole('row')
    .slice(1);

// Clicking through the sync flow is slow on a busy machine.
jest.setTimeout(20_000);

afterEach(() => {
  jest.useRealTimers();
  mockUsePermission.mockReset();
});

describe('EntityVersionsCard', () => {
  it('shows progress while loading', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockReturnValue(new Promise(() => {}));
    await renderCard({ ml });
    expect(screen.getByText('Versions')).toBeInTheDocument();
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(ml.getRegistryModel).toHaveBeenCalledWith(ref);
  });

  it('shows the error when the registry model cannot be loaded', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockRejectedValue(new Error('backend unavailable'));
    await renderCard({ ml });
    expect(
      (await screen.findAllByText(/backend unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('explains spec.registry.mlflow and ml.registries.mlflow[] when the model names no registered model', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue({ entityRef: ref });
    await renderCard({ ml, canSync: true });
    expect(
      await screen.findByText('Not linked to a registry'),
    ).toBeInTheDocument();
    expect(screen.getByText('spec.registry.mlflow')).toBeInTheDocument();
    expect(screen.getByText('ml.registries.mlflow[]')).toBeInTheDocument();
    expect(
      await findSnippet(
        /registry:[\s\S]*mlflow:[\s\S]*name: churn-model[\s\S]*alias: champion[\s\S]*instance: default/,
      ),
    ).toBeInTheDocument();
    expect(
      await findSnippet(/registries:[\s\S]*mlflow:[\s\S]*- id: default/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    // No registry to sync.
    expect(
      screen.queryByRole('button', { name: 'Sync now' }),
    ).not.toBeInTheDocument();
  });

  it('shows the problem and the app-config fix when the instance is not configured', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue({
      entityRef: ref,
      declared: { type: 'mlflow', name: 'churn-model', instance: 'staging' },
      problem:
        'names mlflow instance "staging", but no registry with that id is configured (ml.registries.mlflow[].id: "prod")',
    });
    await renderCard({ ml });
    const panel = await screen.findByRole('alert');
    expect(
      within(panel).getByText('Warning: Versions cannot be shown'),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(
        'This model\'s registry link cannot be served: names mlflow instance "staging", but no registry with that id is configured (ml.registries.mlflow[].id: "prod").',
      ),
    ).toBeInTheDocument();
    expect(
      await findSnippet(/registries:[\s\S]*mlflow:[\s\S]*- id: staging/),
    ).toBeInTheDocument();
  });

  it('shows the problem and how to fix the name when the registry lacks the model', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue({
      entityRef: ref,
      declared: { type: 'mlflow', name: 'Churn-Model' },
      registry: registry(),
      problem: 'registry "prod" holds no registered model named "Churn-Model"',
    });
    await renderCard({ ml, canSync: true });
    const panel = await screen.findByRole('alert');
    expect(
      within(panel).getByText(
        /registry "prod" holds no registered model named "Churn-Model"/,
      ),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(/names are case-sensitive/).textContent,
    ).toBe(
      `Fix: check spec.registry.mlflow.name (now Churn-Model) against the registered model's name in MLflow (names are case-sensitive), or register the model there; the next sync picks it up.`,
    );
    // A sync may pick the model up once it is registered.
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  });

  it('says the registry has not been synced yet, with the last run error', async () => {
    const ml = mockMlApi();
    const failed = run({
      status: 'failed',
      error: 'connect ECONNREFUSED 10.0.0.5:5000',
    });
    ml.getRegistryModel.mockResolvedValue({
      entityRef: ref,
      declared: { type: 'mlflow', name: 'churn-model' },
      registry: registry({ lastRun: failed, lastSuccess: undefined }),
    });
    await renderCard({ ml });
    const panel = await screen.findByRole('alert');
    expect(within(panel).getByText('Info: Not synced yet')).toBeInTheDocument();
    const message = within(panel).getByText(/has not been synced/);
    expect(message.textContent).toBe(
      `Registry "prod" has not been synced successfully yet; the versions of churn-model appear after its first successful sync. The last run (failed, ${formatDateTime(
        failed.finishedAt!,
      )}) failed: connect ECONNREFUSED 10.0.0.5:5000`,
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the versions newest first with aliases, stage, status, changelog, run, metrics and training data', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(content());
    await renderCard({ ml });

    expect(
      await screen.findByRole('table', { name: 'Model versions' }),
    ).toBeInTheDocument();
    const rows = dataRows();
    expect(rows.map(r => r.getAttribute('data-version'))).toEqual([
      '3',
      '2',
      '1',
    ]);

    const [v3, v2, v1] = rows.map(r => within(r));
    // The declared alias stands out; the others do not.
    expect(v3.getByText('champion').closest('[data-declared]')).not.toBeNull();
    expect(v3.getByText('latest').closest('[data-declared]')).toBeNull();
    expect(v3.getByText('Production')).toBeInTheDocument();
    expect(
      v3.getByText(formatDate('2025-03-01T10:00:00.000Z')),
    ).toHaveAttribute('datetime', '2025-03-01T10:00:00.000Z');
    expect(v3.getByText('Adds engagement trends')).toBeInTheDocument();
    expect(v3.getByRole('link', { name: /bold-owl-42/ })).toHaveAttribute(
      'href',
      RUN_URL,
    );
    // The first three metrics; NaN for what the registry could not give as a number.
    expect(within(rows[0]).getAllByRole('cell')[6].textContent).toBe(
      'auc=0.9123, logloss=not a number (logged as NaN), f1=0.8, +1 more',
    );
    // Each shown metric opens its history; the hidden ones do not.
    expect(
      v3
        .getAllByRole('button', { name: /over the steps of version 3$/ })
        .map(b => b.textContent),
    ).toEqual(['auc', 'logloss', 'f1']);
    // Training inputs (and inputs without a context), not evaluation ones.
    expect(rows[0].textContent).toContain('customers, events');
    expect(rows[0].textContent).not.toContain('holdout');
    // READY is not worth a mention.
    expect(v3.queryByText('ready')).not.toBeInTheDocument();

    expect(v2.getByText('challenger')).toBeInTheDocument();
    expect(v2.getByText('pending registration')).toBeInTheDocument();
    expect(v2.getByText('01234567 (unavailable)')).toBeInTheDocument();
    expect(v2.queryByText('None')).not.toBeInTheDocument();
    expect(v2.queryByRole('link')).not.toBeInTheDocument();

    expect(rows[2].textContent).toBe('1——————');
    expect(v1.queryByRole('link')).not.toBeInTheDocument();

    // The header links to the model in the registry and says when it was synced.
    const subheader = screen.getByTestId('info-card-subheader');
    expect(
      within(subheader).getByRole('link', { name: /churn-model/ }),
    ).toHaveAttribute('href', MODEL_URL);
    expect(subheader.textContent).toContain('in registry "prod"');
    expect(subheader.textContent).toContain(
      `synced ${formatDateTime('2025-03-02T10:01:00.000Z')}`,
    );
    // The sync state is always shown.
    expect(screen.getByTestId('registry-sync-state').textContent).toBe(
      `Last sync ran at ${formatDateTime('2025-03-02T10:01:00.000Z')}.`,
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says how to use it: the registry URI of the serving alias and a load snippet', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(content());
    await renderCard({ ml });

    const usage = await screen.findByRole('region', { name: 'How to use' });
    expect(usage).toHaveTextContent(
      'models:/churn-model@champion is alias champion',
    );
    expect(within(usage).getByTestId('usage-snippet')).toHaveTextContent(
      'mlflow.set_tracking_uri("https://mlflow.example.com")',
    );
  });

  it('marks the pinned version and warns when the declared alias is not set', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(
      content({
        declared: {
          type: 'mlflow',
          name: 'churn-model',
          alias: 'prod',
          version: '2',
        },
      }),
    );
    await renderCard({ ml });
    await screen.findByRole('table', { name: 'Model versions' });
    expect(within(dataRows()[1]).getByText('pinned')).toBeInTheDocument();
    expect(
      screen.getByText('Warning: Alias "prod" is not set in the registry'),
    ).toBeInTheDocument();
  });

  it('says the model has no versions yet', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(
      content({ model: { ...registeredModel, versions: [] } }),
    );
    await renderCard({ ml });
    expect(
      await screen.findByText('No versions registered yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('MLflow model churn-model has no versions yet.'),
    ).toBeInTheDocument();
  });

  it('warns that the last sync failed and which data it shows', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(
      content({
        registry: registry({
          lastRun: run({
            id: 8,
            status: 'failed',
            startedAt: '2025-03-03T10:00:00.000Z',
            finishedAt: '2025-03-03T10:00:30.000Z',
            error: 'MLflow answered 503',
          }),
        }),
      }),
    );
    await renderCard({ ml });
    const panel = await screen.findByRole('alert');
    expect(
      within(panel).getByText('Warning: Last sync failed'),
    ).toBeInTheDocument();
    expect(within(panel).getByText(/MLflow answered 503/).textContent).toBe(
      `Last sync failed at ${formatDateTime(
        '2025-03-03T10:00:30.000Z',
      )}: MLflow answered 503. Showing data from ${formatDateTime(
        '2025-03-02T10:01:00.000Z',
      )}.`,
    );
    // The last good copy is still shown.
    expect(
      screen.getByRole('table', { name: 'Model versions' }),
    ).toBeInTheDocument();
  });

  it('says when the registry stopped listing the model', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(
      content({ deletedAt: '2025-03-02T10:01:00.000Z' }),
    );
    await renderCard({ ml });
    const panel = await screen.findByRole('alert');
    expect(
      within(panel).getByText('Warning: No longer in the registry'),
    ).toBeInTheDocument();
    expect(within(panel).getByText(/no longer lists/).textContent).toBe(
      `Registry "prod" no longer lists churn-model since ${formatDateTime(
        '2025-03-02T10:01:00.000Z',
      )}; these are the versions last synced.`,
    );
    expect(
      screen.getByRole('table', { name: 'Model versions' }),
    ).toBeInTheDocument();
  });

  it('hides Sync now from users the permission denies', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(content());
    await renderCard({ ml, canSync: false });
    await screen.findByRole('table', { name: 'Model versions' });
    expect(mockUsePermission).toHaveBeenCalledWith({
      permission: mlRegistrySyncPermission,
    });
    expect(
      screen.queryByRole('button', { name: 'Sync now' }),
    ).not.toBeInTheDocument();
  });

  it('syncs now, follows the run until it finishes and reloads', async () => {
    jest.useFakeTimers();
    const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
    const ml = mockMlApi();
    ml.getRegistryModel
      .mockResolvedValueOnce(content())
      .mockResolvedValue(content({ syncedAt: '2025-03-04T09:00:00.000Z' }));
    ml.syncRegistry.mockResolvedValue({
      id: 9,
      registryId: 'prod',
      status: 'running',
    });
    ml.getRegistryStatus
      .mockResolvedValueOnce(statusWith(run({ id: 9, status: 'running' })))
      .mockResolvedValue(statusWith(run({ id: 9, status: 'succeeded' })));
    const { alertApi } = await renderCard({ ml, canSync: true });

    await user.click(await screen.findByRole('button', { name: 'Sync now' }));
    expect(ml.syncRegistry).toHaveBeenCalledWith('prod');
    const busy = await screen.findByRole('button', { name: 'Syncing…' });
    expect(busy).toBeDisabled();

    await act(async () => {
      await jest.advanceTimersByTimeAsync(2000);
    });
    expect(ml.getRegistryStatus).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Syncing…' })).toBeDisabled();

    await act(async () => {
      await jest.advanceTimersByTimeAsync(2000);
    });
    expect(ml.getRegistryStatus).toHaveBeenCalledTimes(2);
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Sync now' })).toBeEnabled(),
    );
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'Registry "prod" synced.',
        severity: 'success',
      }),
    );
    await waitFor(() => expect(ml.getRegistryModel).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(screen.getByTestId('info-card-subheader').textContent).toContain(
        formatDateTime('2025-03-04T09:00:00.000Z'),
      ),
    );
  });

  it('stops following a sync after a minute and says it still runs', async () => {
    jest.useFakeTimers();
    const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(content());
    ml.syncRegistry.mockResolvedValue({
      id: 9,
      registryId: 'prod',
      status: 'running',
    });
    ml.getRegistryStatus.mockResolvedValue(
      statusWith(run({ id: 9, status: 'running' })),
    );
    const { alertApi } = await renderCard({ ml, canSync: true });

    await user.click(await screen.findByRole('button', { name: 'Sync now' }));
    await act(async () => {
      await jest.advanceTimersByTimeAsync(62_000);
    });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Sync now' })).toBeEnabled(),
    );
    expect(ml.getRegistryStatus).toHaveBeenCalledTimes(30);
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message: expect.stringContaining('is still running'),
        severity: 'info',
      }),
    );
  });

  it('alerts that a sync is already running (409) and reloads', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(content());
    ml.syncRegistry.mockRejectedValue(await conflict());
    const { alertApi } = await renderCard({ ml, canSync: true });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Sync now' }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        message:
          'A sync of registry "prod" is already running; try again when it has finished.',
        severity: 'warning',
        display: 'transient',
      }),
    );
    expect(ml.getRegistryStatus).not.toHaveBeenCalled();
    await waitFor(() => expect(ml.getRegistryModel).toHaveBeenCalledTimes(2));
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  });

  it('alerts with the backend message when the sync is forbidden (403)', async () => {
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(content());
    ml.syncRegistry.mockRejectedValue(await forbidden());
    const { alertApi } = await renderCard({ ml, canSync: true });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Sync now' }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        message:
          'You may not start a registry sync: Request failed with 403 Forbidden: You may not start a registry sync: the ml.registry.sync permission was denied',
        severity: 'error',
      }),
    );
  });

  it('alerts when the sync fails', async () => {
    jest.useFakeTimers();
    const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(content());
    ml.syncRegistry.mockResolvedValue({
      id: 9,
      registryId: 'prod',
      status: 'running',
    });
    ml.getRegistryStatus.mockResolvedValue(
      statusWith(
        run({ id: 9, status: 'failed', error: 'MLflow answered 503' }),
      ),
    );
    const { alertApi } = await renderCard({ ml, canSync: true });

    await user.click(await screen.findByRole('button', { name: 'Sync now' }));
    await act(async () => {
      await jest.advanceTimersByTimeAsync(2000);
    });
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        message: 'The sync of registry "prod" failed: MLflow answered 503',
        severity: 'error',
      }),
    );
  });

  it('explains itself on an entity that is not a Model and calls no API', async () => {
    const ml = mockMlApi();
    await renderCard({
      ml,
      entity: {
        apiVersion: 'ml-marketplace.io/v1alpha1',
        kind: 'Dataset',
        metadata: { name: 'customers' },
        spec: { owner: 'data', lifecycle: 'production' },
      },
    });
    expect(
      screen.getByText(
        'Registry versions are shown for Model entities; this entity is a Dataset.',
      ),
    ).toBeInTheDocument();
    expect(ml.getRegistryModel).not.toHaveBeenCalled();
  });
});

describe('EntityVersionsCard metric history', () => {
  const history = (
    points: RegistryMetricHistoryResponse['points'],
  ): RegistryMetricHistoryResponse => ({
    entityRef: ref,
    version: '3',
    metric: 'auc',
    runId: 'abcdef1234567890',
    points,
  });

  async function openHistory(ml: ReturnType<typeof mockMlApi>) {
    ml.getRegistryModel.mockResolvedValue(content());
    await renderCard({ ml });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'auc over the steps of version 3',
      }),
    );
    return screen.findByRole('dialog', {
      name: 'auc over the steps of version 3',
    });
  }

  // Keep before the test that draws a chart: the module registry lives per file.
  it('shows the only value logged, without loading the chart', async () => {
    const ml = mockMlApi();
    ml.getMetricHistory.mockResolvedValue(history([{ step: 0, value: 0.91 }]));
    const dialog = await openHistory(ml);
    expect(
      await within(dialog).findByText('Only one value was logged'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/auc was 0\.91 at step 0/),
    ).toBeInTheDocument();
    const table = within(dialog).getByRole('table', { name: 'auc by step' });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(r => r.textContent),
    ).toEqual(['00.91']);
    expect(within(dialog).queryByRole('figure')).not.toBeInTheDocument();
    expect(mockChartModuleLoaded).not.toHaveBeenCalled();
  });

  it('shows the error when the history cannot be read', async () => {
    const ml = mockMlApi();
    ml.getMetricHistory.mockRejectedValue(await noSyncedRun());
    const dialog = await openHistory(ml);
    expect(
      (await within(dialog).findAllByText(/has no synced run/)).length,
    ).toBeGreaterThan(0);
    expect(within(dialog).queryByRole('table')).not.toBeInTheDocument();
    // The card behind stays as it was.
    expect(
      screen.getByRole('table', { name: 'Model versions', hidden: true }),
    ).toBeInTheDocument();
    // Escape closes it too.
    await userEvent.keyboard('{Escape}');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('opens from the keyboard, loads the history of that metric and version, draws it and closes', async () => {
    const user = userEvent.setup();
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(content());
    ml.getMetricHistory.mockResolvedValue(
      history([
        { step: 0, value: 0.71, timestamp: '2025-03-01T09:00:00.000Z' },
        { step: 1, value: null },
        { step: 2, value: 0.912345 },
      ]),
    );
    await renderCard({ ml });

    const trigger = await screen.findByRole('button', {
      name: 'auc over the steps of version 3',
    });
    trigger.focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', {
      name: 'auc over the steps of version 3',
    });
    expect(ml.getMetricHistory).toHaveBeenCalledWith({
      entityRef: ref,
      version: '3',
      metric: 'auc',
    });

    const table = await within(dialog).findByRole('table', {
      name: 'auc by step',
    });
    const rows = within(table).getAllByRole('row');
    expect(
      within(rows[0])
        .getAllByRole('columnheader')
        .map(c => c.textContent),
    ).toEqual(['Step', 'Value']);
    expect(
      rows.slice(1).map(r =>
        within(r)
          .getAllByRole('cell')
          .map(c => c.textContent),
      ),
    ).toEqual([
      ['0', '0.71'],
      ['1', 'not a number (logged as NaN)'],
      ['2', '0.9123'],
    ]);
    expect(
      within(dialog).queryByText(/Only one value/),
    ).not.toBeInTheDocument();

    // The chart is loaded lazily, when there is a line to draw.
    expect(
      await within(dialog).findByRole('figure', { name: 'auc by step' }),
    ).toBeInTheDocument();
    expect(mockChartModuleLoaded).toHaveBeenCalledTimes(1);
    await waitFor(() =>
      expect(
        document.querySelectorAll('.recharts-line-curve').length,
      ).toBeGreaterThan(0),
    );

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    // Focus goes back to the metric that opened it.
    expect(trigger).toHaveFocus();
    expect(ml.getMetricHistory).toHaveBeenCalledTimes(1);
  });

  it("shows a metric's values across versions beside the steps of one run", async () => {
    const user = userEvent.setup();
    const ml = mockMlApi();
    ml.getRegistryModel.mockResolvedValue(
      content({
        model: {
          ...registeredModel,
          versions: registeredModel.versions.map(v =>
            v.version === '1'
              ? {
                  ...v,
                  run: {
                    id: 'r1',
                    metrics: { auc: 0.84 },
                    params: {},
                    datasets: [],
                  },
                }
              : v,
          ),
        },
      }),
    );
    ml.getMetricHistory.mockResolvedValue(
      history([{ step: 0, value: 0.912345 }]),
    );
    await renderCard({ ml });
    await user.click(
      await screen.findByRole('button', {
        name: 'auc over the steps of version 3',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const table = await within(dialog).findByRole('table', {
      name: 'auc by version',
    });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(r =>
          within(r)
            .getAllByRole('cell')
            .map(c => c.textContent),
        ),
    ).toEqual([
      ['1', '0.84'],
      ['3', '0.9123'],
    ]);
    expect(
      await within(dialog).findByRole('figure', { name: 'auc by version' }),
    ).toBeInTheDocument();
  });
});
