/*
 * The module inside a real catalog backend: entities are read from a file
 * location, processed by the real processing loop and served by the real API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleMl } from './module';

jest.setTimeout(60_000);

const dataset = (name: string, extra = '') => `
apiVersion: ml-marketplace.io/v1alpha1
kind: Dataset
metadata: { name: ${name} }
spec: { owner: group:default/data, lifecycle: production, type: table${extra} }
`;
const GOOD_MODEL = `
apiVersion: ml-marketplace.io/v1alpha1
kind: Model
metadata: { name: churn-model }
spec: { owner: group:default/growth, lifecycle: production, trainedOn: [customers] }
`;
const BROKEN_MODEL = `
apiVersion: ml-marketplace.io/v1alpha1
kind: Model
metadata: { name: broken-model }
spec: { owner: group:default/growth, lifecycle: live, trainedOn: [customers, 42] }
`;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('catalogModuleMl in a real catalog', () => {
  const dir = createMockDirectory();
  const file = path.join(dir.path, 'catalog-info.yaml');
  let server: any;

  const get = (url: string) =>
    request(server)
      .get(url)
      .set('Authorization', mockCredentials.service.header());
  const entity = async (ref: string) => {
    const res = await get(`/api/catalog/entities/by-name/${ref}`);
    return res.status === 200 ? res.body : undefined;
  };

  beforeAll(async () => {
    fs.writeFileSync(
      file,
      [dataset('customers'), GOOD_MODEL, BROKEN_MODEL].join('---'),
    );
    ({ server } = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleMl,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Model', 'Feature', 'Dataset', 'Location'] }],
              processingInterval: { seconds: 1 },
              locations: [{ type: 'file', target: file }],
            },
          },
        }),
      ],
    }));
  });

  it('serves the good entities next to a broken one, with lineage both ways', async () => {
    const model = await until('churn-model', () =>
      entity('model/default/churn-model'),
    );
    const customers = await until(
      'customers with its reverse relation',
      async () => {
        const e = await entity('dataset/default/customers');
        return e?.relations?.some((r: any) => r.type === 'trainingDataOf')
          ? e
          : undefined;
      },
    );
    expect(model.relations).toEqual(
      expect.arrayContaining([
        { type: 'trainedOn', targetRef: 'dataset:default/customers' },
        { type: 'ownedBy', targetRef: 'group:default/growth' },
      ]),
    );
    expect(customers.relations).toEqual(
      expect.arrayContaining([
        { type: 'trainingDataOf', targetRef: 'model:default/churn-model' },
      ]),
    );
    expect(await entity('model/default/broken-model')).toBeUndefined();
  });

  it('keeps the last good version of an entity that breaks, and shows why on it', async () => {
    await until('churn-model', () => entity('model/default/churn-model'));
    fs.writeFileSync(
      file,
      [
        dataset('customers'),
        GOOD_MODEL.replace(
          'trainedOn: [customers]',
          'trainedOn: [customers], task: 7',
        ),
      ].join('---'),
    );
    const broken = await until(
      'the processing error on churn-model',
      async () => {
        const e = await entity('model/default/churn-model');
        return e?.status?.items?.length ? e : undefined;
      },
    );
    expect(broken.spec.trainedOn).toEqual(['customers']);
    expect(broken.status.items[0].error).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        'Model default/churn-model: spec.task must be the ML task, e.g. "binary-classification" or "text-generation", got 7',
      ),
    });
  });
});
