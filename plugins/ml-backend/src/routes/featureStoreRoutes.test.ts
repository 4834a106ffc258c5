import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { FeatureStoreViewResponse } from '@ml-marketplace/plugin-ml-common';
import express from 'express';
import request from 'supertest';
import { mlEntity } from '../__testUtils__/mlEntities';
import { createRouter, type RouterOptions } from '../router';

const HIDDEN = 'model:default/secret-model';

async function app() {
  const answer: FeatureStoreViewResponse = {
    entityRef: 'feature:default/activity',
    services: [],
    differences: [],
    consumers: [
      {
        registryId: 'demo',
        model: 'churn',
        version: '3',
        entityRef: 'model:default/churn',
      },
      { registryId: 'demo', model: 'secret', version: '1', entityRef: HIDDEN },
      { registryId: 'demo', model: 'untracked', version: '2' },
    ],
  };
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    catalog: catalogServiceMock({
      entities: [mlEntity('Feature', 'activity', {})],
    }),
    readable: {
      filter: async (refs: string[]) => new Set(refs.filter(r => r !== HIDDEN)),
    },
    featureStores: { forEntity: async () => answer },
  } as unknown as RouterOptions);
  const server = express().use(router);
  return (ref: string) =>
    request(server)
      .get(`/feature-store/view?entityRef=${ref}`)
      .set('Authorization', mockCredentials.user.header());
}

describe('GET /feature-store/view', () => {
  it('leaves out the models the caller may not read, and counts them', async () => {
    const res = await (await app())('feature:default/activity');
    expect(res.status).toBe(200);
    expect(res.body.consumers.map((c: any) => c.model)).toEqual([
      'churn',
      'untracked',
    ]);
    expect(res.body.hiddenConsumers).toBe(1);
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });
});
