import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';

/** One choice of the ML entity picker. */
export interface PickerOption {
  /** Full entity ref, what the field stores. */
  ref: string;
  title: string;
  lifecycle?: string;
  certification?: string;
  deprecated: boolean;
}

/**
 * Marketplace hits as picker choices, in the marketplace's order. Deprecated
 * assets are left out unless asked for, and then come last, marked, so a
 * successor is always offered before the asset it replaces.
 */
export function pickerOptions(
  assets: MarketplaceAsset[],
  options: { includeDeprecated?: boolean } = {},
): PickerOption[] {
  const all = assets.map(
    (a): PickerOption => ({
      ref: a.ref,
      title: a.title ?? a.name,
      ...(a.lifecycle && { lifecycle: a.lifecycle }),
      ...(a.certification && { certification: a.certification }),
      deprecated: a.lifecycle === 'deprecated',
    }),
  );
  const current = all.filter(o => !o.deprecated);
  return options.includeDeprecated
    ? [...current, ...all.filter(o => o.deprecated)]
    : current;
}
