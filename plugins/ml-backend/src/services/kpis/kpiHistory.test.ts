import type { KpiSnapshot } from '@ml-marketplace/plugin-ml-common';
import { KpiStore } from '../../database/KpiStore';
import {
  migratedTestDatabase,
  testDatabaseIds,
} from '../../__testUtils__/databases';
import { KpiService } from './KpiService';
import { demoHistory } from './kpiSnapshots';
import { deliveryOf, teamsOf } from './teamsAndDelivery';

const today: KpiSnapshot = {
  day: '2026-12-05',
  demo: false,
  assets: 21,
  byKind: { Model: 8, Feature: 6, Dataset: 7 },
  certifiedShare: { bronze: 0.8, silver: 0.5, gold: 0.1 },
  healthyShare: 0.85,
  reuseRate: 0.4,
  deprecatedStillConsumed: 1,
};

describe('teamsOf', () => {
  it('counts an asset as reused only when another team reads it', () => {
    const owners: Record<string, string> = {
      'dataset:default/a': 'group:default/data',
      'dataset:default/b': 'group:default/data',
      'model:default/m': 'group:default/growth',
      'dataset:default/c': 'group:default/data',
    };
    const teams = teamsOf({
      assets: [
        {
          ref: 'dataset:default/a',
          owner: owners['dataset:default/a'],
          certified: true,
          healthy: true,
        },
        {
          ref: 'dataset:default/b',
          owner: owners['dataset:default/b'],
          certified: false,
          healthy: false,
        },
        {
          ref: 'model:default/m',
          owner: owners['model:default/m'],
          certified: true,
          healthy: true,
        },
      ],
      edges: [
        // read by another team: reused
        { source_ref: 'dataset:default/a', target_ref: 'model:default/m' },
        // read by its own team only: not reuse by others
        { source_ref: 'dataset:default/b', target_ref: 'dataset:default/c' },
      ],
      ownerOf: ref => owners[ref],
      titleOf: ref =>
        ref === 'group:default/data' ? 'Data platform' : undefined,
    });
    expect(teams).toEqual([
      {
        owner: 'group:default/data',
        title: 'Data platform',
        assets: 2,
        reusedByOthers: 1,
        certifiedShare: 0.5,
        healthyShare: 0.5,
      },
      {
        owner: 'group:default/growth',
        assets: 1,
        reusedByOthers: 0,
        certifiedShare: 1,
        healthyShare: 1,
      },
    ]);
  });
});

describe('deliveryOf', () => {
  const version = (createdAt: string) => ({
    version: createdAt,
    aliases: [],
    tags: {},
    createdAt,
  });

  it('counts versions per month over the last year and the median gap of a model line', () => {
    const delivery = deliveryOf(
      [
        {
          name: 'churn',
          tags: {},
          aliases: {},
          versions: [
            version('2026-11-20T00:00:00Z'),
            version('2026-11-10T00:00:00Z'),
            version('2026-10-31T00:00:00Z'),
          ],
        },
        {
          name: 'fraud',
          tags: {},
          aliases: {},
          versions: [
            version('2025-01-01T00:00:00Z'),
            version('2026-12-01T00:00:00Z'),
          ],
        },
        { name: 'empty', tags: {}, aliases: {}, versions: [] },
      ],
      new Date('2026-12-05T12:00:00Z'),
    );
    expect(delivery.versionsByMonth).toHaveLength(12);
    expect(delivery.versionsByMonth[0].month).toBe('2026-01');
    expect(delivery.versionsByMonth.slice(-3)).toEqual([
      { month: '2026-10', versions: 1 },
      { month: '2026-11', versions: 2 },
      { month: '2026-12', versions: 1 },
    ]);
    // Gaps: 10 and 10 days (churn), 699 days (fraud): the median is 10.
    expect(delivery.medianDaysBetweenVersions).toBe(10);
    expect(delivery.modelLines).toBe(2);
  });
});

describe('demoHistory', () => {
  it('seeds 120 days up to yesterday, marked as demo data, growing into today', () => {
    const days = demoHistory(today, new Date('2026-12-05T10:00:00Z'));
    expect(days).toHaveLength(120);
    expect(days.every(d => d.demo)).toBe(true);
    expect(days[days.length - 1].day).toBe('2026-12-04');
    expect(days[0].assets).toBeLessThan(today.assets * 0.7);
    expect(days[days.length - 1].assets).toBeGreaterThan(today.assets * 0.9);
    expect(days[0].reuseRate).toBeLessThan(days[days.length - 1].reuseRate);
    for (const d of days) {
      expect(d.healthyShare).toBeGreaterThanOrEqual(0);
      expect(d.healthyShare).toBeLessThanOrEqual(1);
    }
  });
});

describe.each(testDatabaseIds())('KPI history on %s', databaseId => {
  it('keeps one snapshot per day, the latest, and answers the last days', async () => {
    const db = await migratedTestDatabase(databaseId);
    let now = new Date('2026-12-05T08:00:00Z');
    const store = new KpiStore(db);
    const kpis = new KpiService({
      store,
      now: () => now,
    } as unknown as ConstructorParameters<typeof KpiService>[0]);
    await kpis.store(demoHistory(today, now));
    await store.save({ ...today, assets: 20 }, now.toISOString());
    now = new Date('2026-12-05T14:00:00Z');
    await store.save(today, now.toISOString());
    const { days } = await kpis.history(7);
    expect(days.map(d => d.day)).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
    ]);
    expect(days[6]).toEqual(today);
    expect(days[5].demo).toBe(true);
    expect(await kpis.historyCount()).toBe(121);
  });
});
