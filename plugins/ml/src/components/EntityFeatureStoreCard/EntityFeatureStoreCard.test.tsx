import { Entity } from '@backstage/catalog-model';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type {
  FeatureStoreView,
  FeatureStoreViewResponse,
  RegistryState,
  RegistrySyncRun,
} from '@ml-marketplace/plugin-ml-common';
import { screen, within } from '@testing-library/react';
import { mlApiRef } from '../../api';
import { formatDate, formatDateTime } from '../shared/entityCardFormat';
import { EntityFeatureStoreCard } from './EntityFeatureStoreCard';

const ref = 'feature:default/customer-activity';

const entity: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Feature',
  metadata: { name: 'customer-activity', namespace: 'default' },
  spec: {
    owner: 'group:default/ml-platform',
    lifecycle: 'production',
    entities: ['customer_id'],
    store: 'both',
    ttl: 'P1D',
    features: [
      { name: 'sessions_30d', dtype: 'int64' },
      { name: 'page_views_30d', dtype: 'int64' },
      { name: 'purchases_30d', dtype: 'int64' },
    ],
    registry: {
      feast: {
        project: 'ml_marketplace_demo',
        featureView: 'customer_activity',
      },
    },
  },
};

const HOUR = 3600 * 1000;
const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * HOUR).toISOString();

function run(overrides: Partial<RegistrySyncRun> = {}): RegistrySyncRun {
  return {
    id: 12,
    registryId: 'demo',
    trigger: 'scheduled',
    status: 'succeeded',
    startedAt: '2025-03-02T10:00:00.000Z',
    finishedAt: '2025-03-02T10:01:00.000Z',
    modelsSeen: 4,
    modelsWritten: 4,
    modelsSkipped: 0,
    modelsDeleted: 0,
    skipped: [],
    ...overrides,
  };
}

function registry(overrides: Partial<RegistryState> = {}): RegistryState {
  return {
    id: 'demo',
    type: 'feast',
    location: 'http://localhost:6572',
    lastRun: run(),
    lastSuccess: run(),
    models: 4,
    ...overrides,
  };
}

function view(overrides: Partial<FeatureStoreView> = {}): FeatureStoreView {
  return {
    project: 'ml_marketplace_demo',
    name: 'customer_activity',
    type: 'featureView',
    description: 'Rolling 30-day engagement counts per customer',
    owner: 'group:default/ml-platform',
    tags: { owner: 'group:default/ml-platform', domain: 'customers' },
    entities: ['customer'],
    joinKeys: ['customer_id'],
    features: [
      {
        name: 'sessions_30d',
        type: 'INT64',
        description: 'Sessions in the last 30 days',
      },
      {
        name: 'page_views_30d',
        type: 'INT64',
        description: 'Page views in the last 30 days',
      },
      { name: 'purchases_30d', type: 'INT64' },
    ],
    ttlSeconds: 86_400,
    online: true,
    source: {
      name: 'customer_activity',
      type: 'BATCH_FILE',
      uri: 'data/customer_activity.parquet',
    },
    createdAt: '2025-02-01T09:00:00.000Z',
    updatedAt: '2025-02-20T09:00:00.000Z',
    materializedUntil: hoursAgo(2),
    ...overrides,
  };
}

const SYNCED_AT = '2025-03-02T10:01:00.000Z';

function content(
  overrides: Partial<FeatureStoreViewResponse> = {},
): FeatureStoreViewResponse {
  const v = overrides.view ?? view();
  return {
    entityRef: ref,
    declared: {
      type: 'feast',
      project: 'ml_marketplace_demo',
      featureView: 'customer_activity',
    },
    registry: registry(),
    view: v,
    syncedAt: SYNCED_AT,
    services: [
      {
        project: 'ml_marketplace_demo',
        name: 'churn_features',
        description: 'What the churn model reads',
        owner: 'group:default/growth-ml',
        tags: {},
        featureViews: ['customer_activity', 'basket_signals'],
      },
    ],
    freshness: {
      materializedUntil: v.materializedUntil,
      limitSeconds: 86_400,
      limitFrom: 'view ttl',
      status: 'fresh',
    },
    differences: [],
    consumers: [
      {
        registryId: 'prod',
        model: 'churn-model',
        version: '2',
        entityRef: 'model:default/churn-model',
        featureService: 'churn_features',
      },
      {
        registryId: 'prod',
        model: 'churn-model',
        version: '3',
        entityRef: 'model:default/churn-model',
        featureService: 'churn_features',
      },
      { registryId: 'prod', model: 'upsell-scorer', version: '1' },
    ],
    ...overrides,
  };
}

function mockMlApi(answer?: Promise<FeatureStoreViewResponse>) {
  return {
    getFeatureStoreView: jest.fn(
      (): Promise<FeatureStoreViewResponse> => answer ?? new Promise(() => {}),
    ),
  };
}

async function renderCard(
  ml: ReturnType<typeof mockMlApi>,
  options: { entity?: Entity } = {},
) {
  await renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, ml]]}>
      <EntityProvider entity={options.entity ?? entity}>
        <EntityFeatureStoreCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const render = (value: FeatureStoreViewResponse) =>
  renderCard(mockMlApi(Promise.resolve(value)));

/** The text of a YAML snippet. */
const findSnippet = (pattern: RegExp) =>
  screen.findByText(
    (_, element) =>
      element?.tagName === 'CODE' && pattern.test(element.textContent ?? ''),
  );

const featureRow = (name: string) =>
  within(screen.getByRole('table', { name: 'Features in the store' }))
    .getAllByRole('row')
    .find(row => row.getAttribute('data-feature') === name)!;

const cells = (name: string) =>
  within(featureRow(name))
    .getAllByRole('cell')
    .map(c => c.textContent);

const freshness = () => screen.getByTestId('feature-store-freshness');

describe('EntityFeatureStoreCard', () => {
  it('shows progress while the view loads', async () => {
    const pending = mockMlApi();
    await renderCard(pending);
    expect(screen.getByText('Feature store')).toBeInTheDocument();
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(pending.getFeatureStoreView).toHaveBeenCalledWith(ref);
  });

  it('shows the error when the view cannot be loaded', async () => {
    await renderCard(mockMlApi(Promise.reject(new Error('backend down'))));
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows a fresh synced view: facts, freshness, features, join keys, TTL, source, tags, services and the models reading it', async () => {
    const value = content();
    await render(value);

    expect(
      await screen.findByRole('table', { name: 'Features in the store' }),
    ).toBeInTheDocument();
    // The header line.
    expect(
      screen.getByText(/^Feast feature view/).closest('span')!.textContent,
    ).toBe(
      'Feast feature view ml_marketplace_demo / customer_activity in feature store "demo"',
    );
    expect(
      screen.getByText('Rolling 30-day engagement counts per customer'),
    ).toBeInTheDocument();
    expect(screen.getByText('Batch feature view')).toBeInTheDocument();
    expect(screen.getByText('Online and offline')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'group:default/ml-platform' }),
    ).toHaveAttribute('href', '/catalog/default/group/ml-platform');
    expect(
      screen.getByText(formatDate('2025-02-01T09:00:00.000Z')),
    ).toHaveAttribute('datetime', '2025-02-01T09:00:00.000Z');
    expect(
      screen.getByText(formatDate('2025-02-20T09:00:00.000Z')),
    ).toHaveAttribute('datetime', '2025-02-20T09:00:00.000Z');

    // Freshness in words.
    expect(freshness()).toHaveAttribute('data-status', 'fresh');
    expect(freshness().textContent).toBe(
      `Fresh: materialized up to 2 hours ago (${formatDateTime(
        value.view!.materializedUntil!,
      )}); allowed 1 day (view TTL).`,
    );
    // Sync state.
    expect(screen.getByTestId('feature-store-sync-state').textContent).toBe(
      `Last synced from feature store "demo" at ${formatDateTime(
        '2025-03-02T10:01:00.000Z',
      )}; the view last changed at ${formatDateTime(SYNCED_AT)}.`,
    );
    expect(
      screen.getByText('The catalog matches the store.'),
    ).toBeInTheDocument();

    // Features as the store has them, none marked.
    expect(cells('sessions_30d')).toEqual([
      'sessions_30d',
      'INT64',
      'Sessions in the last 30 days',
    ]);
    expect(cells('purchases_30d')).toEqual([
      'purchases_30d',
      'INT64',
      'not described',
    ]);

    expect(screen.getByText('customer (customer_id)')).toBeInTheDocument();
    expect(screen.getByText('1 day')).toBeInTheDocument();
    expect(
      screen.getByText('data/customer_activity.parquet'),
    ).toBeInTheDocument();
    expect(screen.getByText('(BATCH_FILE)')).toBeInTheDocument();
    expect(
      screen.getByText('owner: group:default/ml-platform'),
    ).toBeInTheDocument();
    expect(screen.getByText('domain: customers')).toBeInTheDocument();

    const services = within(
      screen.getByRole('region', { name: 'Feature services' }),
    );
    expect(services.getByText('churn_features')).toBeInTheDocument();
    expect(
      services.getByText(/What the churn model reads/),
    ).toBeInTheDocument();
    expect(services.getByText(/^Reads views/).textContent).toBe(
      'Reads views customer_activity, basket_signals; owner in the store: group:default/growth-ml',
    );

    const models = screen.getByRole('region', { name: 'Models reading it' });
    expect(within(models).getByText(/^From the registry:/)).toBeInTheDocument();
    const items = within(models).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      'churn-model — versions 3, 2 of churn-model in registry "prod", through feature service churn_features',
      'upsell-scorer — version 1 in registry "prod" (no Model entity names it)',
    ]);
    expect(
      within(items[0]).getByRole('link', { name: 'churn-model' }),
    ).toHaveAttribute('href', '/catalog/default/model/churn-model');
    expect(within(items[1]).queryByRole('link')).not.toBeInTheDocument();
    // Nothing alarming on a healthy view.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('counts the models the viewer may not see without naming them', async () => {
    await render(content({ consumers: [], hiddenConsumers: 2 }));
    const section = await screen.findByRole('region', {
      name: 'Models reading it',
    });
    expect(section).toHaveTextContent(
      '2 more models read it that are not visible to you.',
    );
    expect(section).not.toHaveTextContent("No registered model's runs");
  });

  it('says a view is stale when its last materialization is older than it may be', async () => {
    const materializedUntil = hoursAgo(72);
    await render(
      content({
        view: view({ materializedUntil }),
        freshness: {
          materializedUntil,
          limitSeconds: 86_400,
          limitFrom: 'view ttl',
          status: 'stale',
        },
      }),
    );
    await screen.findByTestId('feature-store-freshness');
    expect(freshness()).toHaveAttribute('data-status', 'stale');
    expect(freshness().textContent).toBe(
      `Stale: materialized up to 3 days ago (${formatDateTime(
        materializedUntil,
      )}), longer ago than the allowed 1 day (view TTL). The next materialization (feast materialize-incremental) brings the online values up to date.`,
    );
    // A line, not a red panel.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('warns about a view never materialized, and judges no freshness without an allowed age or online store', async () => {
    await render(
      content({
        view: view({ materializedUntil: undefined }),
        freshness: {
          limitSeconds: 3600,
          limitFrom: 'entity ttl',
          status: 'never',
        },
      }),
    );
    await screen.findByTestId('feature-store-freshness');
    expect(freshness()).toHaveAttribute('data-status', 'never');
    expect(freshness().textContent).toBe(
      "Never materialized: the online store holds no values of this view yet; allowed 1 hour (the entity's ttl). Run feast materialize-incremental to load them.",
    );
  });

  it('says an offline-only view has no online freshness', async () => {
    await render(
      content({
        view: view({ online: false, materializedUntil: undefined }),
        freshness: { status: 'unknown' },
      }),
    );
    expect(await screen.findByText('Offline only')).toBeInTheDocument();
    expect(freshness().textContent).toBe(
      'Offline only: the view is not loaded into an online store, so the freshness of online values does not apply.',
    );
  });

  it('lists where the catalog and the store differ and marks the features only one of them has', async () => {
    await render(
      content({
        view: view({
          features: [
            { name: 'sessions_30d', type: 'INT64' },
            { name: 'page_views_30d', type: 'INT64' },
            { name: 'churn_score', type: 'DOUBLE' },
          ],
        }),
        differences: [
          {
            feature: 'churn_score',
            message: 'the store has it; spec.features does not declare it',
          },
          {
            feature: 'purchases_30d',
            message:
              'purchases_30d is declared in spec.features but the view has no such feature',
          },
          {
            message:
              'the store records owner group:default/growth-ml; the entity says group:default/ml-platform',
          },
        ],
      }),
    );
    const section = await screen.findByRole('region', {
      name: 'Where the catalog and the store differ',
    });
    expect(
      within(section)
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual([
      'churn_score: the store has it; spec.features does not declare it',
      'purchases_30d is declared in spec.features but the view has no such feature',
      'the store records owner group:default/growth-ml; the entity says group:default/ml-platform',
    ]);
    expect(
      screen.queryByText('The catalog matches the store.'),
    ).not.toBeInTheDocument();
    // Warnings, not errors.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    expect(cells('churn_score')).toEqual([
      'churn_scorenot declared',
      'DOUBLE',
      'not described',
    ]);
    expect(cells('purchases_30d')).toEqual([
      'purchases_30dnot in the store',
      '— (declared int64)',
      'not described',
    ]);
    expect(cells('sessions_30d')[0]).toBe('sessions_30d');
  });

  it('says when the view was removed from the store and that the data is the last copy', async () => {
    const deletedAt = '2025-03-05T08:00:00.000Z';
    await render(content({ deletedAt }));
    const panel = await screen.findByRole('alert');
    expect(
      within(panel).getByText('Error: Removed from the feature store'),
    ).toBeInTheDocument();
    expect(within(panel).getByText(/no longer lists/).textContent).toBe(
      `Feast no longer lists ml_marketplace_demo / customer_activity: it was removed from the store on ${formatDate(
        deletedAt,
      )}. What follows is the last copy synced (${formatDateTime(
        SYNCED_AT,
      )}); models reading the view get no new values from it.`,
    );
    // The last copy is still shown, but not judged fresh.
    expect(
      screen.getByRole('table', { name: 'Features in the store' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('feature-store-freshness'),
    ).not.toBeInTheDocument();
  });

  it('shows the problem and the app-config fix when the declared store is not configured', async () => {
    await render({
      entityRef: ref,
      declared: {
        type: 'feast',
        project: 'ml_marketplace_demo',
        featureView: 'customer_activity',
        instance: 'staging',
      },
      services: [],
      differences: [],
      consumers: [],
      problem:
        'names feast instance "staging", but no feature store with that id is configured (ml.registries.feast[].id: "demo")',
    });
    const panel = await screen.findByRole('alert');
    expect(
      within(panel).getByText('Warning: The feature store cannot be shown'),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(
        'This feature\'s link to the feature store cannot be served: names feast instance "staging", but no feature store with that id is configured (ml.registries.feast[].id: "demo").',
      ),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(/^Fix: add the feature store/).textContent,
    ).toBe(
      'Fix: add the feature store to ml.registries.feast[] in app-config, or set spec.registry.feast.instance to the id of a configured one.',
    );
    expect(
      await findSnippet(/registries:[\s\S]*feast:[\s\S]*- id: staging/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('tells how to fix the names when the store holds no such view', async () => {
    await render({
      entityRef: ref,
      declared: {
        type: 'feast',
        project: 'ml_marketplace_demo',
        featureView: 'Customer_Activity',
      },
      registry: registry(),
      services: [],
      differences: [],
      consumers: [],
      problem:
        'feature store "demo" holds no feature view "Customer_Activity" in project "ml_marketplace_demo".',
    });
    const panel = await screen.findByRole('alert');
    expect(within(panel).getByText(/holds no feature view/).textContent).toBe(
      'This feature\'s link to the feature store cannot be served: feature store "demo" holds no feature view "Customer_Activity" in project "ml_marketplace_demo".',
    );
    expect(within(panel).getByText(/^Fix: check/).textContent).toBe(
      'Fix: check spec.registry.feast.project (now ml_marketplace_demo) and spec.registry.feast.featureView (now Customer_Activity) against the names in Feast (they are case-sensitive; feast feature-views list shows them), or apply the view there with feast apply; the next sync picks it up.',
    );
  });

  it('explains spec.registry.feast with a YAML snippet when the feature names no view', async () => {
    const undeclared: Entity = {
      ...entity,
      spec: { ...entity.spec, registry: undefined },
    };
    await renderCard(
      mockMlApi(
        Promise.resolve({
          entityRef: ref,
          services: [],
          differences: [],
          consumers: [],
        }),
      ),
      { entity: undeclared },
    );
    expect(
      await screen.findByText('Not linked to a feature store'),
    ).toBeInTheDocument();
    expect(screen.getByText('spec.registry.feast')).toBeInTheDocument();
    expect(screen.getByText('ml.registries.feast[]')).toBeInTheDocument();
    expect(
      await findSnippet(
        /registry:[\s\S]*feast:[\s\S]*project: my_project[\s\S]*featureView: customer_activity[\s\S]*instance: default/,
      ),
    ).toBeInTheDocument();
    expect(
      await findSnippet(
        /registries:[\s\S]*feast:[\s\S]*- id: default[\s\S]*baseUrl: http/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the error of a failed last sync and the date of the data shown', async () => {
    const failed = run({
      id: 13,
      status: 'failed',
      startedAt: '2025-03-03T10:00:00.000Z',
      finishedAt: '2025-03-03T10:00:30.000Z',
      error: 'Feast answered 503: registry unavailable',
    });
    await render(content({ registry: registry({ lastRun: failed }) }));
    const panel = await screen.findByRole('alert');
    expect(
      within(panel).getByText('Warning: Last sync failed'),
    ).toBeInTheDocument();
    expect(within(panel).getByText(/failed at/).textContent).toBe(
      `The last sync of feature store "demo" failed at ${formatDateTime(
        failed.finishedAt!,
      )}: Feast answered 503: registry unavailable. Showing the view as synced at ${formatDateTime(
        '2025-03-02T10:01:00.000Z',
      )}.`,
    );
    // The last good copy is still shown.
    expect(
      screen.getByRole('table', { name: 'Features in the store' }),
    ).toBeInTheDocument();
  });

  it('says what a partly failed sync skipped, in one line', async () => {
    const partial = run({
      status: 'partial',
      error: 'skipped 1 view: fraud_signals could not be read.',
    });
    await render(content({ registry: registry({ lastRun: partial }) }));
    expect(
      (await screen.findByTestId('feature-store-sync-state')).textContent,
    ).toBe(
      `The last sync of feature store "demo" partly succeeded at ${formatDateTime(
        partial.finishedAt!,
      )}: skipped 1 view: fraud_signals could not be read.`,
    );
  });

  it('says the store has not been synced yet, with the last run error', async () => {
    const failed = run({
      status: 'failed',
      error: 'connect ECONNREFUSED 127.0.0.1:6572',
    });
    await render({
      entityRef: ref,
      declared: {
        type: 'feast',
        project: 'ml_marketplace_demo',
        featureView: 'customer_activity',
      },
      registry: registry({ lastRun: failed, lastSuccess: undefined }),
      services: [],
      differences: [],
      consumers: [],
    });
    const panel = await screen.findByRole('alert');
    expect(within(panel).getByText('Info: Not synced yet')).toBeInTheDocument();
    expect(within(panel).getByText(/has not been synced/).textContent).toBe(
      `Feature store "demo" has not been synced successfully yet; ml_marketplace_demo / customer_activity appears after its first successful sync. The last run (failed, ${formatDateTime(
        failed.finishedAt!,
      )}) failed: connect ECONNREFUSED 127.0.0.1:6572.`,
    );
  });

  it('says on other kinds that it is for Features, without calling the backend', async () => {
    const ml = mockMlApi();
    await renderCard(ml, {
      entity: {
        ...entity,
        kind: 'Model',
        metadata: { name: 'churn-model', namespace: 'default' },
      },
    });
    expect(
      screen.getByText(
        'The feature store view is shown for Feature entities; this entity is a Model.',
      ),
    ).toBeInTheDocument();
    expect(ml.getFeatureStoreView).not.toHaveBeenCalled();
  });
});
