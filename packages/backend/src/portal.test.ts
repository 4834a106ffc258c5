/*
 * Integration test of the demo portal's backend as shipped: the real feature
 * list from features.ts, the real app-config.yaml and example catalog, on the
 * embedded SQLite default and on a real PostgreSQL server.
 */
import request from 'supertest';
import { postgresTestUrl } from './__testUtils__/postgres';
import { startPortal } from './__testUtils__/startPortal';
import { exampleKindCounts } from './__testUtils__/examples';

jest.setTimeout(120_000);

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

function describePortal(name: string, database: object | undefined) {
  // Only PostgreSQL can be absent, and only outside CI (see testing/postgres.ts);
  // Jest then lists these tests as skipped and test-all.sh prints them.
  const describeIf = database ? describe : describe.skip;
  describeIf(`demo portal backend on ${name}`, () => {
    let server: Parameters<typeof request>[0];
    let token: string;

    beforeAll(async () => {
      const portal = await startPortal(database!);
      server = portal.server;
      token = await portal.guestToken();
    });

    const get = (url: string) =>
      request(server).get(url).set('Authorization', `Bearer ${token}`);

    it('serves every example Model, Feature and Dataset, none lost to a processing error', async () => {
      const expected = exampleKindCounts();
      expect(expected.Model).toBeGreaterThanOrEqual(6);
      const byKind = await waitFor('the example ML entities', async () => {
        const res = await get(
          '/api/catalog/entities/by-query?filter=kind=model,kind=feature,kind=dataset&limit=1000',
        );
        const items: any[] = res.body.items ?? [];
        const counts: Record<string, number> = {};
        for (const e of items) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
        const done = Object.keys(expected).every(
          k => counts[k] === expected[k],
        );
        return done ? counts : undefined;
      });
      expect(byKind).toEqual(expected);
    });

    it('stores lineage relations in both directions', async () => {
      const model = await waitFor('churn-model with relations', async () => {
        const res = await get(
          '/api/catalog/entities/by-name/model/default/churn-model',
        );
        return res.body.relations?.length ? res.body : undefined;
      });
      const relations = model.relations.map(
        (r: any) => `${r.type} ${r.targetRef}`,
      );
      expect(relations).toEqual(
        expect.arrayContaining([
          'trainedOn dataset:default/customers',
          'trainedOn dataset:default/churn-labels',
          'consumesFeature feature:default/customer-activity',
          'ownedBy group:default/growth-ml',
          'partOf system:default/retention',
          'dependencyOf component:default/churn-service',
        ]),
      );
      const dataset = await waitFor(
        'customers with reverse relations',
        async () => {
          const res = await get(
            '/api/catalog/entities/by-name/dataset/default/customers',
          );
          return res.body.relations?.some(
            (r: any) => r.type === 'trainingDataOf',
          )
            ? res.body
            : undefined;
        },
      );
      expect(
        dataset.relations.map((r: any) => `${r.type} ${r.targetRef}`),
      ).toEqual(
        expect.arrayContaining([
          'trainingDataOf model:default/churn-model',
          'sourceOf feature:default/customer-activity',
          'sourceOf dataset:default/churn-labels',
          'derivedFrom dataset:default/crm-accounts',
        ]),
      );
    });

    it('serves the golden-path template', async () => {
      const template = await waitFor(
        'the ml-training-project template',
        async () => {
          const res = await get(
            '/api/catalog/entities/by-name/template/default/ml-training-project',
          );
          return res.status === 200 ? res.body : undefined;
        },
      );
      expect(template.spec.steps.map((s: any) => s.action)).toContain(
        'ml:catalog:write',
      );
    });

    it('refuses catalog reads without a token', async () => {
      const res = await request(server).get('/api/catalog/entities?limit=1');
      expect(res.status).toBe(401);
    });

    it('answers lineage from raw events to the service in one request', async () => {
      const graph = await waitFor('the lineage index', async () => {
        const res = await get(
          '/api/ml/lineage?entityRef=dataset:default/raw-events&direction=downstream&depth=5',
        );
        return res.body.nodes?.some(
          (n: any) => n.ref === 'component:default/churn-service',
        )
          ? res.body
          : undefined;
      });
      const distance = Object.fromEntries(
        graph.nodes.map((n: any) => [n.ref, n.distance]),
      );
      expect(distance['dataset:default/sessions-cleaned']).toBe(1);
      expect(distance['model:default/churn-model']).toBe(3);
      expect(distance['component:default/churn-service']).toBe(4);
      expect(graph.edges).toEqual(
        expect.arrayContaining([
          {
            source: 'dataset:default/customer-engagement-daily',
            target: 'feature:default/engagement-trends',
            type: 'derivedFrom',
          },
          {
            source: 'feature:default/engagement-trends',
            target: 'model:default/churn-model',
            type: 'consumesFeature',
          },
          {
            source: 'model:default/churn-model',
            target: 'component:default/churn-service',
            type: 'dependsOn',
          },
        ]),
      );
      expect(graph.cutoff).toBe(false);
    });

    it('says who breaks if a dataset changes, grouped by owner', async () => {
      const impact = await waitFor('the impact of crm-accounts', async () => {
        const res = await get(
          '/api/ml/impact?entityRef=dataset:default/crm-accounts',
        );
        return res.body.total > 5 ? res.body : undefined;
      });
      const byOwner = Object.fromEntries(
        impact.groups.map((g: any) => [
          g.owner,
          g.assets.map((a: any) => a.ref),
        ]),
      );
      expect(byOwner['group:default/growth-ml']).toEqual(
        expect.arrayContaining([
          'model:default/churn-model',
          'model:default/ltv-regression',
          'component:default/churn-service',
          'component:default/finance-forecasting',
        ]),
      );
      expect(byOwner['group:default/data-engineering']).toEqual([
        'dataset:default/customers',
      ]);
    });

    it('answers the ML backend /health without credentials', async () => {
      const res = await request(server).get('/api/ml/health');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
    });

    it('rejects an invalid Model with an error naming the entity and field', async () => {
      const res = await request(server)
        .post('/api/catalog/validate-entity')
        .set('Authorization', `Bearer ${token}`)
        .send({
          location: 'url:http://localhost/catalog-info.yaml',
          entity: {
            apiVersion: 'ml-marketplace.io/v1alpha1',
            kind: 'Model',
            metadata: { name: 'broken-model' },
            spec: {
              owner: 'group:default/growth-ml',
              lifecycle: 'production',
              trainedOn: [42],
            },
          },
        });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(
        'Model default/broken-model: spec.trainedOn[0] must be an entity ref like \\"dataset:default/customers\\", got 42',
      );
    });
  });
}

describePortal('SQLite (embedded default)', {
  client: 'better-sqlite3',
  connection: ':memory:',
});

const postgresUrl = postgresTestUrl();
describePortal(
  'PostgreSQL',
  postgresUrl
    ? {
        client: 'pg',
        connection: postgresUrl,
        // A fresh database prefix per run keeps runs from seeing each other's data.
        prefix: `mlm_test_${process.pid}_${Date.now().toString(36)}_`,
      }
    : undefined,
);
