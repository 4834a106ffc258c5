import { NotFoundError } from '@backstage/errors';
import {
  auditQuerySchema,
  certificationDecisionSchema,
  healthQuerySchema,
  mlCertificationApprovePermission,
  mlHealthCheckRunPermission,
  referencesQuerySchema,
  sweepsQuerySchema,
} from '@ml-marketplace/plugin-ml-common';
import type express from 'express';
import type { RouteContext } from '../router';
import { requestedEntityRef } from '../services/entityRefs';

/**
 * What tells a reader whether to trust an asset: its health checks, its
 * certification and the audit log of decisions, and the refs its spec declares.
 */
export function addTrustRoutes(
  router: express.Router,
  {
    caller,
    parse,
    mlEntity,
    authorizeOn,
    httpAuth,
    sweeper,
    health,
    certification,
    readable,
    visibility,
  }: RouteContext,
) {
  router.get('/health-checks/summary', async (req, res) => {
    res.json(await health.summary(await caller(req)));
  });

  // The sweep log: when sweeps ran, where, how long and what they wrote.
  // Holds no entity data, so every signed-in caller may read it.
  router.get('/health-checks/sweeps', async (req, res) => {
    await caller(req);
    const { limit } = parse(sweepsQuerySchema, req.query);
    res.json({ items: await health.sweeps(limit) });
  });

  router.get('/health-checks', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(healthQuerySchema, req.query).entityRef,
    );
    const entity = await mlEntity(ref, credentials);
    res.json(
      await visibility.health(await health.entity(ref), entity, credentials),
    );
  });

  router.post('/health-checks/run', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(healthQuerySchema, req.query).entityRef,
    );
    await authorizeOn(
      mlHealthCheckRunPermission,
      ref,
      credentials,
      're-run the health checks of',
    );
    const controller = new AbortController();
    req.on('close', () => controller.abort());
    await sweeper.checkOne(ref, credentials, controller.signal);
    res.json(
      await visibility.health(
        await health.entity(ref),
        await mlEntity(ref, credentials),
        credentials,
      ),
    );
  });

  router.get('/certifications/:ref', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(req.params.ref);
    const entity = await mlEntity(ref, credentials);
    res.json(
      await visibility.certification(
        await certification.get(entity),
        entity,
        credentials,
      ),
    );
  });

  for (const action of ['approve', 'revoke'] as const) {
    router.post(`/certifications/:ref/${action}`, async (req, res) => {
      // A decision needs a person to answer for it in the audit log.
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const ref = requestedEntityRef(req.params.ref);
      const { reason } = parse(certificationDecisionSchema, req.body ?? {});
      await authorizeOn(
        mlCertificationApprovePermission,
        ref,
        credentials,
        `${action} the certification of`,
      );
      const entity = await mlEntity(ref, credentials);
      const actor = credentials.principal.userEntityRef;
      const decided =
        action === 'approve'
          ? await certification.approve(entity, actor, reason)
          : await certification.revoke(entity, actor, reason);
      res.json(await visibility.certification(decided, entity, credentials));
    });
  }

  router.get('/audit', async (req, res) => {
    const credentials = await caller(req);
    const query = parse(auditQuerySchema, req.query);
    if (query.entityRef) {
      const ref = requestedEntityRef(query.entityRef);
      if (!(await readable.canRead(ref, credentials))) {
        throw new NotFoundError(
          `No entity ${ref} in the catalog, or you may not read it`,
        );
      }
      const items = await certification.audit([ref], query.limit);
      res.json({ items: await visibility.audit(items, credentials) });
      return;
    }
    const entries = await certification.audit(undefined, query.limit);
    const visible = await readable.filter(
      [...new Set(entries.map(e => e.entityRef))],
      credentials,
    );
    res.json({
      items: await visibility.audit(
        entries.filter(e => visible.has(e.entityRef)),
        credentials,
      ),
    });
  });

  // The refs an entity's spec declares, so cards can tell an asset hidden
  // from the reader (counted, not named) from a ref to nothing.
  router.get('/references', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(referencesQuerySchema, req.query).entityRef,
    );
    res.json(
      await visibility.references(
        await mlEntity(ref, credentials),
        credentials,
      ),
    );
  });
}
