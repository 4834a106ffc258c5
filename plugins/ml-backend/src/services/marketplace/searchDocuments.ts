import type { Entity } from '@backstage/catalog-model';
import type {
  MarketplaceAsset,
  RegistryModel,
} from '@ml-marketplace/plugin-ml-common';
import { modelFamiliesOf } from './searchTerms';

/**
 * The text of an asset the marketplace searches, by field. Every field that
 * describes an asset is searchable; the weights say how much a match in each
 * counts (a title match says more than a word in the model card).
 */
export const SEARCH_FIELD_WEIGHTS = {
  title: 4,
  name: 3,
  tags: 2.5,
  task: 2.5,
  description: 1.5,
  /** Features, columns, location, registry and lineage names. */
  details: 1.2,
  /**
   * Short facts: metric names, lifecycle, classification, framework, base model, dataset
   * type, "pii" when a column holds personal data, "fine-tuned".
   */
  traits: 2,
  /** Kind, owner, system and domain titles. */
  context: 1,
  /** Model-card prose: intended use, limitations, training data, … */
  card: 0.6,
} as const;

export type SearchField = keyof typeof SEARCH_FIELD_WEIGHTS;
export const SEARCH_FIELDS = Object.keys(SEARCH_FIELD_WEIGHTS) as SearchField[];
export type SearchDocument = { ref: string } & Record<SearchField, string>;

const texts = (...values: unknown[]): string =>
  (values.flat(Infinity as 1) as unknown[])
    .filter(v => typeof v === 'string' || typeof v === 'number')
    .join(' \n ');

const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);

/** Every string in a model card section, however it is shaped (text, lists, objects). */
function allText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allText);
  if (value && typeof value === 'object') {
    return Object.values(value).flatMap(allText);
  }
  return [];
}

/**
 * The search document of one asset. `titleOf` gives the title of an owner,
 * system or domain ref (its name when it has none); `registered` the model
 * as the registry sync last saw it.
 */
export function searchDocumentOf(
  entity: Entity,
  asset: MarketplaceAsset,
  titleOf: (ref: string | undefined) => string | undefined,
  registered?: RegistryModel,
): SearchDocument {
  const spec = (entity.spec ?? {}) as Record<string, any>;
  const annotations = entity.metadata.annotations ?? {};
  const features = list(spec.features);
  const columns = list(spec.schema?.columns);
  const versions = registered?.versions ?? [];
  const metrics = [
    ...new Set([
      ...list(spec.evaluation).map(e => e?.metric),
      ...versions.flatMap(v => Object.keys(v.run?.metrics ?? {})),
    ]),
  ];
  return {
    ref: asset.ref,
    title: texts(asset.title),
    // Names are kebab- or snake-case: the tokenizer splits them into words.
    name: texts(asset.name),
    tags: texts(asset.tags),
    task: texts(spec.task),
    description: texts(asset.description),
    details: texts(
      features.map(f => [f?.name, f?.description, f?.tags]),
      spec.entities,
      spec.transformation,
      columns.map(c => [c?.name, c?.description, c?.tags]),
      spec.location,
      spec.registry?.mlflow?.name,
      annotations['ml-marketplace.io/mlflow-model-name'],
      annotations['ml-marketplace.io/openlineage-dataset'],
      registered?.name,
      registered?.description,
      versions.map(v => v.description),
    ),
    traits: texts(
      metrics,
      spec.classification,
      spec.framework,
      spec.baseModel,
      typeof spec.baseModel === 'string' && modelFamiliesOf(spec.baseModel),
      spec.type,
      // Where a feature is served: "online features for fraud scoring".
      spec.store === 'both' ? 'online offline' : spec.store,
      columns.some(c => c?.pii === true) && 'pii personal data',
      typeof spec.baseModel === 'string' && 'fine-tuned',
    ),
    context: texts(
      titleOf(asset.owner),
      titleOf(asset.system),
      titleOf(asset.domain),
    ),
    card: texts(allText(spec.modelCard)),
  };
}
