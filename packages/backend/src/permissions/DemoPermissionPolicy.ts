import type { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  mlCertificationApprovePermission,
  mlFeedbackCreatePermission,
  mlFeedbackRespondPermission,
  mlHealthCheckRunPermission,
  mlOpenLineageWritePermission,
  mlRegistrySyncPermission,
  mlUsageDeclarePermission,
} from '@ml-marketplace/plugin-ml-common';

export interface DemoPermissionPolicyOptions {
  /** Group refs whose members may do everything, e.g. `group:default/ml-platform-admins`. */
  adminGroups: string[];
  userInfo: UserInfoService;
}

/**
 * The demo portal's policy. Everybody signed in may read (restricted data only
 * its owners) and create; owners may also change and re-check what they own;
 * members of an admin group may do everything, except approve or revoke the
 * certification of their own team's assets. OpenLineage events come from
 * producers with a service token, never from people. Every signed-in user
 * may rate, review and request improvements; only owners, admins included,
 * reply and change the status of requests. People declare that an entity
 * uses an ML asset ("I use this") only for entities their teams own.
 */
export class DemoPermissionPolicy implements PermissionPolicy {
  private readonly adminGroups: Set<string>;
  private readonly userInfo: UserInfoService;

  constructor(options: DemoPermissionPolicyOptions) {
    this.adminGroups = new Set(
      options.adminGroups.map(g => g.toLocaleLowerCase('en-US')),
    );
    this.userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user
      ? (await this.userInfo.getUserInfo(user.credentials)).ownershipEntityRefs
      : [];
    const isAdmin = claims.some(ref =>
      this.adminGroups.has(ref.toLocaleLowerCase('en-US')),
    );
    const { permission } = request;

    // Reviewers certify other teams' work: even an admin may not approve or
    // revoke the certification of an asset their own team owns.
    if (isPermission(permission, mlCertificationApprovePermission)) {
      return isAdmin
        ? createCatalogConditionalDecision(permission, {
            not: catalogConditions.isEntityOwner({ claims }),
          })
        : { result: AuthorizeResult.DENY };
    }
    // Lineage is what pipelines did, so only they report it. Services never
    // reach a policy: the permissions service allows them what their token's
    // `accessRestrictions` in backend.auth.externalAccess allow (the demo's
    // openlineage-producer: ml.openlineage.write). This denies people, admins
    // included, and callers without a token.
    if (isPermission(permission, mlOpenLineageWritePermission)) {
      return { result: AuthorizeResult.DENY };
    }
    // Feedback is from the people who use an asset: anyone signed in may
    // give it, but not on what their own teams own, so that ratings are
    // worth trusting (owners answer feedback instead).
    if (isPermission(permission, mlFeedbackCreatePermission)) {
      return user
        ? createCatalogConditionalDecision(permission, {
            not: catalogConditions.isEntityOwner({ claims }),
          })
        : { result: AuthorizeResult.DENY };
    }
    // A reply or a status change speaks for the team that owns the asset,
    // so admins who are not on that team may not give one either.
    if (isPermission(permission, mlFeedbackRespondPermission)) {
      return user
        ? createCatalogConditionalDecision(
            permission,
            catalogConditions.isEntityOwner({ claims }),
          )
        : { result: AuthorizeResult.DENY };
    }
    // Authorized on the consumer: a declared use speaks for the team that
    // owns it, so admins declare only for their own teams' entities too.
    if (isPermission(permission, mlUsageDeclarePermission)) {
      return user
        ? createCatalogConditionalDecision(
            permission,
            catalogConditions.isEntityOwner({ claims }),
          )
        : { result: AuthorizeResult.DENY };
    }
    if (isAdmin) {
      return { result: AuthorizeResult.ALLOW };
    }

    // Restricted data (spec.classification: restricted) is visible to its
    // owners only; everything else to everyone signed in.
    if (isPermission(permission, catalogEntityReadPermission)) {
      return createCatalogConditionalDecision(permission, {
        anyOf: [
          {
            not: catalogConditions.hasSpec({
              key: 'classification',
              value: 'restricted',
            }),
          },
          catalogConditions.isEntityOwner({ claims }),
        ],
      });
    }
    // Registry syncs cost the registry load: reviewers start them, others wait for the schedule.
    if (
      isPermission(permission, catalogLocationDeletePermission) ||
      isPermission(permission, mlRegistrySyncPermission)
    ) {
      return { result: AuthorizeResult.DENY };
    }
    if (
      isResourcePermission(permission, 'catalog-entity') &&
      (isPermission(permission, catalogEntityDeletePermission) ||
        isPermission(permission, catalogEntityRefreshPermission) ||
        isPermission(permission, mlHealthCheckRunPermission))
    ) {
      if (!user) {
        return { result: AuthorizeResult.DENY };
      }
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
