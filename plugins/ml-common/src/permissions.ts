import { createPermission } from '@backstage/plugin-permission-common';

/** Re-run the health checks of one ML entity now, outside the schedule. */
export const mlHealthCheckRunPermission = createPermission({
  name: 'ml.healthcheck.run',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Approve or revoke a certification. Owners of an asset should not approve their own. */
export const mlCertificationApprovePermission = createPermission({
  name: 'ml.certification.approve',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Send OpenLineage events that add lineage: for producers' service tokens, not people. */
export const mlOpenLineageWritePermission = createPermission({
  name: 'ml.openlineage.write',
  attributes: { action: 'create' },
});

/** Start a registry sync now, outside its schedule. */
export const mlRegistrySyncPermission = createPermission({
  name: 'ml.registry.sync',
  attributes: { action: 'update' },
});

/**
 * Rate and review an asset, and file improvement requests on it. Everyone who
 * can read an asset should usually be allowed; a policy may narrow it.
 */
export const mlFeedbackCreatePermission = createPermission({
  name: 'ml.feedback.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/**
 * Reply to reviews and move improvement requests on (accept, done, decline):
 * for the asset's owners, so policies make it conditional on ownership.
 */
export const mlFeedbackRespondPermission = createPermission({
  name: 'ml.feedback.respond',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Declare that an entity uses an ML asset when the catalog does not say so
 * ("I use this"). Authorized on the **consumer** (the Component, Model, … that
 * uses the asset), not on the asset: people declare uses for what their teams
 * own, so policies make it conditional on ownership. Withdrawing a declaration
 * someone else made takes it too.
 */
export const mlUsageDeclarePermission = createPermission({
  name: 'ml.usage.declare',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/** Every permission the ML marketplace defines, for the permission integration. */
export const mlPermissions = [
  mlHealthCheckRunPermission,
  mlCertificationApprovePermission,
  mlOpenLineageWritePermission,
  mlRegistrySyncPermission,
  mlFeedbackCreatePermission,
  mlFeedbackRespondPermission,
  mlUsageDeclarePermission,
];
