import { z } from 'zod';
import { entityRefParam } from './queryParams';

/** Query of `GET /api/ml/references`. */
export const referencesQuerySchema = z.object({
  entityRef: entityRefParam('model:default/churn-model'),
});

/**
 * One ref an entity's spec declares, as the caller may know it. A ref the
 * caller may not read comes without the ref: cards say that an asset is not
 * visible to them, never its name, and never that it is missing.
 */
export type DeclaredReference =
  | {
      /** Where the spec declares it, e.g. `spec.trainedOn[1]`. */
      field: string;
      /** `visible`: the caller may read it; `missing`: the catalog holds no such entity. */
      status: 'visible' | 'missing';
      /** Full lower-case ref, e.g. `dataset:default/customers`. */
      ref: string;
    }
  | { field: string; status: 'hidden' };

/** Answer of `GET /api/ml/references?entityRef=`. */
export interface EntityReferences {
  entityRef: string;
  /** In spec order. */
  references: DeclaredReference[];
}
