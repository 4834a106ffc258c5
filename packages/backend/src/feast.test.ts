/*
 * The demo feature store as the Feast connector (issue 17) will read it: a
 * real Feast 0.67 registry server over REST, from scripts/feast.sh and
 * examples/feast/repo (applied and materialized). These tests pin the parts
 * of its REST API the connector relies on, including its quirks.
 */
import {
  FEAST_DEMO_PROJECT,
  describeWithFeast,
  startFeastServer,
  type FeastServer,
} from './__testUtils__/feast';

jest.setTimeout(300_000);

describeWithFeast(
  'the demo feature store over Feast’s REST registry API',
  () => {
    let feast: FeastServer;
    const get = async (route: string) => {
      const res = await fetch(`${feast.api}${route}`);
      expect(res.status).toBe(200);
      return res.json();
    };

    beforeAll(async () => {
      feast = await startFeastServer();
    });

    afterAll(async () => {
      await feast?.stop();
    });

    it('lists the feature views with owners, features, types and TTLs', async () => {
      const body = await get(
        `/feature_views?project=${FEAST_DEMO_PROJECT}&sort_by=name`,
      );
      const views = body.featureViews.map((v: any) => ({
        name: v.spec.name,
        owner: v.spec.owner,
        ownerTag: v.spec.tags?.owner,
        // false is left out of Feast's JSON, like every empty value.
        online: v.spec.online ?? false,
        ttl: v.spec.ttl,
        features: v.spec.features.map((f: any) => `${f.name}:${f.valueType}`),
      }));
      expect(views).toEqual([
        {
          name: 'basket_signals',
          owner: 'group:default/growth-ml',
          ownerTag: 'group:default/growth-ml',
          online: false,
          ttl: '604800s',
          features: [
            'avg_basket_value_30d:FLOAT',
            'distinct_categories_30d:INT64',
          ],
        },
        {
          name: 'customer_activity',
          owner: 'group:default/ml-platform',
          ownerTag: 'group:default/ml-platform',
          online: true,
          ttl: '86400s',
          features: [
            'sessions_30d:INT64',
            'page_views_30d:INT64',
            'purchases_30d:INT64',
          ],
        },
        {
          name: 'merchant_risk',
          owner: 'group:default/risk-ml',
          ownerTag: 'group:default/risk-ml',
          online: true,
          ttl: '86400s',
          features: ['chargeback_rate_90d:DOUBLE', 'merchant_age_days:INT64'],
        },
        {
          name: 'transaction_velocity',
          owner: 'group:default/risk-ml',
          ownerTag: 'group:default/risk-ml',
          online: true,
          ttl: '3600s',
          features: [
            'tx_count_1h:INT64',
            'tx_amount_24h:DOUBLE',
            'tx_count_7d:INT64',
          ],
        },
      ]);
    });

    it('says when each online view was last materialized', async () => {
      const body = await get(
        `/feature_views?project=${FEAST_DEMO_PROJECT}&sort_by=name`,
      );
      const ends = Object.fromEntries(
        body.featureViews.map((v: any) => [
          v.spec.name,
          (v.meta.materializationIntervals ?? []).map((i: any) =>
            Date.parse(i.endTime),
          ),
        ]),
      );
      // Offline only: never materialized.
      expect(ends.basket_signals).toEqual([]);
      for (const view of [
        'customer_activity',
        'merchant_risk',
        'transaction_velocity',
      ]) {
        expect(ends[view]).toHaveLength(1);
        // Materialized up to the start of the server, minutes ago at most.
        expect(Date.now() - ends[view][0]).toBeLessThan(30 * 60_000);
      }
    });

    it('pages with page and limit, and answers an unknown project with nothing', async () => {
      const first = await get(
        `/feature_views?project=${FEAST_DEMO_PROJECT}&sort_by=name&page=1&limit=3`,
      );
      expect(first.featureViews).toHaveLength(3);
      expect(first.pagination).toMatchObject({
        page: 1,
        limit: 3,
        totalCount: 4,
        totalPages: 2,
        hasNext: true,
      });
      const second = await get(
        `/feature_views?project=${FEAST_DEMO_PROJECT}&sort_by=name&page=2&limit=3`,
      );
      expect(second.featureViews.map((v: any) => v.spec.name)).toEqual([
        'transaction_velocity',
      ]);
      // Not a 404: a connector must tell "no such project" from /projects.
      expect(await get('/feature_views?project=no_such_project')).toEqual({
        featureViews: [],
        pagination: {},
      });
      const projects = await get('/projects');
      expect(projects.projects.map((p: any) => p.spec.name)).toContain(
        FEAST_DEMO_PROJECT,
      );
    });

    it('lists the feature services that say which views a model reads', async () => {
      const body = await get(`/feature_services?project=${FEAST_DEMO_PROJECT}`);
      const churn = body.featureServices.find(
        (s: any) => s.spec.name === 'churn_features',
      );
      expect(
        churn.spec.features.map((f: any) => f.featureViewName).sort(),
      ).toEqual(['basket_signals', 'customer_activity']);
    });
  },
);
