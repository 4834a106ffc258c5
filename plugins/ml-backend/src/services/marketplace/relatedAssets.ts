import type {
  MarketplaceAsset,
  RelatedAssets,
} from '@ml-marketplace/plugin-ml-common';
import type { LineageStore } from '../../database/LineageStore';

const RELATED_LIMIT = 5;

/** Deprecated assets come after those still in use, whatever they share. */
const deprecatedLast = (a: MarketplaceAsset, b: MarketplaceAsset) =>
  Number(a.lifecycle === 'deprecated') - Number(b.lifecycle === 'deprecated');

/**
 * Recommendations for one asset page: similar assets (same kind, sharing
 * task, domain, inputs or tags) and assets often used together with it
 * (read by the same consumers, from the lineage index), among those the
 * caller may read. Deprecated assets come last and are marked on the card:
 * their successors are the better recommendation.
 */
export async function relatedAssetsOf(
  snapshot: {
    assets: MarketplaceAsset[];
    byRef: Map<string, MarketplaceAsset>;
    inputs: Map<string, string[]>;
  },
  ref: string,
  readable: Set<string>,
  lineage: Pick<LineageStore, 'edgesOf'>,
): Promise<RelatedAssets> {
  const self = snapshot.byRef.get(ref)!;
  const ownInputs = new Set(snapshot.inputs.get(ref) ?? []);
  const similar = snapshot.assets
    .filter(a => a.ref !== ref && a.kind === self.kind && readable.has(a.ref))
    .map(asset => {
      const reasons: string[] = [];
      let score = 0;
      if (self.task && asset.task === self.task) {
        score += 3;
        reasons.push(`same task: ${self.task}`);
      }
      if (self.domain && asset.domain === self.domain) {
        score += 2;
        reasons.push('same domain');
      }
      const shared = [...(snapshot.inputs.get(asset.ref) ?? [])].filter(i =>
        ownInputs.has(i),
      );
      if (shared.length) {
        score += 2 * shared.length;
        reasons.push(
          `${shared.length} shared input${shared.length > 1 ? 's' : ''}`,
        );
      }
      const tags = asset.tags.filter(t => self.tags.includes(t));
      if (tags.length) {
        score += tags.length;
        reasons.push(`tags: ${tags.join(', ')}`);
      }
      return { asset, reasons, score };
    })
    .filter(s => s.score > 0)
    .sort(
      (a, b) =>
        deprecatedLast(a.asset, b.asset) ||
        b.score - a.score ||
        b.asset.consumers - a.asset.consumers,
    )
    .slice(0, RELATED_LIMIT)
    .map(({ asset, reasons }) => ({ asset, reasons }));

  const consumers = [
    ...new Set(
      (await lineage.edgesOf([ref], 'downstream')).map(e => e.target_ref),
    ),
  ];
  const together = new Map<string, Set<string>>();
  for (const edge of await lineage.edgesOf(consumers, 'upstream')) {
    if (edge.source_ref === ref) continue;
    const set = together.get(edge.source_ref) ?? new Set<string>();
    set.add(edge.target_ref);
    together.set(edge.source_ref, set);
  }
  const usedTogether = [...together.entries()]
    .filter(([other]) => snapshot.byRef.has(other) && readable.has(other))
    .map(([other, shared]) => ({
      asset: snapshot.byRef.get(other)!,
      sharedConsumers: [...shared].filter(
        c => readable.has(c) || !snapshot.byRef.has(c),
      ).length,
    }))
    .filter(t => t.sharedConsumers > 0)
    .sort(
      (a, b) =>
        deprecatedLast(a.asset, b.asset) ||
        b.sharedConsumers - a.sharedConsumers ||
        a.asset.ref.localeCompare(b.asset.ref),
    )
    .slice(0, RELATED_LIMIT);
  return { similar, usedTogether };
}
