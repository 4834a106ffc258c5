import {
  RELATION_API_PROVIDED_BY,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import {
  RELATION_CONSUMES_FEATURE,
  RELATION_DERIVED_FROM,
  RELATION_FEATURE_CONSUMED_BY,
  RELATION_SOURCE_OF,
  RELATION_TRAINED_ON,
  RELATION_TRAINING_DATA_OF,
} from './relations';
import { DATASET_KIND, FEATURE_KIND, MODEL_KIND } from './kinds';

/**
 * A spec field that holds entity refs: how a ref without a kind resolves, and
 * which relation pair it becomes. The catalog processor emits relations from
 * this table and the CLI resolves refs with it, so both read refs alike.
 */
export interface MlRefField {
  /** Path of the field, e.g. `['spec', 'trainedOn']`; a string or a list of strings. */
  path: string[];
  /** Kind of a ref written without one; undefined where the kind is required. */
  defaultKind?: string;
  /** The relation pair, or undefined for refs that are checked but not drawn. */
  relation?: { forward: string; reverse: string };
}

const OWNED_BY = { forward: RELATION_OWNED_BY, reverse: RELATION_OWNER_OF };
const PART_OF = { forward: RELATION_PART_OF, reverse: RELATION_HAS_PART };
const DEPENDS_ON = {
  forward: RELATION_DEPENDS_ON,
  reverse: RELATION_DEPENDENCY_OF,
};
const PROVIDES_API = {
  forward: RELATION_PROVIDES_API,
  reverse: RELATION_API_PROVIDED_BY,
};

const COMMON: MlRefField[] = [
  { path: ['spec', 'owner'], defaultKind: 'Group', relation: OWNED_BY },
  { path: ['spec', 'system'], defaultKind: 'System', relation: PART_OF },
];

const BY_KIND: Record<string, MlRefField[]> = {
  [MODEL_KIND.toLocaleLowerCase('en-US')]: [
    ...COMMON,
    {
      path: ['spec', 'trainedOn'],
      defaultKind: DATASET_KIND,
      relation: {
        forward: RELATION_TRAINED_ON,
        reverse: RELATION_TRAINING_DATA_OF,
      },
    },
    {
      path: ['spec', 'consumesFeatures'],
      defaultKind: FEATURE_KIND,
      relation: {
        forward: RELATION_CONSUMES_FEATURE,
        reverse: RELATION_FEATURE_CONSUMED_BY,
      },
    },
    // Like Component.dependsOn, the kind must be written out: a model may depend on anything.
    { path: ['spec', 'dependsOn'], relation: DEPENDS_ON },
    {
      path: ['spec', 'providesApis'],
      defaultKind: 'API',
      relation: PROVIDES_API,
    },
    { path: ['spec', 'deprecation', 'replacedBy'], defaultKind: MODEL_KIND },
  ],
  [FEATURE_KIND.toLocaleLowerCase('en-US')]: [
    ...COMMON,
    {
      path: ['spec', 'sources'],
      defaultKind: DATASET_KIND,
      relation: { forward: RELATION_DERIVED_FROM, reverse: RELATION_SOURCE_OF },
    },
  ],
  [DATASET_KIND.toLocaleLowerCase('en-US')]: [
    ...COMMON,
    {
      path: ['spec', 'derivedFrom'],
      defaultKind: DATASET_KIND,
      relation: { forward: RELATION_DERIVED_FROM, reverse: RELATION_SOURCE_OF },
    },
    { path: ['spec', 'dependsOn'], relation: DEPENDS_ON },
  ],
};

/** The ref fields of an ML kind; empty for kinds we do not own. */
export function mlRefFields(kind: string): MlRefField[] {
  return BY_KIND[kind.toLocaleLowerCase('en-US')] ?? [];
}

/** The refs written in one field, with their paths: `[['spec','trainedOn',0], 'customers'], …` */
export function refsAt(
  entity: unknown,
  path: string[],
): Array<[Array<string | number>, string]> {
  const value = path.reduce<any>(
    (node, key) =>
      node !== null && typeof node === 'object' ? node[key] : undefined,
    entity,
  );
  const written: Array<[Array<string | number>, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [[...path, i], v])
    : [[path, value]];
  return written.filter(
    (w): w is [Array<string | number>, string] => typeof w[1] === 'string',
  );
}
