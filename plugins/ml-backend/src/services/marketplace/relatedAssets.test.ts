import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import { relatedAssetsOf } from './relatedAssets';

const asset = (
  name: string,
  extra: Partial<MarketplaceAsset> = {},
): MarketplaceAsset =>
  ({
    ref: `model:default/${name}`,
    kind: 'Model',
    name,
    namespace: 'default',
    tags: [],
    dataSources: [],
    consumers: 0,
    task: 'binary-classification',
    lifecycle: 'production',
    ...extra,
  } as MarketplaceAsset);

describe('relatedAssetsOf', () => {
  it('ranks a deprecated asset below those in use, however much it shares', async () => {
    const self = asset('churn', { tags: ['churn', 'tabular'] });
    const legacy = asset('churn-v0', {
      lifecycle: 'deprecated',
      tags: ['churn', 'tabular'],
    });
    const other = asset('fraud');
    const assets = [self, legacy, other];
    const lineage = {
      // One consumer reads churn and both others.
      edgesOf: async (refs: string[], direction: 'upstream' | 'downstream') =>
        direction === 'downstream'
          ? [{ source_ref: self.ref, target_ref: 'component:default/svc' }]
          : refs.flatMap(() =>
              [self, legacy, other].map(a => ({
                source_ref: a.ref,
                target_ref: 'component:default/svc',
              })),
            ),
    } as any;
    const related = await relatedAssetsOf(
      {
        assets,
        byRef: new Map(assets.map(a => [a.ref, a])),
        inputs: new Map(),
      },
      self.ref,
      new Set(assets.map(a => a.ref)),
      lineage,
    );
    // The legacy model shares task and two tags, the fraud model only the task.
    expect(related.similar.map(s => s.asset.ref)).toEqual([
      other.ref,
      legacy.ref,
    ]);
    expect(related.usedTogether.map(t => t.asset.ref)).toEqual([
      other.ref,
      legacy.ref,
    ]);
  });
});
