/**
 * How to read a Feature from the feature store: its feature references
 * (`view:feature`, Feast's notation) and retrieval snippets for the stores it
 * is served from (online for inference, offline for training sets).
 */

export interface FeatureField {
  name: string;
  dtype?: string;
  description?: string;
}

export interface FeatureUsage {
  /** The feature view the references name. */
  featureView: string;
  references: string[];
  snippets: Array<{ label: string; language: 'python'; text: string }>;
}

/** Feast names views in snake case; catalog names are kebab case. */
export function featureViewOf(name: string): string {
  return name.replace(/-/g, '_');
}

const list = (items: string[], indent: string) =>
  items.map(item => `${indent}"${item}",`).join('\n');

export function featureUsage(spec: {
  name: string;
  features: FeatureField[];
  entities: string[];
  store?: string;
}): FeatureUsage {
  const featureView = featureViewOf(spec.name);
  const references = spec.features.map(f => `${featureView}:${f.name}`);
  if (!references.length) return { featureView, references, snippets: [] };
  const keys = spec.entities.length ? spec.entities : ['entity_id'];
  const snippets: FeatureUsage['snippets'] = [];
  const store = [
    'from feast import FeatureStore',
    '',
    'store = FeatureStore(repo_path=".")  # your checkout of the feature repository',
  ];
  if (spec.store !== 'offline') {
    snippets.push({
      label: 'Online (inference)',
      language: 'python',
      text: [
        ...store,
        'features = store.get_online_features(',
        '    features=[',
        list(references, '        '),
        '    ],',
        `    entity_rows=[{${keys.map(k => `"${k}": ...`).join(', ')}}],`,
        ').to_dict()',
      ].join('\n'),
    });
  }
  if (spec.store !== 'online') {
    snippets.push({
      label: 'Offline (training)',
      language: 'python',
      text: [
        ...store,
        `# entity_df: a DataFrame with ${keys.join(
          ', ',
        )} and event_timestamp columns`,
        'training = store.get_historical_features(',
        '    entity_df=entity_df,',
        '    features=[',
        list(references, '        '),
        '    ],',
        ').to_df()',
      ].join('\n'),
    });
  }
  return { featureView, references, snippets };
}
