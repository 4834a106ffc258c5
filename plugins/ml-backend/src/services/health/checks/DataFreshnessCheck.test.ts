import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { DatasetWriteRow } from '../../../database/LineageStore';
import { CatalogSnapshot } from '../CatalogSnapshot';
import { DataFreshnessCheck } from './DataFreshnessCheck';
import { perSweep } from './perSweep';

const NOW = new Date('2026-12-05T12:00:00Z');
const IDENTITY = 'postgres://warehouse:5432/analytics.customers';

function dataset(
  spec: Record<string, unknown> = {},
  identity: string | null = IDENTITY,
): Entity {
  return {
    apiVersion: 'ml-marketplace.io/v1alpha1',
    kind: 'Dataset',
    metadata: {
      name: 'customers',
      namespace: 'default',
      ...(identity && {
        annotations: { 'ml-marketplace.io/openlineage-dataset': identity },
      }),
    },
    spec: {
      owner: 'group:default/data',
      lifecycle: 'production',
      type: 'table',
      freshness: 'P1D',
      ...spec,
    },
  };
}

function storeWith(...writes: Array<Partial<DatasetWriteRow>>) {
  const rows = new Map(
    writes.map(w => {
      const row: DatasetWriteRow = {
        openlineage_key: IDENTITY,
        written_at: '2026-12-05T04:00:00.000Z',
        job: 'airflow/customers_daily',
        run_id: null,
        ...w,
      };
      return [row.openlineage_key, row];
    }),
  );
  // A sweep's loader, as the plugin builds it; the mock counts the reads.
  const lastWrites = jest.fn(async () => rows);
  return Object.assign(perSweep(lastWrites), { lastWrites });
}

const context = (now = NOW) => ({
  logger: mockServices.logger.mock(),
  signal: new AbortController().signal,
  now,
  catalog: new CatalogSnapshot(),
  lastUpdatedAt: now,
});

describe('DataFreshnessCheck', () => {
  it('passes while the last completed run is within the declared freshness', async () => {
    const check = new DataFreshnessCheck(storeWith({}));
    expect(await check.run(dataset(), context())).toEqual({
      status: 'pass',
      message:
        'Written by job airflow/customers_daily within its freshness (every day).',
    });
    // A run that is late by less than a quarter of the interval is not stale.
    expect(
      (await check.run(dataset(), context(new Date('2026-12-06T10:00:00Z'))))
        .status,
    ).toBe('pass');
  });

  it('is an error when the data is older than its freshness, naming the time, the job and what to do', async () => {
    const check = new DataFreshnessCheck(
      storeWith({ written_at: '2026-12-02T04:00:00.000Z' }),
    );
    const result = await check.run(dataset(), context());
    expect(result).toEqual({
      status: 'fail',
      message:
        'Stale: last written 2026-12-02 04:00 UTC by job airflow/customers_daily; it should be written every day.',
      fixHint: `Check the job airflow/customers_daily: its recent runs failed, did not complete, or no longer write ${IDENTITY}. Readers get data from 2026-12-02 04:00 UTC until it runs again.`,
    });
    expect(check.severity).toBe('error');
  });

  it('says "not observed", as advice, when no run has reported the dataset or it has no identity', async () => {
    const check = new DataFreshnessCheck(storeWith());
    const unseen = await check.run(dataset(), context());
    expect(unseen).toMatchObject({ status: 'warn', severity: 'advice' });
    expect(unseen.message).toBe(
      `Not observed: no completed OpenLineage run has reported writing ${IDENTITY} yet, so its freshness (every day) is not checked.`,
    );
    const anonymous = await check.run(dataset({}, null), context());
    expect(anonymous).toMatchObject({ status: 'warn', severity: 'advice' });
    expect(anonymous.fixHint).toContain(
      'ml-marketplace.io/openlineage-dataset',
    );
  });

  it('applies to Datasets with a freshness that are not deprecated', () => {
    const check = new DataFreshnessCheck(storeWith());
    expect(check.appliesTo(dataset())).toBe(true);
    expect(check.appliesTo(dataset({ freshness: undefined }))).toBe(false);
    expect(check.appliesTo(dataset({ lifecycle: 'deprecated' }))).toBe(false);
    expect(check.appliesTo({ ...dataset(), kind: 'Model' })).toBe(false);
  });

  it('reads the writes once per sweep', async () => {
    const store = storeWith({});
    const check = new DataFreshnessCheck(store);
    await check.run(dataset(), context());
    await check.run(dataset(), context());
    expect(store.lastWrites).toHaveBeenCalledTimes(1);
    await check.run(dataset(), context(new Date('2026-12-05T12:05:00Z')));
    expect(store.lastWrites).toHaveBeenCalledTimes(2);
  });
});
