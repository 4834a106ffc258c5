import {
  FEEDBACK_TEXT_MAX,
  FEEDBACK_TITLE_MAX,
} from '@ml-marketplace/plugin-ml-common';
import {
  migratedTestDatabase,
  testDatabaseIds,
} from '../__testUtils__/databases';
import { FeedbackStore } from './FeedbackStore';

const CHURN = 'model:default/churn';
const ADA = 'user:default/ada';
const BOB = 'user:default/bob';
const at = (minute: number) =>
  `2026-12-07T09:${String(minute).padStart(2, '0')}:00.000Z`;

describe.each(testDatabaseIds())('FeedbackStore on %s', databaseId => {
  let store: FeedbackStore;
  beforeEach(async () => {
    store = new FeedbackStore(await migratedTestDatabase(databaseId));
  });

  it('keeps one review per user and asset: a second save edits the first', async () => {
    const first = await store.saveReview({
      entityRef: CHURN,
      userRef: ADA,
      rating: 2,
      text: 'Slow to score',
      now: at(1),
    });
    expect(first.created).toBe(true);
    const second = await store.saveReview({
      entityRef: CHURN,
      userRef: ADA,
      rating: 4,
      now: at(2),
    });
    expect(second.created).toBe(false);
    expect(await store.reviews(CHURN)).toEqual([
      {
        entityRef: CHURN,
        by: ADA,
        rating: 4,
        createdAt: at(1),
        updatedAt: at(2),
      },
    ]);
  });

  it('refuses a second row for the same user and asset at the table too', async () => {
    const db = await migratedTestDatabase(databaseId);
    const row = {
      entity_ref: CHURN,
      user_ref: ADA,
      rating: 3,
      created_at: at(1),
      updated_at: at(1),
    };
    await db('ml_reviews').insert(row);
    // better-sqlite3's errors come from another realm: not `toThrow()`.
    await expect(db('ml_reviews').insert(row)).rejects.toHaveProperty(
      'message',
      expect.stringMatching(/unique/i),
    );
  });

  it('summarises ratings: mean with one decimal, count and distribution', async () => {
    for (const [user, rating] of [
      [ADA, 5],
      [BOB, 4],
      ['user:default/cy', 4],
    ] as const) {
      await store.saveReview({
        entityRef: CHURN,
        userRef: user,
        rating,
        now: at(1),
      });
    }
    await store.saveReview({
      entityRef: 'dataset:default/events',
      userRef: ADA,
      rating: 1,
      now: at(1),
    });
    expect(await store.ratingSummary(CHURN)).toEqual({
      average: 4.3,
      count: 3,
      distribution: [0, 0, 0, 2, 1],
    });
    expect(await store.ratingSummary('model:default/unrated')).toEqual({
      count: 0,
      distribution: [0, 0, 0, 0, 0],
    });
    expect(await store.ratingOverviews()).toEqual(
      new Map([
        [CHURN, { average: 4.3, count: 3 }],
        ['dataset:default/events', { average: 1, count: 1 }],
      ]),
    );
  });

  it('lists reviews most recently written first, and keeps a reply through an edit', async () => {
    await store.saveReview({
      entityRef: CHURN,
      userRef: ADA,
      rating: 3,
      now: at(1),
    });
    await store.saveReview({
      entityRef: CHURN,
      userRef: BOB,
      rating: 5,
      now: at(2),
    });
    expect(
      await store.reply({
        entityRef: CHURN,
        reviewer: ADA,
        by: 'user:default/owner',
        text: 'Fixed in v3',
        now: at(3),
      }),
    ).toMatchObject({
      by: ADA,
      reply: { by: 'user:default/owner', text: 'Fixed in v3', at: at(3) },
    });
    expect(
      await store.reply({
        entityRef: CHURN,
        reviewer: 'user:default/nobody',
        by: 'user:default/owner',
        text: 'Hello?',
        now: at(3),
      }),
    ).toBeUndefined();
    await store.saveReview({
      entityRef: CHURN,
      userRef: ADA,
      rating: 4,
      text: 'Better now',
      now: at(4),
    });
    const reviews = await store.reviews(CHURN);
    expect(reviews.map(r => r.by)).toEqual([ADA, BOB]);
    expect(reviews[0].reply?.text).toBe('Fixed in v3');
  });

  it('deletes only the caller’s own review', async () => {
    await store.saveReview({
      entityRef: CHURN,
      userRef: ADA,
      rating: 3,
      now: at(1),
    });
    expect(await store.deleteReview(CHURN, BOB)).toBe(false);
    expect(await store.deleteReview(CHURN, ADA)).toBe(true);
    expect(await store.reviews(CHURN)).toEqual([]);
  });

  it('holds texts of the longest length the contract allows', async () => {
    // PostgreSQL enforces column lengths; SQLite would not notice.
    const long = 'é'.repeat(FEEDBACK_TEXT_MAX);
    await store.saveReview({
      entityRef: CHURN,
      userRef: ADA,
      rating: 3,
      text: long,
      now: at(1),
    });
    await store.reply({
      entityRef: CHURN,
      reviewer: ADA,
      by: BOB,
      text: long,
      now: at(2),
    });
    const request = await store.addRequest({
      id: '3f1c2a4e-8f5b-4c52-9d7e-2a1b3c4d5e6f',
      entityRef: CHURN,
      userRef: ADA,
      what: 'w'.repeat(FEEDBACK_TITLE_MAX),
      why: long,
      urgency: 'high',
      now: at(3),
    });
    await store.setStatus({
      id: request.id,
      status: 'declined',
      by: BOB,
      note: long,
      now: at(4),
    });
    expect((await store.review(CHURN, ADA))?.reply?.text).toHaveLength(
      FEEDBACK_TEXT_MAX,
    );
    expect((await store.request(request.id))?.statusChange?.note).toBe(long);
  });

  it('lists open and accepted requests first, newest first within each', async () => {
    const add = (id: string, minute: number) =>
      store.addRequest({
        id,
        entityRef: CHURN,
        userRef: ADA,
        what: `Request ${id}`,
        why: 'Because',
        urgency: 'normal',
        now: at(minute),
      });
    await add('a', 1);
    await add('b', 2);
    await add('c', 3);
    await add('d', 4);
    await store.setStatus({ id: 'd', status: 'done', by: BOB, now: at(5) });
    await store.setStatus({
      id: 'a',
      status: 'accepted',
      by: BOB,
      note: 'Next sprint',
      now: at(6),
    });
    expect((await store.requests(CHURN)).map(r => [r.id, r.status])).toEqual([
      ['c', 'open'],
      ['b', 'open'],
      ['a', 'accepted'],
      ['d', 'done'],
    ]);
    expect(await store.request('a')).toMatchObject({
      status: 'accepted',
      updatedAt: at(6),
      statusChange: { by: BOB, at: at(6), note: 'Next sprint' },
    });
    expect(
      await store.setStatus({ id: 'zzz', status: 'done', by: BOB, now: at(7) }),
    ).toBeUndefined();
    expect(await store.requests('model:default/other')).toEqual([]);
  });
});
