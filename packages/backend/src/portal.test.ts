/*
 * Integration test of the demo portal's backend as shipped: the real feature
 * list from features.ts, the real app-config.yaml and example catalog, on the
 * embedded SQLite default and on a real PostgreSQL server.
 */
import request from 'supertest';
import { onEachDatabase } from './__testUtils__/postgres';
import { startPortal } from './__testUtils__/startPortal';
import { exampleKindCounts } from './__testUtils__/examples';
import { waitFor } from './__testUtils__/waitFor';

jest.setTimeout(120_000);

function describePortal(name: string, database: object | undefined) {
  // Only PostgreSQL can be absent, and only outside CI (see testing/postgres.ts);
  // Jest then lists these tests as skipped and test-all.sh prints them.
  const describeIf = database ? describe : describe.skip;
  describeIf(`demo portal backend on ${name}`, () => {
    let server: Parameters<typeof request>[0];
    /** Ada: admin, and member of ml-platform (owns the platform features). */
    let token: string;
    let guest: string;
    let grace: string;
    let edgar: string;

    beforeAll(async () => {
      const portal = await startPortal(database!);
      server = portal.server;
      guest = await portal.guestToken();
      token = await portal.signIn('user:default/ada');
      grace = await portal.signIn('user:default/grace');
      edgar = await portal.signIn('user:default/edgar');
    });

    const get = (url: string, as = token) =>
      request(server).get(url).set('Authorization', `Bearer ${as}`);
    const post = (url: string, as: string, body?: object) =>
      request(server).post(url).set('Authorization', `Bearer ${as}`).send(body);

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
        // crm-accounts is restricted: only its owners (Edgar's team) see it.
        const res = await get(
          '/api/ml/impact?entityRef=dataset:default/crm-accounts',
          edgar,
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

    describe('trust: health checks, certification, KPIs', () => {
      const CHURN = 'model:default/churn-model';
      const churnCert = `/api/ml/certifications/${encodeURIComponent(CHURN)}`;

      beforeAll(async () => {
        // The sweep runs every second; wait until it has certified the examples.
        await waitFor('a sweep over every example', async () => {
          const res = await get('/api/ml/health-checks/summary');
          const expected = Object.values(exampleKindCounts()).reduce(
            (a, b) => a + b,
          );
          return res.body.assets === expected && res.body.lastSweepAt
            ? res.body
            : undefined;
        });
      });

      it('shows the latest results of every built-in check with fix hints', async () => {
        const res = await get(
          `/api/ml/health-checks?entityRef=${CHURN}`,
          guest,
        );
        expect(res.status).toBe(200);
        const byCheck = Object.fromEntries(
          res.body.results.map((r: any) => [r.checkId, r]),
        );
        expect(Object.keys(byCheck).sort()).toEqual([
          'card-completeness',
          'deprecated-dependencies',
          'input-contracts',
          'licence',
          'owner-exists',
          'refs-resolve',
          'restricted-data',
          'serving-endpoint',
          'staleness',
        ]);
        expect(byCheck['owner-exists'].status).toBe('pass');
        // The demo runs no model server: "not probed" is advice, not a
        // finding, and the fix names the field to add.
        expect(byCheck['serving-endpoint']).toMatchObject({
          status: 'warn',
          severity: 'advice',
          message: expect.stringMatching(/^Not probed: /),
          fixHint: expect.stringContaining('spec.serving.healthUrl'),
        });
        expect(res.body.status).toBe('pass');
        expect(res.body.history.length).toBeGreaterThanOrEqual(8);
        expect(res.body.checkedAt).toEqual(expect.any(String));
      });

      it('flags an experimental model trained on deprecated data', async () => {
        const res = await get(
          '/api/ml/health-checks?entityRef=model:default/support-intent',
        );
        const deprecated = res.body.results.find(
          (r: any) => r.checkId === 'deprecated-dependencies',
        );
        expect(deprecated).toMatchObject({ status: 'warn' });
        expect(deprecated.message).toContain(
          'dataset:default/support-tickets-2022 (spec.trainedOn[0])',
        );
      });

      it('hides restricted assets from the summary, KPIs, lineage and audit of those who may not read them', async () => {
        const total = Object.values(exampleKindCounts()).reduce(
          (a, b) => a + b,
        );
        const asAdmin = await get('/api/ml/health-checks/summary');
        const asGuest = await get('/api/ml/health-checks/summary', guest);
        const asOwner = await get('/api/ml/health-checks/summary', edgar);
        expect(asAdmin.body.assets).toBe(total);
        // crm-accounts and card-transactions are restricted.
        expect(asGuest.body.assets).toBe(total - 2);
        // Edgar's team owns crm-accounts but not card-transactions.
        expect(asOwner.body.assets).toBe(total - 1);

        const kpis = await get('/api/ml/kpis', guest);
        expect(kpis.body.assets).toBe(total - 2);
        expect((await get('/api/ml/kpis')).body.assets).toBe(total);

        const lineage = await get(
          '/api/ml/lineage?entityRef=dataset:default/customers&direction=upstream',
          guest,
        );
        expect(lineage.body.nodes.map((n: any) => n.ref)).not.toContain(
          'dataset:default/crm-accounts',
        );
        expect(JSON.stringify(lineage.body.edges)).not.toContain(
          'crm-accounts',
        );

        const audit = await get('/api/ml/audit?limit=1000', guest);
        expect(audit.status).toBe(200);
        expect(JSON.stringify(audit.body)).not.toContain('crm-accounts');
        expect(
          JSON.stringify((await get('/api/ml/audit?limit=1000')).body),
        ).toContain('crm-accounts');
        expect(
          (
            await get(
              '/api/ml/audit?entityRef=dataset:default/crm-accounts',
              guest,
            )
          ).status,
        ).toBe(404);
        expect(
          (
            await get(
              '/api/ml/health-checks?entityRef=dataset:default/crm-accounts',
              guest,
            )
          ).status,
        ).toBe(404);
      });

      it('tells the guest an input is not visible to them, never its name, while its owners read it in full', async () => {
        // customers derives from crm-accounts, which only its owners may read.
        const CUSTOMERS = 'dataset:default/customers';
        const urls = [
          `/api/ml/health-checks?entityRef=${CUSTOMERS}`,
          `/api/ml/certifications/${encodeURIComponent(CUSTOMERS)}`,
          `/api/ml/audit?entityRef=${CUSTOMERS}`,
          `/api/ml/references?entityRef=${CUSTOMERS}`,
          `/api/ml/lineage?entityRef=${CUSTOMERS}&direction=upstream`,
        ];
        for (const url of urls) {
          const res = await get(url, guest);
          expect(res.status).toBe(200);
          expect(res.text).not.toContain('crm-accounts');
          expect(res.text).not.toContain('CRM accounts');
        }
        const message = async (as: string) =>
          (await get(urls[0], as)).body.results.find(
            (r: any) => r.checkId === 'restricted-data',
          ).message;
        expect(await message(guest)).toBe(
          'Classified confidential but reads stricter data: an asset not visible to you (restricted, spec.derivedFrom[0]).',
        );
        expect((await get(urls[3], guest)).body.references).toContainEqual({
          field: 'spec.derivedFrom[0]',
          status: 'hidden',
        });
        expect((await get(urls[4], guest)).body.hidden).toEqual({
          upstream: 1,
          downstream: 0,
        });

        expect(await message(edgar)).toBe(
          'Classified confidential but reads stricter data: dataset:default/crm-accounts (restricted, spec.derivedFrom[0]).',
        );
        expect((await get(urls[3], edgar)).body.references).toContainEqual({
          field: 'spec.derivedFrom[0]',
          status: 'visible',
          ref: 'dataset:default/crm-accounts',
        });
        expect((await get(urls[4], edgar)).body.hidden).toBeUndefined();
      });

      it('puts certification and health on lineage nodes', async () => {
        const res = await get(
          `/api/ml/lineage?entityRef=${CHURN}&direction=upstream&depth=1`,
        );
        const churn = res.body.nodes.find((n: any) => n.ref === CHURN);
        // Only advice on the churn model: its node is not coloured as a warning.
        expect(churn).toMatchObject({
          certification: 'silver',
          health: 'pass',
        });
      });

      it('re-runs checks only for owners (conditional) and admins', async () => {
        const run = (ref: string, as?: string) => {
          const r = request(server).post(
            `/api/ml/health-checks/run?entityRef=${ref}`,
          );
          return as ? r.set('Authorization', `Bearer ${as}`) : r;
        };
        expect((await run(CHURN)).status).toBe(401);
        const denied = await run(CHURN, guest);
        expect(denied.status).toBe(403);
        expect(denied.body.error.message).toContain('ml.healthcheck.run');
        // Grace's team owns churn-model but not fraud-gbm.
        const owned = await run(CHURN, grace);
        expect(owned.status).toBe(200);
        expect(owned.body.results.length).toBe(9);
        expect((await run('model:default/fraud-gbm', grace)).status).toBe(403);
        expect((await run('model:default/fraud-gbm', token)).status).toBe(200);
        expect((await run('model:default/nowhere', token)).status).toBe(404);
      });

      it("lets a reviewer approve and revoke another team's model, never their own, with every change audited", async () => {
        expect(
          (await post(`${churnCert}/approve`, guest, { reason: 'ok by me' }))
            .status,
        ).toBe(403);
        // Owners may not certify their own model.
        expect(
          (await post(`${churnCert}/approve`, grace, { reason: 'ship it' }))
            .status,
        ).toBe(403);
        const noReason = await post(`${churnCert}/approve`, token, {});
        expect(noReason.status).toBe(400);
        expect(noReason.body.error.message).toBe(
          'reason is required: say why, for the audit log',
        );
        // Ada reviews other teams' work but her team owns customer-activity.
        const own = await post(
          `/api/ml/certifications/${encodeURIComponent(
            'feature:default/customer-activity',
          )}/approve`,
          token,
          { reason: 'looks fine' },
        );
        expect(own.status).toBe(403);

        const approved = await post(`${churnCert}/approve`, token, {
          reason: 'Reviewed the card and the fairness slices',
        });
        expect(approved.status).toBe(200);
        expect(approved.body).toMatchObject({
          level: 'gold',
          approval: {
            by: 'user:default/ada',
            reason: 'Reviewed the card and the fairness slices',
          },
        });
        expect(approved.body.expiresAt > approved.body.issuedAt).toBe(true);

        expect(
          (await post(`${churnCert}/revoke`, guest, { reason: 'nope nope' }))
            .status,
        ).toBe(403);
        expect(
          (await post(`${churnCert}/revoke`, grace, { reason: 'our own' }))
            .status,
        ).toBe(403);
        const revoked = await post(`${churnCert}/revoke`, token, {
          reason: 'Drift found in the October data',
        });
        expect(revoked.status).toBe(200);
        expect(revoked.body.level).toBeNull();
        expect(revoked.body.revoked).toMatchObject({ by: 'user:default/ada' });

        const audit = await get(`/api/ml/audit?entityRef=${CHURN}`, grace);
        expect(
          audit.body.items
            .slice(0, 2)
            .map((e: any) => [e.action, e.actor, e.fromLevel, e.toLevel]),
        ).toEqual([
          ['revoked', 'user:default/ada', 'gold', null],
          ['approved', 'user:default/ada', 'silver', 'gold'],
        ]);
        // A revocation holds through sweeps until a new approval.
        await new Promise(r => setTimeout(r, 2500));
        expect((await get(churnCert, grace)).body.level).toBeNull();
      });

      it('searches the marketplace despite typos, with facets, hiding restricted data from the guest', async () => {
        const total = Object.values(exampleKindCounts()).reduce(
          (a, b) => a + b,
        );
        const typo = await get(
          '/api/ml/marketplace?q=churn%20predction&kind=model',
          guest,
        );
        expect(typo.status).toBe(200);
        expect(typo.body.items[0].ref).toBe(CHURN);
        expect(typo.body.items[0]).toMatchObject({
          owner: 'group:default/growth-ml',
          dataSources: expect.arrayContaining(['postgresql']),
        });

        const asGuest = (await get('/api/ml/marketplace?pageSize=100', guest))
          .body;
        expect(asGuest.total).toBe(total - 2);
        expect(asGuest.items.map((i: any) => i.ref)).not.toContain(
          'dataset:default/crm-accounts',
        );
        const kinds = Object.fromEntries(
          asGuest.facets.kind.map((f: any) => [f.value, f.count]),
        );
        expect(kinds.dataset).toBe(exampleKindCounts().Dataset - 2);
        expect((await get('/api/ml/marketplace?pageSize=100')).body.total).toBe(
          total,
        );

        const bad = await get('/api/ml/marketplace?sort=random', guest);
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toBe(
          'sort must be one of relevance, name, recency, reuse, rating',
        );
      });

      it('serves marketplace and per-asset KPIs', async () => {
        const kpis = (await get('/api/ml/kpis')).body;
        expect(kpis.byKind).toEqual(exampleKindCounts());
        expect(kpis.reuseRate).toBeGreaterThan(0);
        expect(kpis.certifiedShare.bronze).toBeGreaterThan(0);
        expect(kpis.certifiedShare.bronze).toBeGreaterThanOrEqual(
          kpis.certifiedShare.silver,
        );
        expect(kpis.deprecatedStillConsumed).toEqual(
          expect.arrayContaining([
            {
              entityRef: 'dataset:default/support-tickets-2022',
              consumers: ['model:default/support-intent'],
            },
          ]),
        );
        const asset = (
          await get('/api/ml/kpis/asset?entityRef=dataset:default/customers')
        ).body;
        expect(asset.consumers).toBeGreaterThanOrEqual(3);
        expect(asset.firstSeenAt).toEqual(expect.any(String));
        const model = (await get(`/api/ml/kpis/asset?entityRef=${CHURN}`)).body;
        expect(model.versions[0]).toMatchObject({
          version: 'declared',
          source: 'catalog',
        });
        expect(model.versions[0].metrics.length).toBeGreaterThanOrEqual(3);
      });
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

onEachDatabase(describePortal);
