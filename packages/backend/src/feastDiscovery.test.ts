/*
 * Feast discovery (issue 17) against a real Feast registry server
 * (scripts/feast.sh serving scripts/feast/repo) and the real portal backend:
 * the catalog module's provider reads the registry on its schedule, the real
 * catalog processes what it emits beside the example catalog, and a
 * repository that declares a view takes it over. Nothing is faked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  FEAST_DEMO_PROJECT,
  describeWithFeast,
  startFeastServer,
  type FeastServer,
} from './__testUtils__/feast';
import { startPortal } from './__testUtils__/startPortal';
import { waitFor } from './__testUtils__/waitFor';

jest.setTimeout(300_000);

const DISCOVERED =
  '/api/catalog/entities/by-query?filter=kind=feature,metadata.annotations.ml-marketplace.io/discovered-by=feast:demo';

describeWithFeast('Feast discovery with a real Feast registry', () => {
  let feast: FeastServer;
  let server: Parameters<typeof request>[0];
  let ada: string;
  let declaredDir: string;

  beforeAll(async () => {
    feast = await startFeastServer();
    const portal = await startPortal(
      { client: 'better-sqlite3', connection: ':memory:' },
      {
        allowFileLocations: true,
        registries: {
          feast: [
            {
              id: 'demo',
              // Without /api/v1, as an adopter writes it.
              baseUrl: feast.api.replace(/\/api\/v1$/, ''),
              // The backend's own sync of the registry is not under test.
              schedule: {
                frequency: { minutes: 30 },
                timeout: { minutes: 2 },
                initialDelay: { minutes: 30 },
              },
              discovery: {
                enabled: true,
                schedule: {
                  frequency: { seconds: 1 },
                  timeout: { minutes: 2 },
                  initialDelay: { seconds: 0 },
                },
              },
            },
          ],
        },
      },
    );
    server = portal.server;
    ada = await portal.signIn('user:default/ada');
    declaredDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-declared-'));
  });

  afterAll(async () => {
    await feast?.stop();
    if (declaredDir) fs.rmSync(declaredDir, { recursive: true, force: true });
  });

  const get = (url: string) =>
    request(server).get(url).set('Authorization', `Bearer ${ada}`);

  it('discovers basket_signals, the view no repository declares, as a Feature', async () => {
    // The example catalog has Features named like the other three views: they
    // stay the examples' own, whichever of the catalog and discovery was first.
    const discovered = await waitFor(
      'basket-signals alone discovered',
      async () => {
        const res = await get(DISCOVERED);
        const items = res.body.items ?? [];
        return items.length === 1 &&
          items[0].metadata.name === 'basket-signals' &&
          items[0].relations?.length
          ? items
          : undefined;
      },
    );
    const [basket] = discovered;
    expect(basket.metadata).toMatchObject({
      name: 'basket-signals',
      namespace: 'default',
      title: 'Basket signals',
      description: 'Basket size and variety per customer, offline only',
      tags: ['feast', 'discovered', 'domain:customers'],
      annotations: {
        'backstage.io/managed-by-location': `feast:demo/${FEAST_DEMO_PROJECT}/basket_signals`,
        'ml-marketplace.io/discovered-by': 'feast:demo',
      },
    });
    expect(basket.spec).toEqual({
      owner: 'group:default/growth-ml',
      lifecycle: 'experimental',
      entities: ['customer_id'],
      features: [
        { name: 'avg_basket_value_30d', dtype: 'float32' },
        { name: 'distinct_categories_30d', dtype: 'int64' },
      ],
      store: 'offline',
      ttl: 'P7D',
      registry: {
        feast: {
          project: FEAST_DEMO_PROJECT,
          featureView: 'basket_signals',
          instance: 'demo',
        },
      },
    });
    expect(basket.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'group:default/growth-ml' },
      ]),
    );
    const example = await get(
      '/api/catalog/entities/by-name/feature/default/customer-activity',
    );
    expect(example.status).toBe(200);
    expect(
      example.body.metadata.annotations['ml-marketplace.io/discovered-by'],
    ).toBeUndefined();
  });

  it('hands basket_signals over to the repository that declares it', async () => {
    await waitFor('basket-signals discovered', async () => {
      const res = await get(
        '/api/catalog/entities/by-name/feature/default/basket-signals',
      );
      return res.status === 200 ? true : undefined;
    });
    const file = path.join(declaredDir, 'catalog-info.yaml');
    fs.writeFileSync(
      file,
      [
        'apiVersion: ml-marketplace.io/v1alpha1',
        'kind: Feature',
        'metadata:',
        '  name: basket-features',
        '  description: Declared by its owners.',
        'spec:',
        '  owner: group:default/growth-ml',
        '  lifecycle: production',
        '  entities: [customer_id]',
        '  registry:',
        `    feast: { project: ${FEAST_DEMO_PROJECT}, featureView: basket_signals }`,
        '',
      ].join('\n'),
    );
    const created = await request(server)
      .post('/api/catalog/locations')
      .set('Authorization', `Bearer ${ada}`)
      .send({ type: 'file', target: file });
    expect(created.status).toBe(201);

    await waitFor(
      'the discovered basket-signals replaced by the declared Feature',
      async () => {
        const declared = await get(
          '/api/catalog/entities/by-name/feature/default/basket-features',
        );
        const discovered = await get(
          '/api/catalog/entities/by-name/feature/default/basket-signals',
        );
        return declared.status === 200 && discovered.status === 404
          ? true
          : undefined;
      },
    );
    const res = await get(DISCOVERED);
    expect(res.body.items).toEqual([]);
  });
});
