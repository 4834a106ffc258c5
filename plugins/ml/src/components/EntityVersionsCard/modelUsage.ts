import type {
  RegistryDeclaration,
  RegistryModel,
} from '@ml-marketplace/plugin-ml-common';
import type { UsageSnippet } from '../shared/UsageSnippets';

/**
 * How to use a registered Model: the registry URI of what serves (the
 * declared alias, else the pinned version, else the newest), a load snippet
 * and, when the entity declares a serving endpoint, a request example.
 */
export interface ModelUsage {
  /** `models:/churn-model@champion`, `models:/churn-model/3`. */
  uri: string;
  /** What the URI points at, in words: "alias champion (version 3)". */
  points: string;
  snippets: UsageSnippet[];
}

export function modelUsage(options: {
  declared: RegistryDeclaration;
  model: RegistryModel;
  /** The registry's address, for the tracking URI; a placeholder when unknown. */
  location?: string;
  /** `spec.serving.endpoint`. */
  endpoint?: string;
}): ModelUsage | undefined {
  const { declared, model, location, endpoint } = options;
  const alias =
    declared.alias && declared.alias in model.aliases
      ? declared.alias
      : undefined;
  const newest = model.versions[0]?.version;
  const version = declared.version ?? newest;
  let uri: string;
  let points: string;
  if (alias) {
    uri = `models:/${model.name}@${alias}`;
    points = `alias ${alias} (version ${model.aliases[alias]})`;
  } else if (version) {
    uri = `models:/${model.name}/${version}`;
    points = declared.version
      ? `the pinned version ${version}`
      : `the newest version, ${version} (no serving alias is declared)`;
  } else {
    return undefined;
  }
  const trackingUri =
    location && /^https?:\/\//.test(location) ? location : 'http://YOUR-MLFLOW';
  const snippets: UsageSnippet[] = [
    {
      label: 'Python',
      language: 'python',
      text: [
        'import mlflow',
        '',
        `mlflow.set_tracking_uri("${trackingUri}")`,
        `model = mlflow.pyfunc.load_model("${uri}")`,
        "predictions = model.predict(df)  # df: a pandas DataFrame of the model's inputs",
      ].join('\n'),
    },
  ];
  if (endpoint) {
    snippets.push({
      label: 'Serving endpoint',
      language: 'bash',
      text: [
        `curl -X POST ${endpoint} \\`,
        "  -H 'Content-Type: application/json' \\",
        `  -d '{"dataframe_records": [{"<input>": "<value>"}]}'`,
      ].join('\n'),
    });
  }
  return { uri, points, snippets };
}
