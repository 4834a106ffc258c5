/**
 * Copy-paste snippets that read a Dataset, from where `spec.location` says
 * it lives: SQL and pandas for database tables, pandas for object-store and
 * file paths, a consumer for Kafka topics. Columns flagged `pii` are left out
 * of the SELECT lists, so the first query someone copies reads no personal
 * data they did not ask for.
 */

export interface DatasetColumn {
  name: string;
  type?: string;
  description?: string;
  pii?: boolean;
  nullable?: boolean;
}

import type { UsageSnippet } from '../shared/UsageSnippets';

export interface DatasetUsage {
  /** Where the data is, in words: "table analytics.customers in the warehouse database". */
  where?: string;
  snippets: UsageSnippet[];
  /** Personal-data columns left out of the snippets. */
  omittedPii: string[];
}

const SQL_SCHEMES = new Set([
  'postgresql',
  'postgres',
  'mysql',
  'mariadb',
  'mssql',
  'sqlserver',
  'oracle',
  'redshift',
  'snowflake',
  'bigquery',
  'trino',
  'presto',
  'hive',
  'databricks',
  'duckdb',
]);
const OBJECT_SCHEMES = new Set([
  's3',
  's3a',
  'gs',
  'gcs',
  'abfs',
  'abfss',
  'az',
  'hdfs',
  'file',
]);

/** SQLAlchemy's dialect name for a scheme, where it differs. */
const DIALECTS: Record<string, string> = {
  postgres: 'postgresql',
  sqlserver: 'mssql',
};

const SQL_LIMIT = 100;

/** The non-PII column names to select, or `*` when the schema is not declared. */
function selectList(columns: DatasetColumn[]): string {
  const plain = columns.filter(c => !c.pii).map(c => c.name);
  if (!columns.length) return '*';
  return plain.length ? plain.join(', ') : '*';
}

function parseLocation(
  location: string,
): { scheme: string; authority: string; path: string } | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)\/?(.*)$/i.exec(location);
  if (!match) return undefined;
  return {
    scheme: match[1].toLocaleLowerCase('en-US'),
    authority: match[2],
    path: match[3],
  };
}

/** Snippets to read a Dataset, from its `spec.location`, `spec.type` and columns. */
export function datasetUsage(spec: {
  location?: string;
  type?: string;
  columns: DatasetColumn[];
}): DatasetUsage {
  const { location, columns } = spec;
  const omittedPii = columns.filter(c => c.pii).map(c => c.name);
  const select = selectList(columns);
  if (!location) return { snippets: [], omittedPii };

  const parsed = parseLocation(location);
  if (!parsed) {
    // A plain path: a file or directory.
    if (location.startsWith('/') || location.startsWith('./')) {
      return {
        where: `files at ${location}`,
        snippets: [pandasFiles(location)],
        omittedPii,
      };
    }
    return { snippets: [], omittedPii };
  }
  const { scheme, authority, path } = parsed;

  if (SQL_SCHEMES.has(scheme) && path) {
    const table = path.replace(/\/+$/, '').replace(/\//g, '.');
    const pii = omittedPii.length
      ? `-- Personal data left out: ${omittedPii.join(', ')}\n`
      : '';
    const sql = `${pii}SELECT ${select}\nFROM ${table}\nLIMIT ${SQL_LIMIT};`;
    const dialect = DIALECTS[scheme] ?? scheme;
    return {
      where: `table ${table} in the ${authority} database (${scheme})`,
      snippets: [
        { label: 'SQL', language: 'sql', text: sql },
        {
          label: 'pandas',
          language: 'python',
          text: [
            'import pandas as pd',
            'import sqlalchemy',
            '',
            `# Ask the owner for the host and your credentials for "${authority}".`,
            `engine = sqlalchemy.create_engine("${dialect}://USER@HOST/${authority}")`,
            `df = pd.read_sql("SELECT ${select} FROM ${table} LIMIT ${SQL_LIMIT}", engine)`,
          ].join('\n'),
        },
      ],
      omittedPii,
    };
  }

  if (OBJECT_SCHEMES.has(scheme)) {
    return {
      where: `files at ${location}`,
      snippets: [pandasFiles(location, columns)],
      omittedPii,
    };
  }

  if (scheme === 'kafka' && path) {
    const topic = path.replace(/\/+$/, '');
    return {
      where: `topic ${topic} on the ${authority} Kafka cluster`,
      snippets: [
        {
          label: 'Kafka',
          language: 'bash',
          text: `kafka-console-consumer --bootstrap-server ${authority}:9092 \\\n  --topic ${topic} --max-messages 10`,
        },
        {
          label: 'Python',
          language: 'python',
          text: [
            'from kafka import KafkaConsumer  # pip install kafka-python',
            '',
            `consumer = KafkaConsumer("${topic}", bootstrap_servers="${authority}:9092")`,
            'for message in consumer:',
            '    print(message.value)',
          ].join('\n'),
        },
      ],
      omittedPii,
    };
  }
  return { snippets: [], omittedPii };
}

function pandasFiles(location: string, columns: DatasetColumn[] = []) {
  const plain = columns.filter(c => !c.pii).map(c => c.name);
  const selected =
    plain.length && plain.length < columns.length
      ? `, columns=[${plain.map(c => `"${c}"`).join(', ')}]`
      : '';
  return {
    label: 'pandas',
    language: 'python' as const,
    text: [
      'import pandas as pd',
      '',
      '# Parquet assumed; use pd.read_csv or pd.read_json for other formats.',
      `df = pd.read_parquet("${location}"${selected})`,
    ].join('\n'),
  };
}
