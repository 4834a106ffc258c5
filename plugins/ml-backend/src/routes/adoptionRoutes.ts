import type {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type AssetUsage,
  declareUseInputSchema,
  mlUsageDeclarePermission,
  teamKpisQuerySchema,
  usageQuerySchema,
  withdrawUseQuerySchema,
} from '@ml-marketplace/plugin-ml-common';
import type express from 'express';
import type { RouteContext } from '../router';
import { audited } from './audited';
import { requestedConsumerRef } from '../services/adoption/AdoptionService';
import { requestedEntityRef } from '../services/entityRefs';
import { ownerRefOf } from '../services/notifications/MlNotifier';

/**
 * Adoption and credit: who uses an asset (`/usage`), people declaring that
 * their team's entity uses one when the catalog does not say so ("I use
 * this"), and one team's credit for the reuse of its assets (`/kpis/team`).
 * Declarations are made by people (service tokens are refused), checked
 * against `ml.usage.declare` on the consumer, and recorded by the auditor.
 */
export function addAdoptionRoutes(
  router: express.Router,
  context: RouteContext,
) {
  const { caller, parse, mlEntity, httpAuth, permissions, auditor, catalog } =
    context;
  const { adoption, kpis } = context;

  const person = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  /** The consumers among `refs` whose uses the policy lets the caller declare. */
  async function mayDeclareFor(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    if (!refs.length) return new Set();
    const decisions = await permissions.authorize(
      refs.map(resourceRef => ({
        permission: mlUsageDeclarePermission,
        resourceRef,
      })),
      { credentials },
    );
    return new Set(
      refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
  }

  /** What every `/usage` route answers: the asset's uses as the caller sees them. */
  function usageFor(
    ref: string,
    credentials: BackstageCredentials<
      BackstageUserPrincipal | BackstageServicePrincipal
    >,
  ): Promise<AssetUsage> {
    const { principal } = credentials;
    if (principal.type !== 'user') {
      return adoption.usage(ref, credentials, { canDeclare: false });
    }
    const user = principal.userEntityRef.toLocaleLowerCase('en-US');
    return adoption.usage(ref, credentials, {
      canDeclare: true,
      // Its author, or whoever may declare uses for the consumer.
      mayWithdraw: async uses => {
        const others = uses.filter(u => u.declaredBy !== user);
        const allowed = await mayDeclareFor(
          others.map(u => u.consumer),
          credentials,
        );
        return new Set(
          uses
            .filter(u => u.declaredBy === user || allowed.has(u.consumer))
            .map(u => u.consumer),
        );
      },
    });
  }

  const assetRefOf = (req: express.Request) =>
    requestedEntityRef(parse(usageQuerySchema, req.query).entityRef);

  router.get('/usage', async (req, res) => {
    const credentials = await caller(req);
    const ref = assetRefOf(req);
    await mlEntity(ref, credentials);
    res.json(await usageFor(ref, credentials));
  });

  router.post('/usage', async (req, res) => {
    const credentials = await person(req);
    const ref = assetRefOf(req);
    const asset = await mlEntity(ref, credentials);
    const user = credentials.principal.userEntityRef;
    await audited(
      auditor,
      req,
      'ml-usage-declaration',
      {
        entityRef: ref,
        action: 'declare',
        consumer:
          typeof req.body?.consumer === 'string'
            ? req.body.consumer.slice(0, 255)
            : null,
      },
      async () => {
        const input = parse(declareUseInputSchema, req.body ?? {});
        const consumerRef = requestedConsumerRef(input.consumer);
        const consumer = await catalog.getEntityByRef(consumerRef, {
          credentials,
        });
        if (!consumer) {
          throw new InputError(
            `consumer: no entity ${consumerRef} in the catalog, or you may not read it; name one of your team’s entities, e.g. component:default/checkout`,
          );
        }
        adoption.assertDeclarable(asset, consumer);
        if (!(await mayDeclareFor([consumerRef], credentials)).size) {
          const owner = ownerRefOf(consumer);
          throw new NotAllowedError(
            `You may declare uses only for entities your teams own; ${consumerRef} is ${
              owner ? `owned by ${owner}` : 'owned by no team'
            }`,
          );
        }
        await adoption.declare(ref, consumerRef, user, input);
      },
    );
    res.json(await usageFor(ref, credentials));
  });

  router.delete('/usage', async (req, res) => {
    const credentials = await person(req);
    const query = parse(withdrawUseQuerySchema, req.query);
    const ref = requestedEntityRef(query.entityRef);
    await mlEntity(ref, credentials);
    const user = credentials.principal.userEntityRef.toLocaleLowerCase('en-US');
    await audited(
      auditor,
      req,
      'ml-usage-declaration',
      {
        entityRef: ref,
        action: 'withdraw',
        consumer: query.consumer.slice(0, 255),
      },
      async () => {
        const consumerRef = requestedConsumerRef(query.consumer);
        const declared = await adoption.declaration(ref, consumerRef);
        if (
          declared.declared_by !== user &&
          !(await mayDeclareFor([consumerRef], credentials)).size
        ) {
          throw new NotAllowedError(
            `Only ${declared.declared_by}, who declared it, or the owners of ${consumerRef} may withdraw this use`,
          );
        }
        await adoption.withdraw(ref, consumerRef);
      },
    );
    res.json(await usageFor(ref, credentials));
  });

  // Credit for one team: its assets and the other teams that use them.
  router.get('/kpis/team', async (req, res) => {
    const credentials = await caller(req);
    const { group } = parse(teamKpisQuerySchema, req.query);
    let team: string;
    try {
      team = requestedEntityRef(group);
    } catch {
      throw new InputError(
        `group must be a full entity ref like "group:default/growth-ml", got ${JSON.stringify(
          group,
        )}`,
      );
    }
    res.json(await kpis.team(team, credentials));
  });
}
