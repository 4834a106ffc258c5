import type {
  BackstageCredentials,
  DiscoveryService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { MlAssetDocument } from '@ml-marketplace/plugin-ml-common';
// The real ml backend the collator reads from, in tests only (a devDependency).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mlPlugin from '@ml-marketplace/plugin-ml-backend';
import searchPlugin from '@backstage/plugin-search-backend';
import request from 'supertest';
import { searchModuleMlAssets } from '../module';
import { MlAssetCollatorFactory } from './MlAssetCollatorFactory';

const owner = 'group:default/churn-team';
const mlEntity = (
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): Entity => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', ...metadata },
  spec: { owner, lifecycle: 'production', license: 'apache-2.0', ...spec },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'churn-team', namespace: 'default' },
    spec: { type: 'team', children: [], profile: { displayName: 'Churn' } },
  },
  mlEntity(
    'Model',
    'churn-model',
    {
      task: 'binary-classification',
      framework: 'scikit-learn',
      trainedOn: ['dataset:default/customers'],
      modelCard: { intendedUse: 'Rank customers by retention risk.' },
    },
    {
      title: 'Churn prediction',
      description: 'Predicts which customers will leave.',
      tags: ['tabular'],
    },
  ),
  mlEntity(
    'Dataset',
    'customers',
    { type: 'table', classification: 'confidential' },
    { description: 'One row per customer.' },
  ),
  mlEntity(
    'Feature',
    'usage-signals',
    { lifecycle: 'deprecated', features: [{ name: 'logins_30d' }] },
    { title: 'Usage signals' },
  ),
];

const isService = (credentials: BackstageCredentials) =>
  (credentials.principal as { type: string }).type === 'service';

/**
 * The demo's kind of policy: services read everything; people read Models
 * only, a conditional decision the catalog resolves per entity.
 */
const permissions = mockServices.permissions.mock({
  authorizeConditional: async (requests, { credentials }) =>
    requests.map(
      (): PolicyDecision =>
        isService(credentials)
          ? { result: AuthorizeResult.ALLOW }
          : {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_KIND',
                resourceType: 'catalog-entity',
                params: { kinds: ['Model'] },
              },
            },
    ),
  authorize: async (requests, { credentials }) =>
    requests.map(r => ({
      result:
        isService(credentials) ||
        !('resourceRef' in r) ||
        String(r.resourceRef).startsWith('model:')
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    })),
});

/** The search backend with this module, the real ml backend and a catalog. */
async function startPortal() {
  // The mock scheduler runs a task when asked (its typings lag behind).
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(options: {
      skipTaskRunOnStartup: boolean;
    }): ReturnType<typeof mockServices.scheduler.factory>;
    triggerTask(id: string): Promise<void>;
  };
  const backend = await startTestBackend({
    features: [
      searchPlugin,
      searchModuleMlAssets,
      mlPlugin,
      catalogServiceMock.factory({ entities }),
      permissions.factory,
      scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({
        data: { permission: { enabled: true } },
      }),
    ],
  });
  // Health and certification first, as the portal's schedules do.
  await scheduler.triggerTask('ml-health-sweep');
  await scheduler.triggerTask('search_index_ml_asset');
  return backend;
}

function discoveryOf(port: number, plugin = 'ml'): DiscoveryService {
  const url = `http://localhost:${port}/api/${plugin}`;
  return { getBaseUrl: async () => url, getExternalBaseUrl: async () => url };
}

async function collect(factory: MlAssetCollatorFactory) {
  const documents: MlAssetDocument[] = [];
  for await (const doc of await factory.getCollator()) documents.push(doc);
  return documents;
}

describe('MlAssetCollatorFactory, with the real ml backend', () => {
  it('collates every asset page by page, each document with the same keys', async () => {
    const { server } = await startTestBackend({
      features: [
        mlPlugin,
        catalogServiceMock.factory({ entities }),
        permissions.factory,
      ],
    });
    const documents = await collect(
      new MlAssetCollatorFactory({
        auth: mockServices.auth({ pluginId: 'search' }),
        discovery: discoveryOf(server.port()),
        pageSize: 2,
      }),
    );
    expect(documents.map(d => d.location)).toEqual([
      '/catalog/default/model/churn-model',
      '/catalog/default/dataset/customers',
      '/catalog/default/feature/usage-signals',
    ]);
    for (const doc of documents) {
      expect(Object.keys(doc)).toEqual([
        'title',
        'text',
        'description',
        'location',
        'kind',
        'lifecycle',
        'owner',
        'ownerTitle',
        'certification',
        'health',
        'tags',
        'task',
        'consumers',
        'authorization',
      ]);
    }
    expect(documents[0]).toMatchObject({
      title: 'Churn prediction',
      kind: 'Model',
      owner,
      ownerTitle: 'Churn',
      tags: ['tabular'],
      task: 'binary-classification',
      authorization: { resourceRef: 'model:default/churn-model' },
    });
    expect(documents[2]).toMatchObject({
      kind: 'Feature',
      lifecycle: 'deprecated',
      consumers: 0,
    });
  });

  it('fails the pass, saying why, when the ml backend does not answer', async () => {
    const { server } = await startTestBackend({ features: [] });
    await expect(
      collect(
        new MlAssetCollatorFactory({
          auth: mockServices.auth({ pluginId: 'search' }),
          discovery: discoveryOf(server.port()),
        }),
      ),
    ).rejects.toThrow(/404/);
  });
});

describe('ML assets in the portal search', () => {
  it('finds an ML asset by the words of its card, with its badges', async () => {
    const { server } = await startPortal();
    const res = await request(server)
      .get('/api/search/query')
      .query({ term: 'retention', 'types[0]': 'ml-asset' })
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1);
    const [result] = res.body.results;
    expect(result.type).toBe('ml-asset');
    expect(result.document).toMatchObject({
      title: 'Churn prediction',
      location: '/catalog/default/model/churn-model',
      kind: 'Model',
      ownerTitle: 'Churn',
      lifecycle: 'production',
      // The sweep ran: every asset has a health status; this one a level too.
      health: expect.stringMatching(/^(pass|warn|fail)$/),
    });
  });

  it('filters by kind', async () => {
    const { server } = await startPortal();
    const res = await request(server)
      .get('/api/search/query')
      .query({ term: '', 'types[0]': 'ml-asset', 'filters[kind]': 'Feature' })
      .set('Authorization', mockCredentials.service.header());
    expect(res.body.results.map((r: any) => r.document.title)).toEqual([
      'Usage signals',
    ]);
  });

  it('shows people only the assets they may read', async () => {
    const { server } = await startPortal();
    const kindsFound = async (authorization: string) => {
      const res = await request(server)
        .get('/api/search/query')
        .query({ term: 'customers', 'types[0]': 'ml-asset' })
        .set('Authorization', authorization);
      expect(res.status).toBe(200);
      return res.body.results.map((r: any) => r.document.kind).sort();
    };
    expect(await kindsFound(mockCredentials.service.header())).toEqual([
      'Dataset',
      'Model',
    ]);
    // This person may read Models only.
    expect(await kindsFound(mockCredentials.user.header())).toEqual(['Model']);
  });
});
