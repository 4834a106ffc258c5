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
  catalogEntityRefreshPermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  mlCertificationApprovePermission,
  mlHealthCheckRunPermission,
} from '@ml-marketplace/plugin-ml-common';

export interface DemoPermissionPolicyOptions {
  /** Group refs whose members may do everything, e.g. `group:default/ml-platform-admins`. */
  adminGroups: string[];
  userInfo: UserInfoService;
}

/**
 * The demo portal's policy. Everybody signed in may read and create; owners may
 * also change what they own; members of an admin group may do everything.
 * Certification approval is reserved for admins: a signed-in owner must not be
 * able to certify their own model.
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
    if (
      claims.some(ref => this.adminGroups.has(ref.toLocaleLowerCase('en-US')))
    ) {
      return { result: AuthorizeResult.ALLOW };
    }

    const { permission } = request;
    if (isPermission(permission, mlCertificationApprovePermission)) {
      return { result: AuthorizeResult.DENY };
    }
    if (isPermission(permission, catalogLocationDeletePermission)) {
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
