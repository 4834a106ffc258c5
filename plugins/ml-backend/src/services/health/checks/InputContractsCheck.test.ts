import { mockServices } from '@backstage/backend-test-utils';
import type { DatasetSchemaRow } from '../../../database/LineageStore';
import { mlEntity } from '../../../__testUtils__/mlEntities';
import { CatalogSnapshot } from '../CatalogSnapshot';
import { InputContractsCheck } from './InputContractsCheck';

const IDENTITY = 'postgres://warehouse:5432/analytics.customers';
const NOW = new Date('2026-12-05T12:00:00Z');

const customers = mlEntity(
  'Dataset',
  'customers',
  {
    type: 'table',
    schema: {
      columns: [
        { name: 'customer_id', type: 'string' },
        { name: 'plan', type: 'string' },
      ],
    },
  },
  { annotations: { 'ml-marketplace.io/openlineage-dataset': IDENTITY } },
);
const churn = mlEntity('Model', 'churn', { trainedOn: ['customers'] });

function context() {
  const catalog = new CatalogSnapshot();
  catalog.add(customers);
  catalog.add(churn);
  return {
    logger: mockServices.logger.mock(),
    signal: new AbortController().signal,
    now: NOW,
    catalog,
    lastUpdatedAt: NOW,
  };
}

const reporting =
  (fields: Array<{ name: string; type?: string }>) => async () =>
    new Map<string, DatasetSchemaRow>([
      [
        IDENTITY,
        {
          openlineage_key: IDENTITY,
          fields: JSON.stringify(fields),
          observed_at: '2026-12-05T04:00:00.000Z',
          source: 'airflow/customers_daily',
        },
      ],
    ]);

describe('InputContractsCheck', () => {
  it('warns a consumer when its input Dataset lost or retyped a declared column', async () => {
    const check = new InputContractsCheck(
      reporting([{ name: 'customer_id', type: 'BIGINT' }]),
    );
    expect(check.appliesTo(churn)).toBe(true);
    expect(check.severity).toBe('warning');
    const result = await check.run(churn, context());
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'An input no longer matches its declared schema: dataset:default/customers (spec.trainedOn[0]) no longer has plan, has customer_id as BIGINT.',
    );
  });

  it('passes when its inputs keep their declared columns, or none reports a schema', async () => {
    const fine = new InputContractsCheck(
      reporting([
        { name: 'customer_id', type: 'VARCHAR' },
        { name: 'plan', type: 'VARCHAR' },
        { name: 'region', type: 'VARCHAR' },
      ]),
    );
    expect(await fine.run(churn, context())).toEqual({
      status: 'pass',
      message: 'Its input with a reported schema keeps its declared columns.',
    });
    const silent = new InputContractsCheck(async () => new Map());
    expect((await silent.run(churn, context())).message).toBe(
      'None of its inputs has a reported schema to compare.',
    );
  });
});
