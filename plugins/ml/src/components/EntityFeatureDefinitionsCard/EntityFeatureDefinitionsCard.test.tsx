import type { Entity } from '@backstage/catalog-model';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EntityReferences } from '@ml-marketplace/plugin-ml-common';
import { mlApiRef } from '../../api';
import { EntityFeatureDefinitionsCard } from './EntityFeatureDefinitionsCard';

const activity: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Feature',
  metadata: { name: 'customer-activity', namespace: 'default' },
  spec: {
    owner: 'group:default/ml-platform',
    entities: ['customer_id'],
    sources: ['sessions-cleaned', 'crm-restricted'],
    store: 'both',
    ttl: 'P1D',
    version: 3,
    transformation: 'Count sessions per customer over 30 days.',
    features: [
      { name: 'sessions_30d', dtype: 'int64', description: 'Sessions' },
      { name: 'purchases_30d', dtype: 'int64' },
    ],
  },
};

async function render(entity: Entity) {
  const ml = {
    getReferences: jest.fn(
      async () =>
        ({
          entityRef: 'feature:default/customer-activity',
          references: [
            {
              field: 'spec.sources[0]',
              ref: 'dataset:default/sessions-cleaned',
              status: 'visible',
            },
            { field: 'spec.sources[1]', ref: '', status: 'hidden' },
          ],
        } as EntityReferences),
    ),
  };
  await renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, ml]]}>
      <EntityProvider entity={entity}>
        <EntityFeatureDefinitionsCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return ml;
}

describe('EntityFeatureDefinitionsCard', () => {
  it('lists the features with type and meaning, and the join keys, TTL, store and sources', async () => {
    await render(activity);
    expect(screen.getByText('2 features')).toBeVisible();
    expect(screen.getByText('customer_id')).toBeVisible();
    expect(screen.getByText('online and offline')).toBeVisible();
    expect(screen.getByText('1 day')).toBeVisible();
    expect(
      screen.getByText('Count sessions per customer over 30 days.'),
    ).toBeVisible();
    const rows = within(
      screen.getByRole('table', { name: 'Feature definitions' }),
    )
      .getAllByRole('row')
      .slice(1);
    expect(rows.map(r => r.getAttribute('data-feature'))).toEqual([
      'sessions_30d',
      'purchases_30d',
    ]);
    expect(rows[1]).toHaveTextContent('not described');
    // The hidden source is counted, never named.
    await waitFor(() =>
      expect(screen.getByTestId('ml-refs-hidden')).toHaveTextContent(
        '1 upstream asset not visible to you',
      ),
    );
    expect(
      screen.getByRole('link', { name: /sessions-cleaned/ }),
    ).toBeVisible();
    expect(screen.queryByText(/crm-restricted/)).not.toBeInTheDocument();
  });

  it('gives the feature references and online and offline retrieval snippets', async () => {
    const user = userEvent.setup();
    await render(activity);
    const usage = screen.getByRole('region', { name: 'How to use' });
    expect(usage).toHaveTextContent('customer_activity:sessions_30d');
    expect(within(usage).getByTestId('usage-snippet')).toHaveTextContent(
      'get_online_features',
    );
    await user.click(
      within(usage).getByRole('button', { name: 'Offline (training)' }),
    );
    expect(within(usage).getByTestId('usage-snippet')).toHaveTextContent(
      'get_historical_features',
    );
  });

  it('says what to add when no features are declared, and asks nothing about sources', async () => {
    const ml = await render({
      ...activity,
      spec: { owner: 'group:default/ml-platform' },
    });
    expect(screen.getByText(/No features are declared/)).toBeVisible();
    expect(
      screen.queryByRole('region', { name: 'How to use' }),
    ).not.toBeInTheDocument();
    expect(ml.getReferences).not.toHaveBeenCalled();
  });
});
