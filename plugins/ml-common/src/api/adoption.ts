import { z } from 'zod';
import { entityRefParam } from './queryParams';

/**
 * Adoption: who uses an ML asset. Uses come from the catalog (relations the
 * consumers or the asset declare), from registries' records, from
 * OpenLineage runs, and from people who declare that one of their teams'
 * entities uses the asset when the catalog does not say so ("I use this").
 * Served by `/api/ml/usage`.
 */

/** Longest note a person may add to a declared use, in characters. */
export const DECLARED_USE_NOTE_MAX = 280;

/** The lineage edge type of a use declared by a person (asset -> consumer). */
export const DECLARED_USE_EDGE_TYPE = 'declaredUse';

/** Query of `GET /usage` and `POST /usage`: the asset. */
export const usageQuerySchema = z.object({
  entityRef: entityRefParam('model:default/churn-model'),
});

/** Query of `DELETE /usage`: the asset and the consumer whose declared use is withdrawn. */
export const withdrawUseQuerySchema = z.object({
  entityRef: entityRefParam('model:default/churn-model'),
  consumer: z
    .string({
      error:
        'consumer is required: the entity whose declared use you withdraw, e.g. ?consumer=component:default/checkout',
    })
    .trim()
    .min(1, {
      error:
        'consumer must not be empty: name the entity whose declared use you withdraw, e.g. ?consumer=component:default/checkout',
    }),
});

/** Body of `POST /usage?entityRef=`: one of the caller's teams' entities uses the asset. */
export const declareUseInputSchema = z.object({
  /** Ref of the entity that uses the asset, e.g. `component:default/checkout`. */
  consumer: z
    .string({
      error: issue =>
        issue.input === undefined
          ? 'consumer is required: the ref of your team’s entity that uses this asset, e.g. component:default/checkout'
          : 'consumer must be an entity ref as text, e.g. component:default/checkout',
    })
    .trim()
    .min(1, {
      error:
        'consumer is empty: give the ref of your team’s entity that uses this asset, e.g. component:default/checkout',
    }),
  /** How or what for, in a few words. */
  note: z
    .string({ error: 'note must be text' })
    .trim()
    .max(DECLARED_USE_NOTE_MAX, {
      error: issue =>
        `note is ${
          String(issue.input ?? '').length
        } characters long; keep it to ${DECLARED_USE_NOTE_MAX}`,
    })
    .optional(),
});
export type DeclareUseInput = z.infer<typeof declareUseInputSchema>;

/**
 * Where a use is known from: the catalog's relations, a registry's records
 * (a model version read a feature view), a person's declaration, or an
 * OpenLineage run. When several say so, the catalog wins, then the registry,
 * then OpenLineage, then a person.
 */
export type AssetUseOrigin = 'catalog' | 'registry' | 'user' | 'openlineage';

/** One entity that uses the asset directly. */
export interface AssetUse {
  /** Ref of the consumer, lower case. */
  consumer: string;
  title?: string;
  kind: string;
  /** Ref of the consumer's owner. */
  owner?: string;
  ownerTitle?: string;
  origin: AssetUseOrigin;
  /**
   * Set when a person declared this use (also when the catalog or a registry
   * now says so too): who, when and why.
   */
  declaredBy?: string;
  declaredAt?: string;
  note?: string;
  /** Whether the caller may withdraw the declaration (its author or an owner of the consumer). */
  canWithdraw?: boolean;
}

/** Answer of `GET`, `POST` and `DELETE /usage?entityRef=`. */
export interface AssetUsage {
  entityRef: string;
  /** Every direct consumer the caller may read, by title. */
  uses: AssetUse[];
  /** Uses per owning team of the consumers, most first. */
  teams: Array<{ team: string; title?: string; uses: number }>;
  /** Whether the caller may declare uses (people may; services may not). */
  canDeclare: boolean;
  /** Consumers the caller may not read: counted, never named. Absent when none. */
  hidden?: number;
}
