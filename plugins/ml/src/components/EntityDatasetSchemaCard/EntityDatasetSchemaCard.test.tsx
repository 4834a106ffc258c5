import type { Entity } from '@backstage/catalog-model';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import type { DatasetSchemaResponse } from '@ml-marketplace/plugin-ml-common';
import { mlApiRef } from '../../api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityDatasetSchemaCard } from './EntityDatasetSchemaCard';

const customers: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'customers', namespace: 'default', title: 'Customers' },
  spec: {
    owner: 'group:default/data-eng',
    lifecycle: 'production',
    type: 'table',
    classification: 'confidential',
    freshness: 'P1D',
    retention: 'P730D',
    location: 'postgresql://warehouse/analytics.customers',
    schema: {
      columns: [
        {
          name: 'customer_id',
          type: 'string',
          description: 'Stable id',
          nullable: false,
        },
        { name: 'email', type: 'string', pii: true },
        { name: 'plan', type: 'string', description: 'Current plan' },
      ],
    },
  },
};

const NOT_COMPARED: DatasetSchemaResponse = {
  entityRef: 'dataset:default/customers',
};

async function render(
  entity: Entity,
  schema: DatasetSchemaResponse | Error = NOT_COMPARED,
) {
  const ml = {
    getDatasetSchema: jest.fn(async () => {
      if (schema instanceof Error) throw schema;
      return schema;
    }),
  };
  await renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, ml]]}>
      <EntityProvider entity={entity}>
        <EntityDatasetSchemaCard />
      </EntityProvider>
    </TestApiProvider>,
  );
  return ml;
}

describe('EntityDatasetSchemaCard', () => {
  it('shows the columns with type, description and personal-data flag, and the facts', async () => {
    await render(customers);
    expect(screen.getByText('3 columns, 1 with personal data')).toBeVisible();
    expect(screen.getByText('updated every day')).toBeVisible();
    expect(screen.getByText('kept 730 days')).toBeVisible();
    expect(screen.getByText('confidential')).toBeVisible();
    expect(
      screen.getByText('postgresql://warehouse/analytics.customers'),
    ).toBeVisible();

    const table = screen.getByRole('table', { name: 'Columns' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.getAttribute('data-column'))).toEqual([
      'customer_id',
      'email',
      'plan',
    ]);
    expect(rows[0]).toHaveTextContent('string not null');
    expect(rows[0]).toHaveTextContent('Stable id');
    expect(within(rows[1]).getByText('PII')).toBeVisible();
    expect(rows[1]).toHaveTextContent('not described');
    expect(within(rows[2]).queryByText('PII')).not.toBeInTheDocument();
  });

  it('gives copy-paste snippets for where the data lives, without personal data', async () => {
    const user = userEvent.setup();
    await render(customers);
    const usage = screen.getByRole('region', { name: 'How to use' });
    expect(usage).toHaveTextContent(
      'Reads the table analytics.customers in the warehouse database (postgresql).',
    );
    expect(within(usage).getByTestId('usage-snippet')).toHaveTextContent(
      'SELECT customer_id, plan',
    );
    expect(usage).toHaveTextContent(
      'Personal-data columns are left out of the snippets (email)',
    );
    await user.click(within(usage).getByRole('button', { name: 'pandas' }));
    expect(within(usage).getByTestId('usage-snippet')).toHaveTextContent(
      'pd.read_sql(',
    );
  });

  it('marks the declared columns the data lost or retyped, and lists the ones it added', async () => {
    await render(customers, {
      entityRef: 'dataset:default/customers',
      identity: 'postgres://warehouse:5432/analytics.customers',
      observed: {
        fields: [
          { name: 'customer_id', type: 'VARCHAR' },
          { name: 'plan', type: 'INTEGER' },
          { name: 'region', type: 'VARCHAR' },
        ],
        observedAt: '2026-12-05T04:00:00.000Z',
        source: 'airflow/warehouse.customers_daily',
      },
      differences: {
        removed: ['email'],
        retyped: [{ name: 'plan', declared: 'string', observed: 'INTEGER' }],
        added: ['region'],
      },
    });
    expect(await screen.findByTestId('observed-schema')).toHaveTextContent(
      /by job airflow\/warehouse.customers_daily: 1 declared column is missing from the data, 1 has another type, 1 column in the data is not declared\./,
    );
    const table = screen.getByRole('table', { name: 'Columns' });
    const row = (name: string) =>
      within(table)
        .getAllByRole('row')
        .find(r => r.getAttribute('data-column') === name)!;
    expect(within(row('email')).getByText('missing in the data')).toBeVisible();
    expect(within(row('plan')).getByText('INTEGER in the data')).toBeVisible();
    expect(within(row('region')).getByText('not declared')).toBeVisible();
    expect(row('region')).toHaveTextContent('VARCHAR');
    expect(
      within(row('customer_id')).queryByText(/in the data/),
    ).not.toBeInTheDocument();
  });

  it('says why it does not compare with the data', async () => {
    await render(customers);
    expect(
      await screen.findByText(/it declares no OpenLineage identity/),
    ).toBeVisible();
  });

  it('says what to add when nothing is declared', async () => {
    await render({
      ...customers,
      spec: { owner: 'group:default/data-eng', type: 'table' },
    });
    expect(screen.getByText(/No columns are declared/)).toBeVisible();
    expect(
      screen.getByText(/No location is declared: ask the owner/),
    ).toBeVisible();
    expect(screen.getAllByText('not declared').length).toBeGreaterThan(0);
  });
});
