import {
  declaredFeaturesOf,
  describeFreshness,
  featureRows,
  secondsInWords,
  viewTypeLabel,
} from './featureStoreText';

const NOW = Date.parse('2025-03-02T12:00:00.000Z');

describe('secondsInWords', () => {
  it('says a TTL in the largest units that fit', () => {
    expect(secondsInWords(86_400)).toBe('1 day');
    expect(secondsInWords(3 * 86_400)).toBe('3 days');
    expect(secondsInWords(3_600)).toBe('1 hour');
    expect(secondsInWords(5_400)).toBe('1 hour 30 minutes');
    expect(secondsInWords(45)).toBe('45 seconds');
    expect(secondsInWords(0)).toBe('0 seconds');
  });
});

describe('viewTypeLabel', () => {
  it('names Feast view types in words and keeps unknown ones', () => {
    expect(viewTypeLabel('featureView')).toBe('Batch feature view');
    expect(viewTypeLabel('onDemandFeatureView')).toBe('On-demand feature view');
    expect(viewTypeLabel('labelView')).toBe('labelView');
  });
});

describe('describeFreshness', () => {
  it('says a future materialization end as a date, not "in 2 days"', () => {
    const { text } = describeFreshness(
      {
        materializedUntil: '2025-03-04T12:00:00.000Z',
        limitSeconds: 86_400,
        limitFrom: 'view ttl',
        status: 'fresh',
      },
      { online: true, now: NOW },
    );
    expect(text).toMatch(
      /^Fresh: materialized up to 2025-03-0\d \d\d:00; allowed 1 day \(view TTL\)\.$/,
    );
  });

  it('says an online view without an allowed age is not judged', () => {
    expect(
      describeFreshness(
        { materializedUntil: '2025-03-02T10:00:00.000Z', status: 'unknown' },
        { online: true, now: NOW },
      ).text,
    ).toMatch(
      /^Materialized up to 2 hours ago \(.*\); freshness unknown: neither the view's TTL nor the entity's ttl sets an allowed age\.$/,
    );
    expect(
      describeFreshness({ status: 'unknown' }, { online: true, now: NOW }).text,
    ).toBe(
      "No materialization recorded; freshness unknown: neither the view's TTL nor the entity's ttl sets an allowed age.",
    );
  });
});

describe('featureRows', () => {
  const store = [
    { name: 'a', type: 'INT64' },
    { name: 'b', type: 'DOUBLE', description: 'from the store' },
  ];

  it('marks nothing when the entity declares no features', () => {
    expect(declaredFeaturesOf({})).toBeUndefined();
    expect(featureRows(store, undefined).map(r => r.mark)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it("marks the store's undeclared features and appends the declared ones it lacks", () => {
    const declared = declaredFeaturesOf({
      features: [
        { name: 'b', dtype: 'float64', description: 'from the catalog' },
        { name: 'c', dtype: 'string', description: 'only declared' },
        'not a feature',
      ],
    });
    expect(featureRows(store, declared)).toEqual([
      { name: 'a', storeType: 'INT64', mark: 'not declared' },
      {
        name: 'b',
        storeType: 'DOUBLE',
        declaredDtype: 'float64',
        description: 'from the store',
      },
      {
        name: 'c',
        declaredDtype: 'string',
        description: 'only declared',
        mark: 'not in the store',
      },
    ]);
  });
});
