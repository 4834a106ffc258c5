import { stringifyEntityRef } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { NOT_CONSUMER_KINDS, kindLabel } from './usageText';

/** One of the signed-in user's teams' entities, as the picker offers it. */
export interface OwnedEntity {
  /** Lower case, like the refs of `AssetUsage`. */
  ref: string;
  title: string;
  kind: string;
}

/**
 * The entities the signed-in user's teams (and the user) own that could use
 * an asset, by title: the catalog's `relations.ownedBy` over the identity's
 * ownership refs, without groups, users and locations, which use nothing.
 */
export function useOwnedEntities() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<OwnedEntity[]> => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    if (!ownershipEntityRefs.length) return [];
    const { items } = await catalogApi.getEntities({
      filter: { 'relations.ownedBy': ownershipEntityRefs },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return items
      .filter(e => !NOT_CONSUMER_KINDS.has(e.kind.toLocaleLowerCase('en-US')))
      .map(e => ({
        ref: stringifyEntityRef(e).toLocaleLowerCase('en-US'),
        title: e.metadata.title ?? e.metadata.name,
        kind: kindLabel(e.kind),
      }))
      .sort(
        (a, b) => a.title.localeCompare(b.title) || a.ref.localeCompare(b.ref),
      );
  }, [identityApi, catalogApi]);
}
