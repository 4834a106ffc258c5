import type {
  RegistryDeclaration,
  RegistryModel,
  RegistrySignature,
  RegistrySignatureField,
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
  /** The version the URI points at now. */
  version: string;
  /** The signature of the version the URI points at, when the registry has one. */
  signature?: RegistrySignature;
  snippets: UsageSnippet[];
}

/** A stand-in value of a signature type, written for JSON or for Python. */
function sampleOf(field: RegistrySignatureField, python: boolean): string {
  const type = field.type;
  if (/^(double|float)$/.test(type)) return '0.0';
  if (/^(long|integer)$/.test(type)) return '0';
  if (type === 'boolean') return python ? 'False' : 'false';
  if (type === 'string') return '"<text>"';
  if (type === 'datetime') return '"2026-01-01T00:00:00"';
  if (type.startsWith('array<')) return '[]';
  return python ? 'None' : 'null';
}

/**
 * One example row of the named inputs as a JSON object or Python dict, one
 * input per line so a wide model stays readable; undefined when the inputs
 * are unnamed (tensors) or unknown.
 */
function exampleRow(
  signature: RegistrySignature | undefined,
  python: boolean,
  indent: string,
) {
  const inputs = signature?.inputs ?? [];
  if (!inputs.length || inputs.some(f => !f.name)) return undefined;
  const lines = inputs.map(
    f => `${indent}  ${JSON.stringify(f.name)}: ${sampleOf(f, python)}`,
  );
  return `{\n${lines.join(',\n')}\n${indent}}`;
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
  const pointed = alias ? model.aliases[alias] : version!;
  const signature = model.versions.find(v => v.version === pointed)?.signature;
  const pyRow = exampleRow(signature, true, '');
  const jsonRow = exampleRow(signature, false, '  ');
  const trackingUri =
    location && /^https?:\/\//.test(location) ? location : 'http://YOUR-MLFLOW';
  const snippets: UsageSnippet[] = [
    {
      label: 'Python',
      language: 'python',
      text: [
        'import mlflow',
        ...(pyRow ? ['import pandas as pd'] : []),
        '',
        `mlflow.set_tracking_uri("${trackingUri}")`,
        `model = mlflow.pyfunc.load_model("${uri}")`,
        ...(pyRow
          ? [
              "# one row of the model's inputs, from its registry signature",
              `df = pd.DataFrame([${pyRow}])`,
              'predictions = model.predict(df)',
            ]
          : [
              "predictions = model.predict(df)  # df: a pandas DataFrame of the model's inputs",
            ]),
      ].join('\n'),
    },
  ];
  if (endpoint) {
    const records = `{"dataframe_records": [${
      jsonRow ?? '{"<input>": "<value>"}'
    }]}`;
    snippets.push({
      label: 'Serving endpoint',
      language: 'bash',
      text: [
        `curl -X POST ${endpoint} \\`,
        "  -H 'Content-Type: application/json' \\",
        `  -d '${records}'`,
      ].join('\n'),
    });
  }
  return {
    uri,
    points,
    version: pointed,
    ...(signature && { signature }),
    snippets,
  };
}
