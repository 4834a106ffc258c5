import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import { AttentionService } from './AttentionService';

const asset = (
  name: string,
  over: Partial<MarketplaceAsset> = {},
): MarketplaceAsset => ({
  ref: `model:default/${name}`,
  kind: 'Model',
  namespace: 'default',
  name,
  tags: [],
  dataSources: [],
  consumers: 0,
  owner: 'group:default/growth-ml',
  ...over,
});

const ASSETS = [
  asset('healthy'),
  asset('broken', { health: 'fail', title: 'Broken model' }),
  asset('old', { lifecycle: 'deprecated', consumers: 2 }),
  asset('unread-old', { lifecycle: 'deprecated', consumers: 0 }),
  asset('expiring'),
  asset('theirs', { owner: 'group:default/risk-ml', health: 'fail' }),
];

function service(ownership: string[]) {
  return new AttentionService({
    marketplace: {
      readableAssets: async () => ASSETS,
      titleOf: (ref: string) =>
        ref === 'group:default/growth-ml' ? 'Growth ML' : undefined,
    } as any,
    certificates: {
      certificates: async () =>
        new Map([
          [
            'model:default/expiring',
            { level: 'silver', expires_at: '2026-12-20T00:00:00.000Z' },
          ],
          [
            'model:default/healthy',
            { level: 'gold', expires_at: '2027-06-01T00:00:00.000Z' },
          ],
        ]),
    } as any,
    userInfo: mockServices.userInfo({
      userEntityRef: 'user:default/ada',
      ownershipEntityRefs: ownership,
    }),
    now: () => new Date('2026-12-05T00:00:00Z'),
  });
}

describe('AttentionService', () => {
  it("lists what needs the caller's teams' attention, most urgent first, in words", async () => {
    const answer = await service([
      'user:default/ada',
      'group:default/growth-ml',
    ]).attention(mockCredentials.user('user:default/ada'));
    expect(answer.scope).toBe('mine');
    expect(answer.owners).toEqual(['group:default/growth-ml']);
    expect(
      answer.items.map(i => [i.asset.name, i.reasons.map(r => r.text)]),
    ).toEqual([
      ['broken', ['Fails an error-level health check']],
      [
        'expiring',
        ['Its silver certificate expires on 2026-12-20 (in 15 days)'],
      ],
      ['old', ['Deprecated, still read by 2 entities']],
    ]);
    expect(answer.labels).toEqual({ 'group:default/growth-ml': 'Growth ML' });
  });

  it('shows everyone’s when the caller’s teams own no ML asset', async () => {
    const answer = await service(['user:default/guest']).attention(
      mockCredentials.user('user:default/guest'),
    );
    expect(answer.scope).toBe('everyone');
    expect(answer.items.map(i => i.asset.name)).toContain('theirs');
  });
});
