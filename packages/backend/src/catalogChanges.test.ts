/*
 * A catalog change reaches the marketplace and lineage indexes between their
 * rebuilds, on the real portal backend (SQLite): the catalog module hears the
 * processed entity and the ml backend takes it in. The indexes here rebuild
 * once an hour, so only that path can make these tests pass.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startPortal } from './__testUtils__/startPortal';
import { waitFor } from './__testUtils__/waitFor';

jest.setTimeout(180_000);

const modelYaml = (name: string, description: string) =>
  [
    'apiVersion: ml-marketplace.io/v1alpha1',
    'kind: Model',
    'metadata:',
    `  name: ${name}`,
    `  title: Basket size forecaster`,
    `  description: ${description}`,
    'spec:',
    '  owner: group:default/growth-ml',
    '  lifecycle: experimental',
    '  task: regression',
    '  trainedOn: [churn-labels]',
    '',
  ].join('\n');

describe('catalog changes between index rebuilds', () => {
  let server: Parameters<typeof request>[0];
  let token: string;
  let dir: string;

  beforeAll(async () => {
    const portal = await startPortal(
      { client: 'better-sqlite3', connection: ':memory:' },
      { allowFileLocations: true, slowIndexRebuilds: true },
    );
    server = portal.server;
    token = await portal.signIn('user:default/ada');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-changes-'));
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string) =>
    request(server).get(url).set('Authorization', `Bearer ${token}`);
  const search = async (q: string) =>
    (await get(`/api/ml/marketplace?q=${encodeURIComponent(q)}`)).body
      .items as Array<{ ref: string; description?: string }>;

  it('finds a newly registered Model and its lineage without a rebuild', async () => {
    // The first build, from the examples.
    await waitFor('the first marketplace build', async () =>
      (await search('churn')).length ? true : undefined,
    );
    const file = path.join(dir, 'catalog-info.yaml');
    fs.writeFileSync(
      file,
      modelYaml('basket-forecaster', 'Weekly basket size.'),
    );
    const created = await request(server)
      .post('/api/catalog/locations')
      .set('Authorization', `Bearer ${token}`)
      .send({ type: 'file', target: file });
    expect(created.status).toBe(201);

    const found = await waitFor('the new Model in the marketplace', async () =>
      (
        await search('basket forecaster')
      ).find(i => i.ref === 'model:default/basket-forecaster'),
    );
    expect(found.description).toBe('Weekly basket size.');
    const lineage = await waitFor('its lineage', async () => {
      const res = await get(
        '/api/ml/lineage?entityRef=model:default/basket-forecaster&direction=upstream',
      );
      return res.body.nodes?.some(
        (n: { ref: string }) => n.ref === 'dataset:default/churn-labels',
      )
        ? res.body
        : undefined;
    });
    expect(lineage.edges.length).toBeGreaterThan(0);

    // An edit in the repository, read again by the catalog.
    fs.writeFileSync(
      file,
      modelYaml('basket-forecaster', 'Weekly basket size, now with uplift.'),
    );
    const updated = await waitFor('the edit in the marketplace', async () =>
      (
        await search('uplift')
      ).find(i => i.ref === 'model:default/basket-forecaster'),
    );
    expect(updated.description).toBe('Weekly basket size, now with uplift.');
  });
});
