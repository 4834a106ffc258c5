import { datasetUsage } from './datasetUsage';

const columns = [
  { name: 'customer_id', type: 'string' },
  { name: 'email', type: 'string', pii: true },
  { name: 'signup_date', type: 'date' },
];

describe('datasetUsage', () => {
  it('gives SQL and pandas for a database table, leaving personal data out', () => {
    const usage = datasetUsage({
      location: 'postgresql://warehouse/analytics.customers',
      type: 'table',
      columns,
    });
    expect(usage.where).toBe(
      'table analytics.customers in the warehouse database (postgresql)',
    );
    expect(usage.omittedPii).toEqual(['email']);
    expect(usage.snippets.map(s => s.label)).toEqual(['SQL', 'pandas']);
    expect(usage.snippets[0].text).toBe(
      '-- Personal data left out: email\nSELECT customer_id, signup_date\nFROM analytics.customers\nLIMIT 100;',
    );
    expect(usage.snippets[1].text).toContain(
      'sqlalchemy.create_engine("postgresql://USER@HOST/warehouse")',
    );
    expect(usage.snippets[1].text).toContain(
      'pd.read_sql("SELECT customer_id, signup_date FROM analytics.customers LIMIT 100", engine)',
    );
  });

  it('selects every column when the schema is not declared', () => {
    const usage = datasetUsage({
      location: 'postgres://lakehouse/ref.fx_rates',
      columns: [],
    });
    expect(usage.snippets[0].text).toBe(
      'SELECT *\nFROM ref.fx_rates\nLIMIT 100;',
    );
    // SQLAlchemy knows postgres as postgresql.
    expect(usage.snippets[1].text).toContain(
      'postgresql://USER@HOST/lakehouse',
    );
  });

  it('reads object-store paths with pandas, only the non-personal columns', () => {
    const usage = datasetUsage({
      location: 's3://compliance-archive/aml-alerts/',
      type: 'files',
      columns,
    });
    expect(usage.where).toBe('files at s3://compliance-archive/aml-alerts/');
    expect(usage.snippets).toHaveLength(1);
    expect(usage.snippets[0].text).toContain(
      'pd.read_parquet("s3://compliance-archive/aml-alerts/", columns=["customer_id", "signup_date"])',
    );
  });

  it('consumes a Kafka topic', () => {
    const usage = datasetUsage({
      location: 'kafka://payments-prod/card-auth-v3',
      type: 'stream',
      columns: [],
    });
    expect(usage.where).toBe(
      'topic card-auth-v3 on the payments-prod Kafka cluster',
    );
    expect(usage.snippets[0].text).toContain('--topic card-auth-v3');
    expect(usage.snippets[1].text).toContain('KafkaConsumer("card-auth-v3"');
  });

  it('offers nothing it cannot stand behind', () => {
    expect(datasetUsage({ columns }).snippets).toEqual([]);
    expect(
      datasetUsage({ location: 'warehouse customers table', columns }).snippets,
    ).toEqual([]);
    expect(
      datasetUsage({ location: 'ftp://old-server/dump', columns }).snippets,
    ).toEqual([]);
  });
});
