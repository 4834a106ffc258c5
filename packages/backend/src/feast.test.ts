/*
 * The demo feature store as the Feast connector (issue 17) will read it: a
 * real Feast 0.67 registry server over REST, from scripts/feast.sh and
 * scripts/feast/repo (applied and materialized). These tests pin the parts
 * of its REST API the connector relies on, including its quirks.
 */
import { ConfigReader } from '@backstage/config';
import {
  FeastRegistryConnector,
  readFeastRegistryConfigs,
} from '@ml-marketplace/plugin-ml-node';
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

    it('is read by the Feast connector: views with owners, freshness and the services that group them', async () => {
      const [config] = readFeastRegistryConfigs(
        new ConfigReader({
          ml: {
            registries: {
              // The base URL without /api/v1, as an adopter writes it; a
              // page of two, so paging is exercised.
              feast: [
                {
                  id: 'demo',
                  baseUrl: feast.api.replace(/\/api\/v1$/, ''),
                  pageSize: 2,
                },
              ],
            },
          },
        }),
      );
      const result = await new FeastRegistryConnector(config).readAll({
        signal: new AbortController().signal,
      });
      expect(result).toMatchObject({
        complete: true,
        skipped: [],
        warnings: [],
      });
      expect(
        result.views.map(v => [
          v.name,
          v.owner,
          v.online,
          v.ttlSeconds,
          v.entities,
        ]),
      ).toEqual([
        [
          'basket_signals',
          'group:default/growth-ml',
          false,
          604800,
          ['customer'],
        ],
        [
          'customer_activity',
          'group:default/ml-platform',
          true,
          86400,
          ['customer'],
        ],
        ['merchant_risk', 'group:default/risk-ml', true, 86400, ['merchant']],
        ['transaction_velocity', 'group:default/risk-ml', true, 3600, ['card']],
      ]);
      const velocity = result.views.find(
        v => v.name === 'transaction_velocity',
      )!;
      expect(velocity.features).toEqual([
        { name: 'tx_count_1h', type: 'INT64' },
        { name: 'tx_amount_24h', type: 'DOUBLE' },
        { name: 'tx_count_7d', type: 'INT64' },
      ]);
      expect(velocity.source).toMatchObject({ type: 'BATCH_FILE' });
      expect(Date.now() - Date.parse(velocity.materializedUntil!)).toBeLessThan(
        30 * 60_000,
      );
      expect(
        result.views.find(v => v.name === 'basket_signals')!.materializedUntil,
      ).toBeUndefined();
      expect(result.services).toEqual([
        expect.objectContaining({
          project: FEAST_DEMO_PROJECT,
          name: 'churn_features',
          owner: 'group:default/growth-ml',
          featureViews: ['customer_activity', 'basket_signals'],
        }),
      ]);
    });
  },
);
