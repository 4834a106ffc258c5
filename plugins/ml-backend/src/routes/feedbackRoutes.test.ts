import {
  type AuditorServiceCreateEventOptions,
  type BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  type NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { AssetFeedback } from '@ml-marketplace/plugin-ml-common';
import request from 'supertest';
import { mlPlugin } from '../plugin';
import { group, mlEntity } from '../__testUtils__/mlEntities';

const CHURN = 'model:default/churn';
const OWNERS = 'group:default/growth-ml';
/** A member of the owning team: the policy lets her respond. */
const GRACE = 'user:default/grace';
const ADA = 'user:default/ada';
const BOB = 'user:default/bob';
/** Denied ml.feedback.create by the policy. */
const MALLORY = 'user:default/mallory';
const ONLY_OWNERS =
  'Only the owners of Churn prediction (group:default/growth-ml) may';

const entities: Entity[] = [
  group('growth-ml'),
  mlEntity('Model', 'churn', { owner: OWNERS }, { title: 'Churn prediction' }),
  mlEntity('Dataset', 'crm', { classification: 'restricted' }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'web', namespace: 'default' },
    spec: { type: 'website', owner: OWNERS },
  },
  // Notifications name people by their display name; Ada has one, Grace not.
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ada', namespace: 'default' },
    spec: { profile: { displayName: 'Ada Lovelace' }, memberOf: [] },
  },
];

const userOf = (credentials: BackstageCredentials) =>
  (credentials.principal as { userEntityRef?: string }).userEntityRef;

/** The catalog hides restricted data from every user but Grace, its owner. */
function catalog() {
  const all = catalogServiceMock({ entities });
  return new Proxy(all, {
    get(target, key) {
      if (key === 'getEntityByRef') {
        return async (ref: string, options: any) => {
          const entity = await target.getEntityByRef(ref, options);
          const user = userOf(options.credentials);
          return entity?.spec?.classification === 'restricted' &&
            user &&
            user !== GRACE
            ? undefined
            : entity;
        };
      }
      const value = (target as any)[key];
      // The mock keeps its entities in private fields.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function start() {
  const sent: NotificationSendOptions[] = [];
  const audits: Array<{
    event: AuditorServiceCreateEventOptions;
    outcome?: 'success' | 'fail';
    error?: string;
  }> = [];
  const { server } = await startTestBackend({
    features: [
      mlPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: catalog,
      }),
      mockServices.permissions.mock({
        authorize: async (requests, options) =>
          requests.map(({ permission }) => {
            const user = userOf(options!.credentials);
            if (permission.name === 'ml.feedback.respond') {
              return {
                result:
                  user === GRACE ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
              };
            }
            if (permission.name === 'ml.feedback.create') {
              return {
                result:
                  user === MALLORY
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
              };
            }
            return { result: AuthorizeResult.ALLOW };
          }),
        authorizeConditional: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      }).factory,
      mockServices.auditor.mock({
        createEvent: async event => {
          const entry: (typeof audits)[number] = { event };
          audits.push(entry);
          return {
            success: async () => {
              entry.outcome = 'success';
            },
            fail: async ({ error }) => {
              entry.outcome = 'fail';
              entry.error = error.message;
            },
          };
        },
      }).factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (options: NotificationSendOptions) => {
            sent.push(options);
          },
        }),
      }),
    ],
  });
  const as = (user: string | 'service') => {
    const header =
      user === 'service'
        ? mockCredentials.service.header()
        : mockCredentials.user.header(user);
    const call =
      (method: 'get' | 'put' | 'post' | 'patch' | 'delete') =>
      (url: string, body?: object) => {
        const req = request(server)[method](`/api/ml${url}`);
        req.set('Authorization', header);
        return body === undefined ? req : req.send(body);
      };
    return {
      get: call('get'),
      put: call('put'),
      post: call('post'),
      patch: call('patch'),
      delete: call('delete'),
    };
  };
  /** Notifications of the feedback topic sent since the last call, in order. */
  const notices = () =>
    sent.splice(0).filter(n => n.payload.topic === 'ml.feedback');
  return { as, audits, notices };
}

const onChurn = `?entityRef=${CHURN}`;

describe('GET /feedback', () => {
  it('answers the asset’s feedback with what the caller may do', async () => {
    const { as } = await start();
    const owner = await as(GRACE).get(`/feedback${onChurn}`);
    expect(owner.status).toBe(200);
    expect(owner.body).toEqual({
      entityRef: CHURN,
      summary: { count: 0, distribution: [0, 0, 0, 0, 0] },
      reviews: [],
      requests: [],
      canGiveFeedback: true,
      canRespond: true,
    });
    const reader = await as(ADA).get(`/feedback${onChurn}`);
    expect(reader.body).toMatchObject({
      canGiveFeedback: true,
      canRespond: false,
    });
    // Services read, but never write feedback.
    const service = await as('service').get(`/feedback${onChurn}`);
    expect(service.body).toMatchObject({
      canGiveFeedback: false,
      canRespond: false,
    });
  });

  it.each([
    [
      '',
      400,
      'entityRef is required, e.g. ?entityRef=model:default/churn-model',
    ],
    [
      '?entityRef=model:default/nowhere',
      404,
      'No entity model:default/nowhere in the catalog, or you may not read it',
    ],
    [
      '?entityRef=dataset:default/crm',
      404,
      'No entity dataset:default/crm in the catalog, or you may not read it',
    ],
    [
      '?entityRef=component:default/web',
      400,
      'component:default/web is a Component; this applies to Models, Features and Datasets',
    ],
  ])('answers %s with %s: %s', async (query, status, message) => {
    const { as } = await start();
    const res = await as(ADA).get(`/feedback${query}`);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toBe(message);
  });

  it('refuses anonymous callers', async () => {
    const { as } = await start();
    const res = await as(ADA)
      .get(`/feedback${onChurn}`)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});

describe('PUT /feedback/reviews', () => {
  it('keeps one review per user: a second PUT edits it, and the owners hear of both', async () => {
    const { as, notices, audits } = await start();
    const first = await as(ADA).put(`/feedback/reviews${onChurn}`, {
      rating: 4,
      text: '  Solid, but slow on big batches  ',
    });
    expect(first.status).toBe(200);
    const body = first.body as AssetFeedback;
    expect(body.summary).toEqual({
      average: 4,
      count: 1,
      distribution: [0, 0, 0, 1, 0],
    });
    expect(body.mine).toMatchObject({
      by: ADA,
      rating: 4,
      text: 'Solid, but slow on big batches',
    });

    const second = await as(ADA).put(`/feedback/reviews${onChurn}`, {
      rating: 2,
    });
    expect(second.status).toBe(200);
    expect(second.body.reviews).toHaveLength(1);
    expect(second.body.mine).toMatchObject({ by: ADA, rating: 2 });
    expect(second.body.mine.text).toBeUndefined();
    expect(second.body.mine.createdAt).toBe(body.mine!.createdAt);
    expect(second.body.summary).toMatchObject({ average: 2, count: 1 });

    const [created, changed] = notices();
    expect(created).toEqual({
      recipients: {
        type: 'entity',
        entityRef: [OWNERS],
        excludeEntityRef: [ADA],
      },
      payload: expect.objectContaining({
        title: 'New review of Churn prediction: ★★★★☆ by Ada Lovelace',
        description: 'Solid, but slow on big batches',
        severity: 'low',
        topic: 'ml.feedback',
        link: '/catalog/default/model/churn/feedback',
        scope: `ml:ml.feedback:${CHURN}:review:${ADA}`,
      }),
    });
    // The same scope: the owners' notification is updated, not repeated.
    expect(changed.payload).toMatchObject({
      title: 'Changed review of Churn prediction: ★★☆☆☆ by Ada Lovelace',
      scope: created.payload.scope,
    });
    expect(audits.map(a => [a.event.eventId, a.event.meta, a.outcome])).toEqual(
      [
        ['ml-feedback-review', { entityRef: CHURN, action: 'save' }, 'success'],
        ['ml-feedback-review', { entityRef: CHURN, action: 'save' }, 'success'],
      ],
    );
    expect(audits[0].event.severityLevel).toBe('medium');
  });

  it.each([
    ['rating 0', { rating: 0 }, 'rating must be at least 1 star'],
    ['rating 6', { rating: 6 }, 'rating must be at most 5 stars'],
    [
      'rating 3.5',
      { rating: 3.5 },
      'rating must be a whole number of stars from 1 to 5',
    ],
    [
      'rating "five"',
      { rating: 'five' },
      'rating must be a whole number of stars from 1 to 5',
    ],
    ['no rating', {}, 'rating must be a whole number of stars from 1 to 5'],
    [
      'a text of 2001 characters',
      { rating: 3, text: 'x'.repeat(2001) },
      'text is 2001 characters long; keep it to 2000',
    ],
  ])('answers 400 for %s', async (_case, body, message) => {
    const { as, notices } = await start();
    const res = await as(ADA).put(`/feedback/reviews${onChurn}`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
    expect(notices()).toEqual([]);
  });

  it('refuses service tokens: a review is a person’s', async () => {
    const { as } = await start();
    const res = await as('service').put(`/feedback/reviews${onChurn}`, {
      rating: 5,
    });
    expect(res.status).toBe(403);
  });

  it('refuses a user the policy denies ml.feedback.create, and audits the attempt', async () => {
    const { as, audits } = await start();
    const res = await as(MALLORY).put(`/feedback/reviews${onChurn}`, {
      rating: 1,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      "You may not rate, review or request improvements of Churn prediction (model:default/churn): the portal's policy denies you ml.feedback.create",
    );
    expect(audits).toEqual([
      expect.objectContaining({
        outcome: 'fail',
        error: res.body.error.message,
      }),
    ]);
  });

  it('answers 404 for an asset the caller may not read, and 400 for one that is no ML asset', async () => {
    const { as } = await start();
    const hidden = await as(ADA).put(
      '/feedback/reviews?entityRef=dataset:default/crm',
      { rating: 5 },
    );
    expect(hidden.status).toBe(404);
    const component = await as(ADA).put(
      '/feedback/reviews?entityRef=component:default/web',
      { rating: 5 },
    );
    expect(component.status).toBe(400);
  });

  it('shows the new rating in the marketplace at once, sorted and filtered by it', async () => {
    const { as } = await start();
    // The index is built before anyone rated.
    const before = await as(ADA).get('/marketplace?sort=rating');
    expect(before.body.items.map((i: any) => i.rating)).toEqual([
      undefined,
      undefined,
    ]);
    await as(ADA).put(`/feedback/reviews${onChurn}`, { rating: 5 });
    await as(BOB).put(`/feedback/reviews${onChurn}`, { rating: 4 });
    const after = await as(ADA).get('/marketplace?sort=rating');
    expect(after.body.items[0]).toMatchObject({
      ref: CHURN,
      rating: { average: 4.5, count: 2 },
    });
    expect(after.body.facets.rating).toEqual([
      { value: '4+', count: 1 },
      { value: '3+', count: 1 },
      { value: '2+', count: 1 },
      { value: '1+', count: 1 },
      { value: 'unrated', count: 1 },
    ]);
    const best = await as(ADA).get('/marketplace?rating=4%2B');
    expect(best.body.items.map((i: any) => i.ref)).toEqual([CHURN]);

    await as(ADA).delete(`/feedback/reviews${onChurn}`);
    await as(BOB).delete(`/feedback/reviews${onChurn}`);
    const unrated = await as(ADA).get('/marketplace?rating=4%2B');
    expect(unrated.body.items).toEqual([]);
  });
});

describe('DELETE /feedback/reviews', () => {
  it('removes the caller’s own review only, and says when there is none', async () => {
    const { as } = await start();
    await as(ADA).put(`/feedback/reviews${onChurn}`, { rating: 3 });
    await as(BOB).put(`/feedback/reviews${onChurn}`, { rating: 5 });
    const res = await as(ADA).delete(`/feedback/reviews${onChurn}`);
    expect(res.status).toBe(200);
    expect(res.body.mine).toBeUndefined();
    expect(res.body.reviews.map((r: any) => r.by)).toEqual([BOB]);
    expect(res.body.summary).toMatchObject({ average: 5, count: 1 });
    const again = await as(ADA).delete(`/feedback/reviews${onChurn}`);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe(
      'You have not reviewed model:default/churn',
    );
  });
});

describe('POST /feedback/reviews/reply', () => {
  it('lets an owner reply, and tells the reviewer', async () => {
    const { as, notices } = await start();
    await as(ADA).put(`/feedback/reviews${onChurn}`, { rating: 2 });
    notices();
    const res = await as(GRACE).post(`/feedback/reviews/reply${onChurn}`, {
      reviewer: ADA,
      text: 'Batch scoring is 4x faster since v3',
    });
    expect(res.status).toBe(200);
    expect(res.body.reviews[0].reply).toMatchObject({
      by: GRACE,
      text: 'Batch scoring is 4x faster since v3',
    });
    expect(notices()).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: [ADA],
          excludeEntityRef: [GRACE],
        },
        payload: expect.objectContaining({
          title: 'grace replied to your review of Churn prediction',
          description: 'Batch scoring is 4x faster since v3',
          severity: 'low',
          scope: `ml:ml.feedback:${CHURN}:reply:${ADA}`,
        }),
      },
    ]);
  });

  it('refuses a reply by someone who does not own the asset, in words', async () => {
    const { as, notices } = await start();
    await as(ADA).put(`/feedback/reviews${onChurn}`, { rating: 2 });
    notices();
    const res = await as(BOB).post(`/feedback/reviews/reply${onChurn}`, {
      reviewer: ADA,
      text: 'I disagree',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(`${ONLY_OWNERS} reply to its reviews`);
    expect(notices()).toEqual([]);
  });

  it.each([
    [
      'a reviewer without a review',
      404,
      { reviewer: BOB, text: 'Thanks' },
      'user:default/bob has not reviewed model:default/churn, so there is nothing to reply to',
    ],
    [
      'an empty text',
      400,
      { reviewer: ADA, text: '   ' },
      'text is empty: write a few words',
    ],
    [
      'a text of 2001 characters',
      400,
      { reviewer: ADA, text: 'y'.repeat(2001) },
      'text is 2001 characters long; keep it to 2000',
    ],
    [
      'no reviewer',
      400,
      { text: 'Thanks' },
      'reviewer must name the review’s author',
    ],
    [
      'a reviewer who is no user',
      400,
      { reviewer: 'group:default/x', text: 'Thanks' },
      'reviewer must be the user ref of the review’s author, like "user:default/ada", got "group:default/x"',
    ],
  ])('answers %s with %i', async (_case, status, body, message) => {
    const { as } = await start();
    await as(ADA).put(`/feedback/reviews${onChurn}`, { rating: 2 });
    const res = await as(GRACE).post(`/feedback/reviews/reply${onChurn}`, body);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toBe(message);
  });
});

describe('improvement requests', () => {
  const newRequest = {
    what: 'Score in under 100 ms',
    why: 'The checkout calls it inline',
    urgency: 'high',
  };

  it('files a request, open, and tells the owners but not its author', async () => {
    const { as, notices, audits } = await start();
    const res = await as(ADA).post(`/feedback/requests${onChurn}`, newRequest);
    expect(res.status).toBe(201);
    const [filed] = res.body.requests;
    expect(filed).toMatchObject({
      entityRef: CHURN,
      by: ADA,
      what: 'Score in under 100 ms',
      urgency: 'high',
      status: 'open',
    });
    expect(filed.statusChange).toBeUndefined();
    expect(notices()).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: [OWNERS],
          excludeEntityRef: [ADA],
        },
        payload: expect.objectContaining({
          title:
            'New improvement request for Churn prediction: Score in under 100 ms',
          description: `The checkout calls it inline\n\nRequested by Ada Lovelace, urgency high.`,
          severity: 'normal',
          link: '/catalog/default/model/churn/feedback',
          scope: `ml:ml.feedback:${CHURN}:request:${filed.id}`,
        }),
      },
    ]);
    expect(audits.map(a => [a.event.eventId, a.outcome])).toEqual([
      ['ml-feedback-request', 'success'],
    ]);

    await as(BOB).post(`/feedback/requests${onChurn}`, {
      ...newRequest,
      urgency: 'normal',
    });
    expect(notices()[0].payload.severity).toBe('low');
  });

  it.each([
    [
      'an empty what',
      { ...newRequest, what: '  ' },
      'what is empty: write a few words',
    ],
    [
      'a what of 141 characters',
      { ...newRequest, what: 'w'.repeat(141) },
      'what is 141 characters long; keep it to 140',
    ],
    ['no why', { what: 'Faster', urgency: 'low' }, 'why is required'],
    ['a why that is no text', { ...newRequest, why: 42 }, 'why must be text'],
    [
      'an unknown urgency',
      { ...newRequest, urgency: 'asap' },
      'urgency must be one of low, normal, high',
    ],
  ])('answers 400 for %s', async (_case, body, message) => {
    const { as } = await start();
    const res = await as(ADA).post(`/feedback/requests${onChurn}`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
  });

  it('refuses requests from users the policy denies ml.feedback.create, and from services', async () => {
    const { as } = await start();
    const denied = await as(MALLORY).post(
      `/feedback/requests${onChurn}`,
      newRequest,
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('ml.feedback.create');
    const service = await as('service').post(
      `/feedback/requests${onChurn}`,
      newRequest,
    );
    expect(service.status).toBe(403);
  });

  it('lets an owner move a request on, and tells its author', async () => {
    const { as, notices, audits } = await start();
    const filed = await as(ADA).post(
      `/feedback/requests${onChurn}`,
      newRequest,
    );
    const id = filed.body.requests[0].id;
    notices();
    const res = await as(GRACE).patch(`/feedback/requests/${id}`, {
      status: 'accepted',
      note: 'Next sprint',
    });
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe(CHURN);
    expect(res.body.requests[0]).toMatchObject({
      id,
      status: 'accepted',
      statusChange: { by: GRACE, note: 'Next sprint' },
    });
    expect(notices()).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: [ADA],
          excludeEntityRef: [GRACE],
        },
        payload: expect.objectContaining({
          title:
            'Your request "Score in under 100 ms" for Churn prediction was accepted',
          description: 'Next sprint',
          severity: 'low',
          // The request's scope: the author's notification is updated.
          scope: `ml:ml.feedback:${CHURN}:request:${id}`,
        }),
      },
    ]);
    expect(audits.at(-1)).toMatchObject({
      event: {
        eventId: 'ml-feedback-request',
        meta: { entityRef: CHURN, requestId: id, action: 'status' },
      },
      outcome: 'success',
    });

    const done = await as(GRACE).patch(`/feedback/requests/${id}`, {
      status: 'done',
    });
    expect(done.body.requests[0].statusChange.note).toBeUndefined();
    expect(notices()[0].payload.title).toBe(
      'Your request "Score in under 100 ms" for Churn prediction is done',
    );
  });

  it('refuses a decline without a note, saying why one is needed', async () => {
    const { as } = await start();
    const filed = await as(ADA).post(
      `/feedback/requests${onChurn}`,
      newRequest,
    );
    const id = filed.body.requests[0].id;
    for (const note of [undefined, '   ']) {
      const res = await as(GRACE).patch(`/feedback/requests/${id}`, {
        status: 'declined',
        ...(note !== undefined && { note }),
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'note is required to decline: say why you decline the request, so its author knows what to do instead',
      );
    }
    const declined = await as(GRACE).patch(`/feedback/requests/${id}`, {
      status: 'declined',
      note: 'Needs a GPU we do not have',
    });
    expect(declined.status).toBe(200);
    expect(declined.body.requests[0].status).toBe('declined');
  });

  it('refuses status changes by non-owners in words, and unknown ids and statuses', async () => {
    const { as, notices } = await start();
    const filed = await as(ADA).post(
      `/feedback/requests${onChurn}`,
      newRequest,
    );
    const id = filed.body.requests[0].id;
    notices();
    const byAuthor = await as(ADA).patch(`/feedback/requests/${id}`, {
      status: 'done',
    });
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body.error.message).toBe(
      `${ONLY_OWNERS} accept, finish or decline its improvement requests`,
    );
    const unknown = await as(GRACE).patch('/feedback/requests/nope', {
      status: 'done',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'No improvement request "nope", or it is about an asset you may not read',
    );
    // A request on an asset the caller may not read is not named either.
    const hidden = await as(GRACE).post(
      '/feedback/requests?entityRef=dataset:default/crm',
      newRequest,
    );
    expect(hidden.status).toBe(201);
    notices();
    const hiddenId = hidden.body.requests[0].id;
    const onHidden = await as(ADA).patch(`/feedback/requests/${hiddenId}`, {
      status: 'done',
    });
    expect(onHidden.status).toBe(404);
    expect(onHidden.body.error.message).toBe(
      `No improvement request "${hiddenId}", or it is about an asset you may not read`,
    );
    const badStatus = await as(GRACE).patch(`/feedback/requests/${id}`, {
      status: 'finished',
    });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.message).toBe(
      'status must be one of open, accepted, done, declined',
    );
    expect(notices()).toEqual([]);
  });
});
