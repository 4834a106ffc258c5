import type { Entity } from '@backstage/catalog-model';
import {
  feastDtype,
  type FeatureStoreDifference,
  type FeatureStoreView,
} from '@ml-marketplace/plugin-ml-common';

/** Other spellings owners write for the same type. */
const ALIASES: Record<string, string> = {
  int: 'int64',
  integer: 'int64',
  long: 'int64',
  float: 'float64',
  double: 'float64',
  str: 'string',
  boolean: 'bool',
  datetime: 'timestamp',
};

/** A store type in entity words: `DOUBLE` -> float64, `INT64_LIST` -> list<int64>. */
export const dtypeOfStoreType = feastDtype;

const canonical = (dtype: string) => {
  const lower = dtype.trim().toLocaleLowerCase('en-US');
  return ALIASES[lower] ?? lower;
};

interface DeclaredFeature {
  name: string;
  dtype: string;
}

/**
 * Where a Feature entity and the view it names disagree: features declared
 * but not in the store, in the store but not declared, types that differ,
 * join keys that differ, and an online store the view does not use.
 */
export function differencesOf(
  entity: Entity,
  view: FeatureStoreView,
): FeatureStoreDifference[] {
  const spec = (entity.spec ?? {}) as {
    features?: DeclaredFeature[];
    entities?: string[];
    store?: string;
  };
  const out: FeatureStoreDifference[] = [];
  const where = `view "${view.name}"`;
  const stored = new Map(view.features.map(f => [f.name, f]));
  const declared = spec.features ?? [];
  if (declared.length) {
    const names = new Set(declared.map(f => f.name));
    for (const f of declared) {
      const actual = stored.get(f.name);
      if (!actual) {
        out.push({
          feature: f.name,
          message: `spec.features lists "${f.name}", which ${where} does not have.`,
        });
      } else if (
        canonical(f.dtype) !== canonical(dtypeOfStoreType(actual.type))
      ) {
        out.push({
          feature: f.name,
          message: `"${f.name}" is ${f.dtype} in spec.features but ${
            actual.type
          } (${dtypeOfStoreType(actual.type)}) in ${where}.`,
        });
      }
    }
    const undeclared = view.features.filter(f => !names.has(f.name));
    if (undeclared.length) {
      out.push({
        message: `${where} has ${undeclared
          .map(f => `"${f.name}"`)
          .join(', ')}, which spec.features does not list.`,
      });
    }
  }
  // Feature entities list join keys; older syncs kept only entity names.
  const keys = spec.entities ?? [];
  const joinKeys = view.joinKeys?.length ? view.joinKeys : view.entities;
  if (
    keys.length &&
    joinKeys.length &&
    [...keys].sort().join() !== [...joinKeys].sort().join()
  ) {
    out.push({
      message: `spec.entities is ${keys.join(
        ', ',
      )} but ${where} joins on ${joinKeys.join(', ')}.`,
    });
  }
  if ((spec.store === 'online' || spec.store === 'both') && !view.online) {
    out.push({
      message: `spec.store is ${spec.store} but ${where} is not served online.`,
    });
  }
  return out;
}
