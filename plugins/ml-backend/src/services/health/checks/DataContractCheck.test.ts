import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { DatasetSchemaRow } from '../../../database/LineageStore';
import { CatalogSnapshot } from '../CatalogSnapshot';
import { DataContractCheck } from './DataContractCheck';
import { perSweep } from './perSweep';

const IDENTITY = 'postgres://warehouse:5432/analytics.customers';
const NOW = new Date('2026-12-05T12:00:00Z');

const customers = (spec: Record<string, unknown> = {}): Entity => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Dataset',
  metadata: {
    name: 'customers',
    namespace: 'default',
    annotations: { 'ml-marketplace.io/openlineage-dataset': IDENTITY },
  },
  spec: {
    owner: 'group:default/data',
    lifecycle: 'production',
    type: 'table',
    schema: {
      columns: [
        { name: 'customer_id', type: 'string' },
        { name: 'plan', type: 'string' },
      ],
    },
    ...spec,
  },
});

function reported(fields: Array<{ name: string; type?: string }>) {
  const rows = new Map<string, DatasetSchemaRow>([
    [
      IDENTITY,
      {
        openlineage_key: IDENTITY,
        fields: JSON.stringify(fields),
        observed_at: '2026-12-05T04:00:00.000Z',
        source: 'airflow/warehouse.customers_daily',
      },
    ],
  ]);
  return perSweep(async () => rows);
}

const context = () => ({
  logger: mockServices.logger.mock(),
  signal: new AbortController().signal,
  now: NOW,
  catalog: new CatalogSnapshot(),
  lastUpdatedAt: NOW,
});

describe('DataContractCheck', () => {
  it('passes when the data has every declared column with its type', async () => {
    const check = new DataContractCheck(
      reported([
        { name: 'customer_id', type: 'VARCHAR' },
        { name: 'plan', type: 'TEXT' },
      ]),
    );
    expect(await check.run(customers(), context())).toEqual({
      status: 'pass',
      message:
        'Every declared column is in the data with its type, as reported by job airflow/warehouse.customers_daily.',
    });
  });

  it('is an error when a declared column is gone or retyped, naming each and the job', async () => {
    const check = new DataContractCheck(
      reported([{ name: 'customer_id', type: 'BIGINT' }]),
    );
    const result = await check.run(customers(), context());
    expect(result.status).toBe('fail');
    expect(check.severity).toBe('error');
    expect(result.message).toBe(
      'The data breaks its declared schema: as reported by job airflow/warehouse.customers_daily, it no longer has plan; has customer_id as BIGINT, declared string.',
    );
    expect(result.fixHint).toContain('update spec.schema.columns');
  });

  it('gives advice, not an error, for columns the declaration does not list', async () => {
    const check = new DataContractCheck(
      reported([
        { name: 'customer_id', type: 'VARCHAR' },
        { name: 'plan', type: 'VARCHAR' },
        { name: 'region', type: 'VARCHAR' },
      ]),
    );
    expect(await check.run(customers(), context())).toMatchObject({
      status: 'warn',
      severity: 'advice',
      message: 'Has columns the declaration does not list: region.',
    });
  });

  it('says "not observed", as advice, before any schema is reported', async () => {
    const check = new DataContractCheck(async () => new Map());
    expect(await check.run(customers(), context())).toMatchObject({
      status: 'warn',
      severity: 'advice',
    });
  });

  it('applies to Datasets that declare columns and an identity', () => {
    const check = new DataContractCheck(reported([]));
    expect(check.appliesTo(customers())).toBe(true);
    expect(check.appliesTo(customers({ schema: undefined }))).toBe(false);
    expect(
      check.appliesTo({
        ...customers(),
        metadata: { name: 'x', namespace: 'default' },
      }),
    ).toBe(false);
  });
});
