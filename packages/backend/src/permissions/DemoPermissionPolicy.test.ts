import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  mlCertificationApprovePermission,
  mlFeedbackCreatePermission,
  mlFeedbackRespondPermission,
  mlHealthCheckRunPermission,
  mlOpenLineageWritePermission,
  mlRegistrySyncPermission,
  mlUsageDeclarePermission,
} from '@ml-marketplace/plugin-ml-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { DemoPermissionPolicy } from './DemoPermissionPolicy';

// Ownership claims as the sign-in resolver would compute them from examples/org.yaml.
const claims: Record<string, string[]> = {
  'user:default/ada': ['user:default/ada', 'group:default/ML-Platform-Admins'],
  'user:default/grace': ['user:default/grace', 'group:default/growth-ml'],
};
const userInfo = {
  getUserInfo: async (credentials: BackstageCredentials) => {
    const ref = (credentials.principal as BackstageUserPrincipal).userEntityRef;
    return { userEntityRef: ref, ownershipEntityRefs: claims[ref] };
  },
};
const policy = new DemoPermissionPolicy({
  adminGroups: ['group:default/ml-platform-admins'],
  userInfo,
});
const user = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: claims[ref] },
});
const admin = user('user:default/ada');
const grace = user('user:default/grace');

describe('DemoPermissionPolicy', () => {
  it('lets everybody read all but restricted data, which only its owners see', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityReadPermission },
      grace,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          {
            not: {
              rule: 'HAS_SPEC',
              resourceType: 'catalog-entity',
              params: { key: 'classification', value: 'restricted' },
            },
          },
          {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: {
              claims: ['user:default/grace', 'group:default/growth-ml'],
            },
          },
        ],
      },
    });
  });

  it('lets admins approve certifications only of assets their teams do not own', async () => {
    const decision = await policy.handle(
      { permission: mlCertificationApprovePermission },
      admin,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        not: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: claims['user:default/ada'] },
        },
      },
    });
  });

  it('lets admins do everything else, matching group refs case-insensitively', async () => {
    for (const permission of [
      catalogEntityReadPermission,
      catalogEntityDeletePermission,
      catalogLocationDeletePermission,
    ]) {
      expect((await policy.handle({ permission }, admin)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
  });

  it('denies certification approval to everybody else, owners included', async () => {
    const decision = await policy.handle(
      { permission: mlCertificationApprovePermission },
      grace,
    );
    expect(decision.result).toBe(AuthorizeResult.DENY);
  });

  it('lets owners delete or re-check only what they own', async () => {
    for (const permission of [
      catalogEntityDeletePermission,
      mlHealthCheckRunPermission,
    ]) {
      const decision = await policy.handle({ permission }, grace);
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['user:default/grace', 'group:default/growth-ml'] },
        },
      });
    }
  });

  it('denies owner-scoped actions when there is no user at all', async () => {
    const decision = await policy.handle({
      permission: catalogEntityDeletePermission,
    });
    expect(decision.result).toBe(AuthorizeResult.DENY);
  });

  it('denies deleting locations and starting registry syncs to non-admins', async () => {
    for (const permission of [
      catalogLocationDeletePermission,
      mlRegistrySyncPermission,
    ]) {
      expect((await policy.handle({ permission }, grace)).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await policy.handle({ permission }, admin)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
  });

  it('denies sending OpenLineage events to every person, admins included, and to anonymous callers', async () => {
    const permission = mlOpenLineageWritePermission;
    for (const who of [grace, admin, undefined]) {
      expect((await policy.handle({ permission }, who)).result).toBe(
        AuthorizeResult.DENY,
      );
    }
  });

  it('lets every signed-in user give feedback on what their teams do not own, and nobody without a sign-in', async () => {
    const permission = mlFeedbackCreatePermission;
    for (const who of [grace, admin]) {
      expect(await policy.handle({ permission }, who)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          not: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: claims[who.info.userEntityRef] },
          },
        },
      });
    }
    expect((await policy.handle({ permission })).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('lets only owners respond to feedback, admins included: a reply speaks for the team', async () => {
    const permission = mlFeedbackRespondPermission;
    for (const who of [grace, admin]) {
      expect(await policy.handle({ permission }, who)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: claims[who.info.userEntityRef] },
        },
      });
    }
    expect((await policy.handle({ permission })).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('lets people declare uses only for entities their teams own, admins included', async () => {
    const permission = mlUsageDeclarePermission;
    for (const who of [grace, admin]) {
      expect(await policy.handle({ permission }, who)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: claims[who.info.userEntityRef] },
        },
      });
    }
    expect((await policy.handle({ permission })).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('allows permissions it does not know about', async () => {
    const other = createPermission({ name: 'other.thing', attributes: {} });
    expect((await policy.handle({ permission: other }, grace)).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });
});
