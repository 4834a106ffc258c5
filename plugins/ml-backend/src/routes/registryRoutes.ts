import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  mlRegistrySyncPermission,
  registryMetricHistoryQuerySchema,
  registryModelQuerySchema,
  registrySyncQuerySchema,
} from '@ml-marketplace/plugin-ml-common';
import type express from 'express';
import type { RouteContext } from '../router';
import { requestedEntityRef } from '../services/entityRefs';
import { SyncInProgressError } from '../services/registry/RegistrySync';

/**
 * Model registries: how their syncs went, a Model's registered versions and
 * their metrics, and starting a sync by hand.
 */
export function addRegistryRoutes(
  router: express.Router,
  {
    caller,
    parse,
    mlEntity,
    permissions,
    registries,
    registrySync,
    featureStores,
  }: RouteContext,
) {
  // Registries and how their syncs went: no entity data and no secrets.
  router.get('/registry/status', async (req, res) => {
    await caller(req);
    res.json({
      registries: [
        ...(await registries.states()),
        ...((await featureStores?.states()) ?? []),
      ],
    });
  });

  router.get('/registry/model', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(registryModelQuerySchema, req.query).entityRef,
    );
    const entity = await mlEntity(ref, credentials);
    if (entity.kind.toLocaleLowerCase('en-US') !== 'model') {
      throw new InputError(
        `${ref} is a ${entity.kind}; registry versions belong to Models`,
      );
    }
    res.json(await registries.forEntity(entity, ref));
  });

  // One metric's logged values over the steps of a version's run, read from
  // the registry on demand (too many to sync for every run).
  router.get('/registry/metric-history', async (req, res) => {
    const credentials = await caller(req);
    const query = parse(registryMetricHistoryQuerySchema, req.query);
    const ref = requestedEntityRef(query.entityRef);
    const entity = await mlEntity(ref, credentials);
    res.json(
      await registries.metricHistory(entity, ref, query.version, query.metric),
    );
  });

  // Starts a sync now; answers 202 with the run to follow on /registry/status.
  router.post('/registry/sync', async (req, res) => {
    const credentials = await caller(req);
    const { registryId } = parse(registrySyncQuerySchema, req.query);
    const [decision] = await permissions.authorize(
      [{ permission: mlRegistrySyncPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not start a registry sync: the ${mlRegistrySyncPermission.name} permission was denied`,
      );
    }
    if (!registrySync.connector(registryId)) {
      throw new NotFoundError(
        `No registry with id "${registryId}" is configured; configured: ${
          [...registries.configured(), ...(featureStores?.configured() ?? [])]
            .map(c => `"${c.id}"`)
            .join(', ') || 'none'
        }`,
      );
    }
    try {
      // Not tied to the request: the sync finishes even if the caller leaves.
      const { id } = await registrySync.start(
        registryId,
        'manual',
        new AbortController().signal,
      );
      res.status(202).json({ id, registryId, status: 'running' });
    } catch (error) {
      if (error instanceof SyncInProgressError) {
        throw new ConflictError(error.message);
      }
      throw error;
    }
  });
}
