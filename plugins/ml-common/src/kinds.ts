/** The apiVersion of every ML marketplace entity. `backstage.io/…` is reserved for Backstage itself. */
export const ML_API_VERSION = 'ml-marketplace.io/v1alpha1';

export const MODEL_KIND = 'Model';
export const FEATURE_KIND = 'Feature';
export const DATASET_KIND = 'Dataset';

/** The three kinds the marketplace owns, in lineage order. */
export const ML_KINDS = [DATASET_KIND, FEATURE_KIND, MODEL_KIND] as const;
export type MlKind = (typeof ML_KINDS)[number];

export const LIFECYCLES = ['experimental', 'production', 'deprecated'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export const CLASSIFICATIONS = [
  'public',
  'internal',
  'confidential',
  'restricted',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** True when `kind` names one of our kinds, ignoring case like the catalog does. */
export function isMlKind(kind: string | undefined): kind is MlKind {
  return (
    !!kind &&
    ML_KINDS.some(
      k => k.toLocaleLowerCase('en-US') === kind.toLocaleLowerCase('en-US'),
    )
  );
}
