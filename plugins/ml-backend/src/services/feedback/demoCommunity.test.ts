import { mockServices } from '@backstage/backend-test-utils';
import {
  migratedTestDatabase,
  testDatabaseIds,
} from '../../__testUtils__/databases';
import { DeclaredUseStore } from '../../database/DeclaredUseStore';
import { FeedbackStore } from '../../database/FeedbackStore';
import { seedDemoCommunity } from './demoCommunity';

describe.each(testDatabaseIds())('the demo community seed on %s', id => {
  it('fills empty tables once: reviews with a reply, an answered request, a declared use in lineage', async () => {
    const db = await migratedTestDatabase(id);
    const feedback = new FeedbackStore(db);
    const options = {
      feedback,
      declaredUses: new DeclaredUseStore(db),
      logger: mockServices.logger.mock(),
      now: new Date('2026-12-07T09:00:00Z'),
    };
    expect(await seedDemoCommunity(options)).toBe(true);
    const reviews = await feedback.reviews('model:default/churn-model');
    expect(reviews.map(r => [r.by, r.rating])).toEqual([
      ['user:default/edgar', 4],
      ['user:default/alan', 5],
    ]);
    expect(reviews[1].reply?.by).toBe('user:default/grace');
    const requests = await feedback.requests('model:default/churn-model');
    expect(requests.map(r => r.status).sort()).toEqual(['accepted', 'open']);
    expect(
      await db('lineage_edges').where({
        source_ref: 'model:default/churn-model',
        target_ref: 'component:default/fraud-scorer',
      }),
    ).toHaveLength(1);

    // A restarted demo on a kept database, or one where people wrote: untouched.
    expect(await seedDemoCommunity(options)).toBe(false);
    expect(await feedback.reviews('model:default/churn-model')).toHaveLength(2);
  });
});
