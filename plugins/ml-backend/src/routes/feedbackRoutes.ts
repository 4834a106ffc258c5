import type {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  type AssetFeedback,
  feedbackQuerySchema,
  improvementRequestInputSchema,
  improvementStatusInputSchema,
  mlFeedbackCreatePermission,
  mlFeedbackRespondPermission,
  reviewInputSchema,
  reviewReplyInputSchema,
} from '@ml-marketplace/plugin-ml-common';
import type express from 'express';
import type { RouteContext } from '../router';
import { audited } from './audited';
import { requestedEntityRef } from '../services/entityRefs';
import { assetLabel } from '../services/feedback/FeedbackNotices';
import { unknownRequest } from '../services/feedback/FeedbackService';
import { ownerRefOf } from '../services/notifications/MlNotifier';

/**
 * Feedback on an asset: ratings and reviews by users, owners' replies, and
 * improvement requests whose status owners change. Every write is made by a
 * person (a service token is refused), checked against `ml.feedback.create`
 * or `ml.feedback.respond` on the asset, and recorded by the auditor.
 */
export function addFeedbackRoutes(
  router: express.Router,
  context: RouteContext,
) {
  const { caller, parse, mlEntity, httpAuth, permissions, auditor } = context;
  const { feedback } = context;

  const person = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  const assetOf = async (
    req: express.Request,
    credentials: BackstageCredentials,
  ) => {
    const ref = requestedEntityRef(
      parse(feedbackQuerySchema, req.query).entityRef,
    );
    return { ref, entity: await mlEntity(ref, credentials) };
  };

  async function allowed(
    permission: ResourcePermission<'catalog-entity'>,
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: ref }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  async function mayGiveFeedback(
    entity: Entity,
    ref: string,
    credentials: BackstageCredentials,
  ) {
    if (!(await allowed(mlFeedbackCreatePermission, ref, credentials))) {
      throw new NotAllowedError(
        `You may not rate, review or request improvements of ${assetLabel(
          entity,
        )} (${ref}): the portal's policy denies you ${
          mlFeedbackCreatePermission.name
        }`,
      );
    }
  }

  /** 403 unless the caller may speak for the asset's owners ("… may reply to its reviews"). */
  async function mayRespond(
    entity: Entity,
    ref: string,
    credentials: BackstageCredentials,
    what: string,
  ) {
    if (!(await allowed(mlFeedbackRespondPermission, ref, credentials))) {
      const owner = ownerRefOf(entity);
      throw new NotAllowedError(
        `Only the owners of ${assetLabel(entity)}${
          owner ? ` (${owner})` : ''
        } may ${what}`,
      );
    }
  }

  const userRefOf = (
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ) => credentials.principal.userEntityRef;

  /**
   * The asset's feedback as the caller sees it, with what they may do: what
   * `GET /feedback` and every write answer. Services may read, not write.
   */
  async function feedbackFor(
    entity: Entity,
    ref: string,
    credentials: BackstageCredentials<
      BackstageUserPrincipal | BackstageServicePrincipal
    >,
  ): Promise<AssetFeedback> {
    if (credentials.principal.type !== 'user') {
      return feedback.feedback(entity, undefined, {
        canGiveFeedback: false,
        canRespond: false,
      });
    }
    const [create, respond] = await permissions.authorize(
      [
        { permission: mlFeedbackCreatePermission, resourceRef: ref },
        { permission: mlFeedbackRespondPermission, resourceRef: ref },
      ],
      { credentials },
    );
    return feedback.feedback(entity, credentials.principal.userEntityRef, {
      canGiveFeedback: create.result === AuthorizeResult.ALLOW,
      canRespond: respond.result === AuthorizeResult.ALLOW,
    });
  }

  router.get('/feedback', async (req, res) => {
    const credentials = await caller(req);
    const { ref, entity } = await assetOf(req, credentials);
    res.json(await feedbackFor(entity, ref, credentials));
  });

  router.put('/feedback/reviews', async (req, res) => {
    const credentials = await person(req);
    const { ref, entity } = await assetOf(req, credentials);
    await audited(
      auditor,
      req,
      'ml-feedback-review',
      { entityRef: ref, action: 'save' },
      async () => {
        await mayGiveFeedback(entity, ref, credentials);
        const input = parse(reviewInputSchema, req.body ?? {});
        await feedback.saveReview(entity, userRefOf(credentials), input);
      },
    );
    res.json(await feedbackFor(entity, ref, credentials));
  });

  router.delete('/feedback/reviews', async (req, res) => {
    const credentials = await person(req);
    const { ref, entity } = await assetOf(req, credentials);
    await audited(
      auditor,
      req,
      'ml-feedback-review',
      { entityRef: ref, action: 'delete' },
      async () => {
        await mayGiveFeedback(entity, ref, credentials);
        await feedback.deleteReview(entity, userRefOf(credentials));
      },
    );
    res.json(await feedbackFor(entity, ref, credentials));
  });

  router.post('/feedback/reviews/reply', async (req, res) => {
    const credentials = await person(req);
    const { ref, entity } = await assetOf(req, credentials);
    await audited(
      auditor,
      req,
      'ml-feedback-reply',
      {
        entityRef: ref,
        reviewer:
          typeof req.body?.reviewer === 'string'
            ? req.body.reviewer.slice(0, 255)
            : null,
      },
      async () => {
        await mayRespond(entity, ref, credentials, 'reply to its reviews');
        const input = parse(reviewReplyInputSchema, req.body ?? {});
        await feedback.reply(entity, userRefOf(credentials), input);
      },
    );
    res.json(await feedbackFor(entity, ref, credentials));
  });

  router.post('/feedback/requests', async (req, res) => {
    const credentials = await person(req);
    const { ref, entity } = await assetOf(req, credentials);
    await audited(
      auditor,
      req,
      'ml-feedback-request',
      { entityRef: ref, action: 'create' },
      async () => {
        await mayGiveFeedback(entity, ref, credentials);
        const input = parse(improvementRequestInputSchema, req.body ?? {});
        await feedback.addRequest(entity, userRefOf(credentials), input);
      },
    );
    res.status(201).json(await feedbackFor(entity, ref, credentials));
  });

  router.patch('/feedback/requests/:id', async (req, res) => {
    const credentials = await person(req);
    const { id } = req.params;
    const request = await feedback.request(id);
    const entity = await mlEntity(request.entityRef, credentials).catch(
      error => {
        // Says no more about a request on an asset the caller may not read
        // than about an id that does not exist.
        throw error instanceof NotFoundError ? unknownRequest(id) : error;
      },
    );
    await audited(
      auditor,
      req,
      'ml-feedback-request',
      { entityRef: request.entityRef, requestId: id, action: 'status' },
      async () => {
        await mayRespond(
          entity,
          request.entityRef,
          credentials,
          'accept, finish or decline its improvement requests',
        );
        const input = parse(improvementStatusInputSchema, req.body ?? {});
        await feedback.setStatus(entity, id, userRefOf(credentials), input);
      },
    );
    res.json(await feedbackFor(entity, request.entityRef, credentials));
  });
}
