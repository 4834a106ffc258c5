import { parseEntityRef } from '@backstage/catalog-model';
import {
  DATASET_KIND,
  FEATURE_KIND,
  MODEL_KIND,
  formatPath,
} from '@ml-marketplace/plugin-ml-common';
import { identityOf, isObject, type EntityIdentity } from './catalogDocuments';

/** A spec field holding entity refs, and the kind a ref without one defaults to. */
interface RefFieldRule {
  segments: string[];
  /** Undefined where the catalog processor insists on an explicit kind. */
  defaultKind?: string;
}

const COMMON: RefFieldRule[] = [
  { segments: ['spec', 'owner'], defaultKind: 'group' },
  { segments: ['spec', 'system'], defaultKind: 'system' },
];

// The same defaults as MlEntitiesProcessor, so a ref resolves here exactly as in the catalog.
const BY_KIND: Record<string, RefFieldRule[]> = {
  [MODEL_KIND.toLocaleLowerCase('en-US')]: [
    { segments: ['spec', 'trainedOn'], defaultKind: 'dataset' },
    { segments: ['spec', 'consumesFeatures'], defaultKind: 'feature' },
    { segments: ['spec', 'dependsOn'] },
    { segments: ['spec', 'providesApis'], defaultKind: 'api' },
    { segments: ['spec', 'deprecation', 'replacedBy'], defaultKind: 'model' },
  ],
  [FEATURE_KIND.toLocaleLowerCase('en-US')]: [
    { segments: ['spec', 'sources'], defaultKind: 'dataset' },
  ],
  [DATASET_KIND.toLocaleLowerCase('en-US')]: [
    { segments: ['spec', 'derivedFrom'], defaultKind: 'dataset' },
  ],
};

/** One ref as written in an entity, resolved the way the catalog resolves it. */
export interface EntityRefUse {
  segments: Array<string | number>;
  field: string;
  written: string;
  /** Undefined when the ref names no kind and the field has no default. */
  target?: EntityIdentity;
}

/**
 * Every ref an ML entity makes, resolved with the field's default kind and the
 * entity's namespace. Values that are not well-formed refs are skipped: schema
 * validation already reports them.
 */
export function refsOf(entity: Record<string, any>): EntityRefUse[] {
  const rules = [
    ...COMMON,
    ...(BY_KIND[String(entity.kind).toLocaleLowerCase('en-US')] ?? []),
  ];
  const namespace =
    isObject(entity.metadata) && typeof entity.metadata.namespace === 'string'
      ? entity.metadata.namespace
      : 'default';
  const uses: EntityRefUse[] = [];
  for (const { segments, defaultKind } of rules) {
    const value = segments.reduce<any>(
      (node, key) => (isObject(node) ? node[key] : undefined),
      entity,
    );
    const written: Array<[Array<string | number>, unknown]> = Array.isArray(
      value,
    )
      ? value.map((v, i) => [[...segments, i], v])
      : [[segments, value]];
    for (const [at, ref] of written) {
      if (typeof ref !== 'string') continue;
      const use: EntityRefUse = {
        segments: at,
        field: formatPath(at),
        written: ref,
      };
      try {
        const parsed = parseEntityRef(ref, {
          defaultKind,
          defaultNamespace: namespace,
        });
        use.target = identityOf(parsed.kind, parsed.namespace, parsed.name);
      } catch {
        if (defaultKind || ref.includes(':')) continue;
      }
      uses.push(use);
    }
  }
  return uses;
}
