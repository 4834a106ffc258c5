import { featureUsage } from './featureUsage';

const features = [
  { name: 'sessions_30d', dtype: 'int64' },
  { name: 'purchases_30d', dtype: 'int64' },
];

describe('featureUsage', () => {
  it('names each feature as view:feature and retrieves it online and offline', () => {
    const usage = featureUsage({
      name: 'customer-activity',
      features,
      entities: ['customer_id'],
      store: 'both',
    });
    expect(usage.featureView).toBe('customer_activity');
    expect(usage.references).toEqual([
      'customer_activity:sessions_30d',
      'customer_activity:purchases_30d',
    ]);
    expect(usage.snippets.map(s => s.label)).toEqual([
      'Online (inference)',
      'Offline (training)',
    ]);
    expect(usage.snippets[0].text).toContain(
      'entity_rows=[{"customer_id": ...}]',
    );
    expect(usage.snippets[0].text).toContain(
      '        "customer_activity:sessions_30d",',
    );
    expect(usage.snippets[1].text).toContain(
      '# entity_df: a DataFrame with customer_id and event_timestamp columns',
    );
  });

  it('offers only the store the feature is served from', () => {
    const online = featureUsage({
      name: 'card-velocity',
      features,
      entities: ['pan_token'],
      store: 'online',
    });
    expect(online.snippets.map(s => s.label)).toEqual(['Online (inference)']);
    const offline = featureUsage({
      name: 'rfm',
      features,
      entities: ['customer_id', 'region'],
      store: 'offline',
    });
    expect(offline.snippets.map(s => s.label)).toEqual(['Offline (training)']);
    expect(offline.snippets[0].text).toContain('customer_id, region and');
  });

  it('has nothing to retrieve without declared features', () => {
    expect(
      featureUsage({ name: 'x', features: [], entities: [] }).snippets,
    ).toEqual([]);
  });
});
