import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  AssetUse,
  AssetUsage,
  DeclareUseInput,
} from '@ml-marketplace/plugin-ml-common';
import type {
  DeclaredUseRow,
  DeclaredUseStore,
} from '../../database/DeclaredUseStore';
import type { LineageStore } from '../../database/LineageStore';
import type { ReadableEntities } from '../access/ReadableEntities';
import { entityRefOf } from '../entityRefs';
import {
  EXTERNAL_REF_PREFIX,
  ORIGIN_RANK,
  edgeOrigin,
  lineageRowsOf,
} from '../lineage/lineageEdges';

/** Kinds that do not use data or models themselves: people, teams, places. */
const NOT_CONSUMERS = new Set(['group', 'user', 'location']);

/** A consumer ref from a request, lower case, or a 400 naming the field. */
export function requestedConsumerRef(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(
      `consumer must be a full entity ref like "component:default/checkout", got ${JSON.stringify(
        ref,
      )}`,
    );
  }
}

/**
 * Who uses an asset: every direct consumer in the lineage index (the
 * catalog's relations, registries' records, OpenLineage runs and the uses
 * people declared), and the declarations themselves. Permissions are the
 * routes' business; what the caller may read is decided here.
 */
export class AdoptionService {
  constructor(
    private readonly options: {
      store: DeclaredUseStore;
      lineage: LineageStore;
      readable: ReadableEntities;
      now?: () => Date;
    },
  ) {}

  /**
   * The asset's direct consumers the caller may read, with the teams that
   * own them; unreadable ones are only counted.
   */
  async usage(
    assetRef: string,
    credentials: BackstageCredentials,
    caller: {
      canDeclare: boolean;
      /** The consumers among these whose declared uses the caller may withdraw. */
      mayWithdraw?: (uses: AssetUse[]) => Promise<Set<string>>;
    },
  ): Promise<AssetUsage> {
    const { store, lineage, readable } = this.options;
    const origins = new Map<string, AssetUse['origin']>();
    for (const edge of await lineage.edgesOf([assetRef], 'downstream')) {
      if (edge.target_ref === assetRef) continue;
      const origin = edgeOrigin(edge.declared_by);
      const known = origins.get(edge.target_ref);
      if (!known || ORIGIN_RANK[origin] < ORIGIN_RANK[known]) {
        origins.set(edge.target_ref, origin);
      }
    }
    const refs = [...origins.keys()];
    const nodes = new Map(
      (await lineage.nodes(refs)).map(node => [node.ref, node]),
    );
    const external = refs.filter(ref => ref.startsWith(EXTERNAL_REF_PREFIX));
    const visible = new Set([
      ...external,
      ...(await readable.filter(
        refs.filter(ref => !ref.startsWith(EXTERNAL_REF_PREFIX)),
        credentials,
      )),
    ]);
    // Counted when the index holds them; a ref to nothing is no consumer.
    const hidden = refs.filter(r => !visible.has(r) && nodes.has(r)).length;
    const declared = new Map(
      (await store.usesOf(assetRef)).map(d => [d.consumer_ref, d]),
    );
    const owners = [
      ...new Set(
        refs.flatMap(r => (visible.has(r) && nodes.get(r)?.owner) || []),
      ),
    ];
    const ownerTitles = new Map(
      (await lineage.nodes(owners)).map(n => [n.ref, n.title ?? undefined]),
    );

    const uses = refs
      .filter(ref => visible.has(ref))
      .map((ref): AssetUse => {
        const node = nodes.get(ref);
        const declaration = declared.get(ref);
        const ownerTitle = node?.owner && ownerTitles.get(node.owner);
        return {
          consumer: ref,
          ...(node?.title && { title: node.title }),
          kind: node?.kind ?? kindOf(ref),
          ...(node?.owner && { owner: node.owner }),
          ...(ownerTitle && { ownerTitle }),
          origin: origins.get(ref)!,
          ...(declaration && declarationFields(declaration)),
        };
      })
      .sort((a, b) =>
        (a.title ?? a.consumer).localeCompare(b.title ?? b.consumer),
      );

    const withdrawable = caller.mayWithdraw
      ? await caller.mayWithdraw(uses.filter(u => u.declaredBy))
      : new Set<string>();
    for (const use of uses) {
      if (use.declaredBy) use.canWithdraw = withdrawable.has(use.consumer);
    }

    const perTeam = new Map<string, number>();
    for (const use of uses) {
      if (use.owner) perTeam.set(use.owner, (perTeam.get(use.owner) ?? 0) + 1);
    }
    const teams = [...perTeam.entries()]
      .map(([team, count]) => {
        const title = ownerTitles.get(team);
        return { team, ...(title && { title }), uses: count };
      })
      .sort((a, b) => b.uses - a.uses || a.team.localeCompare(b.team));

    return {
      entityRef: assetRef,
      uses,
      teams,
      canDeclare: caller.canDeclare,
      ...(hidden && { hidden }),
    };
  }

  /**
   * 400 unless `consumer` may be declared to use `asset`: another entity,
   * one that can use things, that the catalog does not already say uses it.
   */
  assertDeclarable(asset: Entity, consumer: Entity) {
    const assetRef = entityRefOf(asset);
    const consumerRef = entityRefOf(consumer);
    if (assetRef === consumerRef) {
      throw new InputError(
        `consumer is ${consumerRef}, the asset itself: name another entity, one of your team’s, that uses it`,
      );
    }
    if (NOT_CONSUMERS.has(consumer.kind.toLocaleLowerCase('en-US'))) {
      throw new InputError(
        `consumer is a ${consumer.kind} (${consumerRef}); declare uses for what your teams build or run: a Component, System, Resource, Model, Feature or Dataset`,
      );
    }
    if (catalogSays(asset, consumer)) {
      throw new InputError(
        `The catalog already says ${consumerRef} uses ${assetRef}: there is nothing to declare`,
      );
    }
  }

  /** Declares a use; a repeated declaration leaves the first one as it was. */
  async declare(
    assetRef: string,
    consumerRef: string,
    user: string,
    input: DeclareUseInput,
  ): Promise<{ use: DeclaredUseRow; created: boolean }> {
    return this.options.store.declare({
      asset_ref: assetRef,
      consumer_ref: consumerRef,
      declared_by: user.toLocaleLowerCase('en-US'),
      declared_at: (this.options.now?.() ?? new Date()).toISOString(),
      note: input.note || null,
    });
  }

  /** The declaration a withdrawal is about, or a 404 saying which. */
  async declaration(
    assetRef: string,
    consumerRef: string,
  ): Promise<DeclaredUseRow> {
    const use = await this.options.store.get(assetRef, consumerRef);
    if (!use) {
      throw new NotFoundError(
        `Nobody declared that ${consumerRef} uses ${assetRef}; only declared uses can be withdrawn (the catalog's come from the entities' own YAML)`,
      );
    }
    return use;
  }

  async withdraw(assetRef: string, consumerRef: string): Promise<void> {
    await this.options.store.withdraw(assetRef, consumerRef);
  }
}

function declarationFields(d: DeclaredUseRow) {
  return {
    declaredBy: d.declared_by,
    declaredAt: d.declared_at,
    ...(d.note && { note: d.note }),
  };
}

function kindOf(ref: string): string {
  try {
    return parseEntityRef(ref).kind;
  } catch {
    return 'unknown';
  }
}

/** Whether the relations of the asset or the consumer already make it a consumer. */
export function catalogSays(asset: Entity, consumer: Entity): boolean {
  const assetRef = entityRefOf(asset);
  const consumerRef = entityRefOf(consumer);
  return [...lineageRowsOf(consumer).edges, ...lineageRowsOf(asset).edges].some(
    e => e.source_ref === assetRef && e.target_ref === consumerRef,
  );
}
