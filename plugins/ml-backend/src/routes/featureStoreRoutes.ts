import { InputError } from '@backstage/errors';
import { featureStoreViewQuerySchema } from '@ml-marketplace/plugin-ml-common';
import type express from 'express';
import type { RouteContext } from '../router';
import { requestedEntityRef } from '../services/entityRefs';

/**
 * Feature stores: what the store holds for a Feature, served from the last
 * sync (never written into the entity). Syncs are started and followed on
 * the /registry routes with the model registries.
 */
export function addFeatureStoreRoutes(
  router: express.Router,
  { caller, parse, mlEntity, featureStores, readable }: RouteContext,
) {
  router.get('/feature-store/view', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(featureStoreViewQuerySchema, req.query).entityRef,
    );
    // Answers 404 for an entity the caller may not read.
    const entity = await mlEntity(ref, credentials);
    if (entity.kind.toLocaleLowerCase('en-US') !== 'feature') {
      throw new InputError(
        `${ref} is a ${entity.kind}; feature store views belong to Features`,
      );
    }
    if (!featureStores) {
      res.json({
        entityRef: ref,
        services: [],
        differences: [],
        consumers: [],
      });
      return;
    }
    const answer = await featureStores.forEntity(entity, ref);
    // Models the caller may not read are counted, never named.
    const refs = answer.consumers.flatMap(c => c.entityRef ?? []);
    const visible = await readable.filter(refs, credentials);
    const consumers = answer.consumers.filter(
      c => !c.entityRef || visible.has(c.entityRef),
    );
    const hidden = answer.consumers.length - consumers.length;
    res.json({
      ...answer,
      consumers,
      ...(hidden && { hiddenConsumers: hidden }),
    });
  });
}
