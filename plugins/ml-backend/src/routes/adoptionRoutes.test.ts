import {
  type AuditorServiceCreateEventOptions,
  type BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  AssetUsage,
  MarketplaceKpis,
  TeamCreditDetail,
} from '@ml-marketplace/plugin-ml-common';
import request from 'supertest';
import { migratedTestDatabase } from '../__testUtils__/databases';
import { group, mlEntity } from '../__testUtils__/mlEntities';
import { DatabaseLineageStore } from '../database/LineageStore';
import { mlPlugin } from '../plugin';
import { lineageRowsOf } from '../services/lineage/lineageEdges';

const CHURN = 'model:default/churn';
const CUSTOMERS = 'dataset:default/customers';
const WEB = 'component:default/web';
const CHECKOUT = 'component:default/checkout';
const SECRET = 'component:default/secret-tool';
const GROWTH = 'group:default/growth-ml';
const WEB_TEAM = 'group:default/web-team';
const DATA = 'group:default/data-platform';
/** On the web team: may declare uses for its components. */
const GRACE = 'user:default/grace';
const HEDY = 'user:default/hedy';
/** On no team that owns a consumer. */
const BOB = 'user:default/bob';

const claims: Record<string, string[]> = {
  [GRACE]: [GRACE, WEB_TEAM],
  [HEDY]: [HEDY, WEB_TEAM],
  [BOB]: [BOB],
};

function component(
  name: string,
  owner: string,
  relations: Array<[string, string]> = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', title: `${name} service` },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [
      { type: 'ownedBy', targetRef: owner },
      ...relations.map(([type, targetRef]) => ({ type, targetRef })),
    ],
  };
}

const titled = (entity: Entity, title: string): Entity => ({
  ...entity,
  metadata: { ...entity.metadata, title },
});

const churn = mlEntity(
  'Model',
  'churn',
  { owner: GROWTH, trainedOn: ['customers'] },
  { title: 'Churn prediction' },
);
churn.relations!.push({ type: 'trainedOn', targetRef: CUSTOMERS });

const entities: Entity[] = [
  titled(group('growth-ml'), 'Growth ML'),
  titled(group('web-team'), 'Web team'),
  titled(group('data-platform'), 'Data platform'),
  group('secret-team'),
  churn,
  mlEntity('Dataset', 'customers', { owner: DATA }, { title: 'Customers' }),
  component('web', WEB_TEAM),
  component('checkout', WEB_TEAM, [['dependsOn', CHURN]]),
  component('secret-tool', 'group:default/secret-team', [['dependsOn', CHURN]]),
];
const refOf = (e: Entity) =>
  `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase();
const ownerOf = (ref: string) =>
  entities.find(e => refOf(e) === ref)?.spec?.owner as string | undefined;

const userOf = (credentials: BackstageCredentials) =>
  (credentials.principal as { userEntityRef?: string }).userEntityRef;

/** The catalog hides the secret tool from every user. */
function catalog() {
  const all = catalogServiceMock({ entities });
  return new Proxy(all, {
    get(target, key) {
      if (key === 'getEntityByRef') {
        return async (ref: string, options: any) =>
          ref === SECRET && userOf(options.credentials)
            ? undefined
            : target.getEntityByRef(ref, options);
      }
      if (key === 'getEntitiesByRefs') {
        return async (req: { entityRefs: string[] }, options: any) => {
          const answer = await target.getEntitiesByRefs(req, options);
          return {
            items: answer.items.map((item, i) =>
              req.entityRefs[i] === SECRET && userOf(options.credentials)
                ? undefined
                : item,
            ),
          };
        };
      }
      const value = (target as any)[key];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function start() {
  const db = await migratedTestDatabase('SQLite');
  const audits: Array<{
    event: AuditorServiceCreateEventOptions;
    outcome?: 'success' | 'fail';
    error?: string;
  }> = [];
  const { server } = await startTestBackend({
    features: [
      mlPlugin,
      mockServices.database.factory({ knex: db }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: catalog,
      }),
      mockServices.permissions.mock({
        authorize: async (requests, options) =>
          requests.map(req => {
            const user = userOf(options!.credentials);
            if (req.permission.name === 'ml.usage.declare') {
              const owner = ownerOf((req as any).resourceRef);
              return {
                result:
                  user && owner && claims[user]?.includes(owner)
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
              };
            }
            return { result: AuthorizeResult.ALLOW };
          }),
        // Reads are decided entity by entity, by the catalog.
        authorizeConditional: async requests =>
          requests.map(() => ({
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'TEST',
              resourceType: 'catalog-entity',
              params: {},
            },
          })),
      }).factory,
      mockServices.auditor.mock({
        createEvent: async event => {
          const entry: (typeof audits)[number] = { event };
          audits.push(entry);
          return {
            success: async () => {
              entry.outcome = 'success';
            },
            fail: async ({ error }) => {
              entry.outcome = 'fail';
              entry.error = error.message;
            },
          };
        },
      }).factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
  // The lineage index as a sync would write it.
  await new DatabaseLineageStore(db).upsert(entities.map(lineageRowsOf));
  const now = '2026-12-07T10:00:00.000Z';
  await db('ml_assets').insert(
    [CHURN, CUSTOMERS].map(ref => ({
      ref,
      kind: ref.startsWith('model') ? 'Model' : 'Dataset',
      lifecycle: 'production',
      spec_hash: 'h',
      first_seen_at: now,
      updated_at: now,
      status: 'pass',
      results_hash: 'r',
      checked_at: now,
    })),
  );

  const as = (user: string | 'service' | 'nobody') => {
    const specials: Record<string, () => string> = {
      service: () => mockCredentials.service.header(),
      nobody: () => mockCredentials.none.header(),
    };
    const header = specials[user]?.() ?? mockCredentials.user.header(user);
    const call =
      (method: 'get' | 'post' | 'delete') => (url: string, body?: object) => {
        const req = request(server)[method](`/api/ml${url}`);
        req.set('Authorization', header);
        return body === undefined ? req : req.send(body);
      };
    return { get: call('get'), post: call('post'), delete: call('delete') };
  };
  return { as, audits, db };
}

const onChurn = `?entityRef=${CHURN}`;

describe('GET /usage', () => {
  it('lists the direct consumers the caller may read, counts the others, and groups them by team', async () => {
    const { as } = await start();
    const res = await as(BOB).get(`/usage${onChurn}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entityRef: CHURN,
      uses: [
        {
          consumer: CHECKOUT,
          title: 'checkout service',
          kind: 'Component',
          owner: WEB_TEAM,
          ownerTitle: 'Web team',
          origin: 'catalog',
        },
      ],
      teams: [{ team: WEB_TEAM, title: 'Web team', uses: 1 }],
      canDeclare: true,
      hidden: 1,
    } satisfies AssetUsage);
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });

  it('lets services read uses but not declare them', async () => {
    const { as } = await start();
    const res = await as('service').get(`/usage${onChurn}`);
    expect(res.status).toBe(200);
    expect(res.body.canDeclare).toBe(false);
  });

  it.each([
    [
      '',
      400,
      'entityRef is required, e.g. ?entityRef=model:default/churn-model',
    ],
    [
      `?entityRef=${WEB}`,
      400,
      'component:default/web is a Component; this applies to Models, Features and Datasets',
    ],
    [
      '?entityRef=model:default/nowhere',
      404,
      'No entity model:default/nowhere in the catalog, or you may not read it',
    ],
  ])('answers %s with %s: %s', async (query, status, message) => {
    const { as } = await start();
    const res = await as(BOB).get(`/usage${query}`);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toBe(message);
  });

  it('refuses anonymous callers', async () => {
    const { as } = await start();
    expect((await as('nobody').get(`/usage${onChurn}`)).status).toBe(401);
  });
});

describe('POST /usage', () => {
  it('declares that a team’s component uses the asset: a user-declared consumer in usage, lineage and credit', async () => {
    const { as, audits } = await start();
    const res = await as(GRACE).post(`/usage${onChurn}`, {
      consumer: 'Component:default/Web',
      note: '  Scores checkout sessions  ',
    });
    expect(res.status).toBe(200);
    const usage = res.body as AssetUsage;
    const web = usage.uses.find(u => u.consumer === WEB);
    expect(web).toEqual({
      consumer: WEB,
      title: 'web service',
      kind: 'Component',
      owner: WEB_TEAM,
      ownerTitle: 'Web team',
      origin: 'user',
      declaredBy: GRACE,
      declaredAt: expect.any(String),
      note: 'Scores checkout sessions',
      canWithdraw: true,
    });
    expect(usage.teams).toEqual([
      { team: WEB_TEAM, title: 'Web team', uses: 2 },
    ]);
    expect(audits).toEqual([
      {
        event: expect.objectContaining({
          eventId: 'ml-usage-declaration',
          meta: {
            entityRef: CHURN,
            action: 'declare',
            consumer: 'Component:default/Web',
          },
        }),
        outcome: 'success',
      },
    ]);

    // The lineage graph draws it as declared by a user.
    const lineage = await as(BOB).get(
      `/lineage?entityRef=${CHURN}&direction=downstream&depth=1`,
    );
    expect(lineage.body.edges).toContainEqual({
      source: CHURN,
      target: WEB,
      type: 'declaredUse',
      origin: 'user',
    });
    // Others see it, but may not withdraw it.
    const other = await as(BOB).get(`/usage${onChurn}`);
    expect(other.body.uses.find((u: any) => u.consumer === WEB)).toMatchObject({
      declaredBy: GRACE,
      canWithdraw: false,
    });

    // Repeated: the same answer, no conflict.
    const again = await as(GRACE).post(`/usage${onChurn}`, {
      consumer: WEB,
      note: 'something else',
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(usage);
  });

  it.each([
    [
      {},
      400,
      'consumer is required: the ref of your team’s entity that uses this asset, e.g. component:default/checkout',
    ],
    [
      { consumer: 'web' },
      400,
      'consumer must be a full entity ref like "component:default/checkout", got "web"',
    ],
    [
      { consumer: WEB, note: 'x'.repeat(281) },
      400,
      'note is 281 characters long; keep it to 280',
    ],
    [
      { consumer: 'component:default/nowhere' },
      400,
      'consumer: no entity component:default/nowhere in the catalog, or you may not read it; name one of your team’s entities, e.g. component:default/checkout',
    ],
    [
      { consumer: CHURN },
      400,
      'consumer is model:default/churn, the asset itself: name another entity, one of your team’s, that uses it',
    ],
    [
      { consumer: WEB_TEAM },
      400,
      'consumer is a Group (group:default/web-team); declare uses for what your teams build or run: a Component, System, Resource, Model, Feature or Dataset',
    ],
    [
      { consumer: CHECKOUT },
      400,
      'The catalog already says component:default/checkout uses model:default/churn: there is nothing to declare',
    ],
  ])('answers %j with %s: %s', async (body, status, message) => {
    const { as, audits } = await start();
    const res = await as(GRACE).post(`/usage${onChurn}`, body);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toBe(message);
    expect(audits.map(a => a.outcome)).toEqual(['fail']);
  });

  it('lets people declare uses only for what their teams own', async () => {
    const { as } = await start();
    const res = await as(BOB).post(`/usage${onChurn}`, { consumer: WEB });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You may declare uses only for entities your teams own; component:default/web is owned by group:default/web-team',
    );
  });

  it('refuses service tokens and anonymous callers', async () => {
    const { as } = await start();
    expect(
      (await as('service').post(`/usage${onChurn}`, { consumer: WEB })).status,
    ).toBe(403);
    expect(
      (await as('nobody').post(`/usage${onChurn}`, { consumer: WEB })).status,
    ).toBe(401);
  });
});

describe('DELETE /usage', () => {
  it('lets the declarer or an owner of the consumer withdraw a declared use, nobody else', async () => {
    const { as, audits } = await start();
    await as(GRACE).post(`/usage${onChurn}`, { consumer: WEB });
    const url = `/usage${onChurn}&consumer=${WEB}`;

    const denied = await as(BOB).delete(url);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'Only user:default/grace, who declared it, or the owners of component:default/web may withdraw this use',
    );

    // A teammate of the declarer owns the consumer too.
    const withdrawn = await as(HEDY).delete(url);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.uses.map((u: any) => u.consumer)).toEqual([CHECKOUT]);
    expect(audits.map(a => [a.event.meta?.action, a.outcome])).toEqual([
      ['declare', 'success'],
      ['withdraw', 'fail'],
      ['withdraw', 'success'],
    ]);

    const gone = await as(GRACE).delete(url);
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toBe(
      "Nobody declared that component:default/web uses model:default/churn; only declared uses can be withdrawn (the catalog's come from the entities' own YAML)",
    );
  });

  it('names the missing parameter', async () => {
    const { as } = await start();
    const res = await as(GRACE).delete(`/usage${onChurn}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'consumer is required: the entity whose declared use you withdraw, e.g. ?consumer=component:default/checkout',
    );
  });
});

describe('credit', () => {
  it('ranks contributors in GET /kpis, counting declared uses like the catalog’s', async () => {
    const { as } = await start();
    await as(GRACE).post(`/usage?entityRef=${CUSTOMERS}`, { consumer: WEB });
    const res = await as(BOB).get('/kpis');
    expect(res.status).toBe(200);
    expect((res.body as MarketplaceKpis).credit).toEqual({
      ranked: 2,
      contributors: [
        {
          team: DATA,
          title: 'Data platform',
          rank: 1,
          consumerTeams: 2,
          crossTeamConsumers: 2,
          reusedAssets: 1,
          topAssets: [
            {
              ref: CUSTOMERS,
              title: 'Customers',
              kind: 'Dataset',
              consumerTeams: 2,
              crossTeamConsumers: 2,
            },
          ],
        },
        {
          team: GROWTH,
          title: 'Growth ML',
          rank: 2,
          // The secret tool's team is not the caller's to count.
          consumerTeams: 1,
          crossTeamConsumers: 1,
          reusedAssets: 1,
          topAssets: [
            {
              ref: CHURN,
              title: 'Churn prediction',
              kind: 'Model',
              consumerTeams: 1,
              crossTeamConsumers: 1,
            },
          ],
        },
      ],
    });
  });

  it('answers GET /kpis/team with each asset, the teams using it and how', async () => {
    const { as } = await start();
    await as(GRACE).post(`/usage${onChurn}`, { consumer: WEB });
    const res = await as(BOB).get(`/kpis/team?group=${GROWTH}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      team: GROWTH,
      title: 'Growth ML',
      rank: 1,
      ranked: 2,
      totals: {
        assets: 1,
        reusedAssets: 1,
        consumerTeams: 1,
        crossTeamConsumers: 2,
      },
      assets: [
        {
          ref: CHURN,
          title: 'Churn prediction',
          kind: 'Model',
          consumers: 2,
          teams: [
            { team: WEB_TEAM, title: 'Web team', consumers: 2, declared: 1 },
          ],
        },
      ],
    } satisfies TeamCreditDetail);
  });

  it.each([
    ['', 400, 'group is required, e.g. ?group=group:default/growth-ml'],
    [
      '?group=growth-ml',
      400,
      'group must be a full entity ref like "group:default/growth-ml", got "growth-ml"',
    ],
    [
      '?group=group:default/nobody',
      404,
      'No team group:default/nobody in the catalog, or you may not read it',
    ],
  ])('answers /kpis/team%s with %s: %s', async (query, status, message) => {
    const { as } = await start();
    const res = await as(BOB).get(`/kpis/team${query}`);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toBe(message);
  });
});
