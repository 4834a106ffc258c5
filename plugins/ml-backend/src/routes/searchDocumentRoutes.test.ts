import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { MlSearchDocumentsPage } from '@ml-marketplace/plugin-ml-common';
import request from 'supertest';
import { mlPlugin } from '../plugin';
import { mlEntity, wellDocumentedModel } from '../__testUtils__/mlEntities';

const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team', namespace: 'default' },
  spec: {
    type: 'team',
    children: [],
    profile: { displayName: 'Customer Analytics' },
  },
};

const churn = wellDocumentedModel('churn');
churn.metadata.title = 'Churn prediction';
churn.metadata.tags = ['retention'];

const entities: Entity[] = [
  team,
  churn,
  mlEntity('Dataset', 'customers', { type: 'table' }),
  mlEntity(
    'Feature',
    'churn-signals',
    {
      lifecycle: 'deprecated',
      features: [{ name: 'days_since_login', dtype: 'int' }],
    },
    { title: 'Churn signals' },
  ),
];

function start() {
  return startTestBackend({
    features: [
      mlPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    ],
  });
}

const asService = mockCredentials.service.header();

describe('GET /search/documents', () => {
  it('refuses people, who search through the search backend instead', async () => {
    const { server } = await start();
    const asUser = await request(server)
      .get('/api/ml/search/documents')
      .set('Authorization', mockCredentials.user.header());
    expect(asUser.status).toBe(403);
    const anonymous = await request(server)
      .get('/api/ml/search/documents')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('answers 400 naming a bad page size', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/ml/search/documents?pageSize=1000')
      .set('Authorization', asService);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('pageSize must be from 1 to 500');
  });

  it('lists every ML asset with its kind, owner title, trust and searchable text', async () => {
    const { server } = await start();
    // Judges the model now, as the scheduled sweep would: health and a level.
    const run = await request(server)
      .post('/api/ml/health-checks/run?entityRef=model:default/churn')
      .set('Authorization', mockCredentials.user.header());
    expect(run.status).toBe(200);

    const res = await request(server)
      .get('/api/ml/search/documents')
      .set('Authorization', asService);
    expect(res.status).toBe(200);
    const body: MlSearchDocumentsPage = res.body;
    expect(body).toMatchObject({ total: 3, page: 1, pageSize: 100 });
    expect(body.nextPage).toBeUndefined();
    // By title or name.
    expect(body.items.map(d => d.title)).toEqual([
      'Churn prediction',
      'Churn signals',
      'customers',
    ]);
    const model = body.items[0];
    expect(model).toMatchObject({
      location: '/catalog/default/model/churn',
      description: 'The churn model, documented.',
      kind: 'Model',
      lifecycle: 'production',
      owner: 'group:default/team',
      ownerTitle: 'Customer Analytics',
      certification: expect.any(String),
      health: expect.stringMatching(/^(pass|warn|fail)$/),
      tags: ['retention'],
      task: 'binary-classification',
      consumers: 0,
      authorization: { resourceRef: 'model:default/churn' },
    });
    // Every searched field, the description first.
    expect(model.text.startsWith('The churn model, documented.')).toBe(true);
    for (const words of [
      'binary-classification',
      'scikit-learn',
      'auc',
      'Customer Analytics',
      'Rank customers by churn risk',
    ]) {
      expect(model.text).toContain(words);
    }
    expect(body.items[1]).toMatchObject({
      kind: 'Feature',
      lifecycle: 'deprecated',
      location: '/catalog/default/feature/churn-signals',
    });
    expect(body.items[1].text).toContain('days_since_login');
    // Not judged yet: no badges to show.
    expect(body.items[2].certification).toBeUndefined();
    expect(body.items[2].health).toBeUndefined();
  });

  it('pages by name, saying which page comes next', async () => {
    const { server } = await start();
    const page = async (n: number) =>
      (
        await request(server)
          .get(`/api/ml/search/documents?page=${n}&pageSize=2`)
          .set('Authorization', asService)
      ).body as MlSearchDocumentsPage;
    const first = await page(1);
    expect(first.items.map(d => d.title)).toEqual([
      'Churn prediction',
      'Churn signals',
    ]);
    expect(first.nextPage).toBe(2);
    const second = await page(2);
    expect(second.items.map(d => d.title)).toEqual(['customers']);
    expect(second.nextPage).toBeUndefined();
    expect(second.total).toBe(3);
  });
});
