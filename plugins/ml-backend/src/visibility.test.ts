import {
  BackstageCredentials,
  BackstageUserPrincipal,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { mlPlugin } from './plugin';
import { group, mlEntity } from './__testUtils__/mlEntities';

const CRM = 'dataset:default/crm-accounts';
const CRM_TITLE = 'CRM accounts (raw, PII)';
const CUSTOMERS = 'dataset:default/customers';
const OWNER = 'user:default/edgar';

const entities: Entity[] = [
  group('team'),
  mlEntity(
    'Dataset',
    'crm-accounts',
    { type: 'table', classification: 'restricted' },
    { title: CRM_TITLE },
  ),
  mlEntity('Dataset', 'customers', {
    type: 'table',
    classification: 'confidential',
    // The first is restricted; the second is in no catalog at all.
    derivedFrom: ['crm-accounts', 'ghost-data'],
  }),
];

/**
 * The catalog under a policy like the demo's: restricted data is visible to
 * the plugin itself and to its owner only.
 */
function restrictedCatalog() {
  const all = catalogServiceMock({ entities });
  const hides = (
    entity: Entity | undefined,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ) =>
    entity?.spec?.classification === 'restricted' &&
    credentials.principal.type === 'user' &&
    credentials.principal.userEntityRef !== OWNER;
  return new Proxy(all, {
    get(target, key) {
      if (key === 'getEntityByRef') {
        return async (ref: string, { credentials }: any) => {
          const entity = await target.getEntityByRef(ref, { credentials });
          return hides(entity, credentials) ? undefined : entity;
        };
      }
      if (key === 'getEntitiesByRefs') {
        return async (query: any, { credentials }: any) => {
          const { items } = await target.getEntitiesByRefs(
            { entityRefs: query.entityRefs },
            { credentials },
          );
          return {
            items: items.map(e => (hides(e, credentials) ? null : e)),
          };
        };
      }
      return (target as any)[key];
    },
  });
}

describe('assets a reader may not see', () => {
  async function start() {
    const conditional = {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: { rule: 'TEST', resourceType: 'catalog-entity', params: {} },
    } as const;
    const { server } = await startTestBackend({
      features: [
        mlPlugin,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => restrictedCatalog(),
        }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
          authorizeConditional: async requests =>
            requests.map(() => conditional),
        }).factory,
      ],
    });
    const as = (user: string) => ({
      get: (url: string) =>
        request(server)
          .get(url)
          .set('Authorization', mockCredentials.user.header(user)),
      post: (url: string, body?: object) =>
        request(server)
          .post(url)
          .set('Authorization', mockCredentials.user.header(user))
          .send(body),
    });
    const owner = as(OWNER);
    expect(
      (await owner.post(`/api/ml/health-checks/run?entityRef=${CUSTOMERS}`))
        .status,
    ).toBe(200);
    expect(
      (
        await owner.post(
          `/api/ml/certifications/${encodeURIComponent(CUSTOMERS)}/approve`,
          { reason: `Checked the pseudonymisation of ${CRM}` },
        )
      ).status,
    ).toBe(200);
    return { owner, guest: as('user:default/guest') };
  }

  const urls = [
    `/api/ml/health-checks?entityRef=${CUSTOMERS}`,
    `/api/ml/certifications/${encodeURIComponent(CUSTOMERS)}`,
    `/api/ml/audit?entityRef=${CUSTOMERS}`,
    '/api/ml/audit',
    `/api/ml/references?entityRef=${CUSTOMERS}`,
  ];

  it('tells a reader who may not see an input that it is not visible, never its ref or title', async () => {
    const { guest } = await start();
    for (const url of urls) {
      const res = await guest.get(url);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('crm-accounts');
      expect(res.text).not.toContain('CRM accounts');
    }

    const health = (await guest.get(urls[0])).body;
    const byCheck = Object.fromEntries(
      health.results.map((r: any) => [r.checkId, r]),
    );
    expect(byCheck['restricted-data']).toMatchObject({
      status: 'fail',
      message:
        'Classified confidential but reads stricter data: an asset not visible to you (restricted, spec.derivedFrom[0]).',
      fixHint:
        'Set spec.classification: restricted, or stop reading an asset not visible to you (spec.derivedFrom[0]).',
    });
    // A ref to nothing is still missing, for everyone.
    expect(byCheck['refs-resolve'].message).toBe(
      'Not in the catalog: dataset:default/ghost-data (spec.derivedFrom[1]).',
    );

    const certification = (await guest.get(urls[1])).body;
    expect(certification.approval.reason).toBe(
      'Checked the pseudonymisation of an asset not visible to you',
    );
    expect(JSON.stringify(certification.evidence)).toContain(
      'an asset not visible to you (restricted, spec.derivedFrom[0])',
    );

    expect((await guest.get(urls[4])).body).toEqual({
      entityRef: CUSTOMERS,
      references: [
        { field: 'spec.owner', status: 'visible', ref: 'group:default/team' },
        { field: 'spec.derivedFrom[0]', status: 'hidden' },
        {
          field: 'spec.derivedFrom[1]',
          status: 'missing',
          ref: 'dataset:default/ghost-data',
        },
      ],
    });
  });

  it('gives a reader who may see the input the full messages', async () => {
    const { owner } = await start();
    const health = (await owner.get(urls[0])).body;
    expect(
      health.results.find((r: any) => r.checkId === 'restricted-data').message,
    ).toBe(
      `Classified confidential but reads stricter data: ${CRM} (restricted, spec.derivedFrom[0]).`,
    );
    expect((await owner.get(urls[1])).body.approval.reason).toBe(
      `Checked the pseudonymisation of ${CRM}`,
    );
    expect((await owner.get(urls[2])).text).toContain(CRM);
    expect((await owner.get(urls[4])).body.references[1]).toEqual({
      field: 'spec.derivedFrom[0]',
      status: 'visible',
      ref: CRM,
    });
  });
});
