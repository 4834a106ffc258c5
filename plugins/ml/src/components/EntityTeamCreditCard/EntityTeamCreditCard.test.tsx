import { Entity } from '@backstage/catalog-model';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { TeamCreditDetail } from '@ml-marketplace/plugin-ml-common';
import { screen, within } from '@testing-library/react';
import { mlApiRef } from '../../api';
import { EntityTeamCreditCard } from './EntityTeamCreditCard';

jest.setTimeout(20_000);

const GROUP = 'group:default/growth-ml';
const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'growth-ml', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const credit = (over: Partial<TeamCreditDetail> = {}): TeamCreditDetail => ({
  team: GROUP,
  title: 'Growth ML',
  rank: 2,
  ranked: 4,
  totals: {
    assets: 3,
    reusedAssets: 2,
    consumerTeams: 2,
    crossTeamConsumers: 4,
  },
  assets: [
    {
      ref: 'model:default/churn-model',
      title: 'Churn model',
      kind: 'Model',
      consumers: 4,
      teams: [
        {
          team: 'group:default/payments',
          title: 'Payments',
          consumers: 2,
          declared: 1,
        },
        { team: 'group:default/search', consumers: 1, declared: 0 },
      ],
    },
    {
      ref: 'feature:default/customer-activity',
      title: 'Customer activity',
      kind: 'Feature',
      consumers: 1,
      teams: [
        {
          team: 'group:default/payments',
          title: 'Payments',
          consumers: 1,
          declared: 0,
        },
      ],
    },
    {
      ref: 'dataset:default/raw-events',
      kind: 'Dataset',
      consumers: 0,
      teams: [],
    },
  ],
  ...over,
});

async function render(getTeamCredit: jest.Mock, entity: Entity = group) {
  await renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, { getTeamCredit }]]}>
      <EntityProvider entity={entity}>
        <EntityTeamCreditCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityTeamCreditCard', () => {
  it('shows progress while the credit loads', async () => {
    const getTeamCredit = jest.fn(() => new Promise(() => {}));
    await render(getTeamCredit);
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(getTeamCredit).toHaveBeenCalledWith(GROUP);
  });

  it('shows the error when the credit cannot be loaded', async () => {
    await render(jest.fn().mockRejectedValue(new Error('kpis down')));
    expect((await screen.findAllByText(/kpis down/)).length).toBeGreaterThan(0);
  });

  it('shows the team’s rank, its totals and who uses each asset', async () => {
    await render(jest.fn().mockResolvedValue(credit()));
    expect(
      await screen.findByText('#2 of 4 teams whose assets others use'),
    ).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'ML assets: 3' })).toBeVisible();
    expect(
      screen.getByRole('group', { name: 'used by other teams: 2' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'other teams using them: 2' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('group', {
        name: 'other teams’ entities using them: 4',
      }),
    ).toBeInTheDocument();

    const churn = screen.getByRole('listitem', { name: 'Churn model' });
    expect(
      within(churn).getByRole('link', { name: 'Churn model' }),
    ).toHaveAttribute('href', '/catalog/default/model/churn-model');
    expect(churn).toHaveTextContent('used by 2 teams besides yours');
    const teams = within(
      within(churn).getByRole('list', { name: 'Teams using Churn model' }),
    ).getAllByRole('listitem');
    expect(teams.map(t => t.textContent)).toEqual([
      'Payments 2 entities (1 declared)',
      'search 1 entity',
    ]);
    expect(
      within(teams[0]).getByRole('link', { name: 'Payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');
    expect(
      screen.getByRole('listitem', { name: 'Customer activity' }),
    ).toHaveTextContent('used by 1 team besides yours');
    // Assets nobody else uses are named once, together.
    expect(
      screen.getByText(/Not used by other teams yet \(1\)/),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'raw-events' })).toHaveAttribute(
      'href',
      '/catalog/default/dataset/raw-events',
    );
  });

  it('says when no other team uses the team’s assets yet', async () => {
    await render(
      jest.fn().mockResolvedValue(
        credit({
          rank: undefined,
          totals: {
            assets: 1,
            reusedAssets: 0,
            consumerTeams: 0,
            crossTeamConsumers: 0,
          },
          assets: [
            {
              ref: 'dataset:default/raw-events',
              kind: 'Dataset',
              consumers: 0,
              teams: [],
            },
          ],
        }),
      ),
    );
    expect(
      await screen.findByText(
        'Not ranked yet: no other team uses these assets (4 teams are ranked)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^No other team uses these assets yet\./),
    ).toBeInTheDocument();
  });

  it('says so when the team owns no ML assets the viewer can see', async () => {
    await render(
      jest.fn().mockResolvedValue(
        credit({
          rank: undefined,
          totals: {
            assets: 0,
            reusedAssets: 0,
            consumerTeams: 0,
            crossTeamConsumers: 0,
          },
          assets: [],
        }),
      ),
    );
    expect(
      await screen.findByText('This team owns no ML assets you can see'),
    ).toBeInTheDocument();
  });

  it('shows a notice and calls no API on other kinds', async () => {
    const getTeamCredit = jest.fn();
    await render(getTeamCredit, {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout' },
    });
    expect(
      await screen.findByText(/this entity is a Component\.$/),
    ).toBeInTheDocument();
    expect(getTeamCredit).not.toHaveBeenCalled();
  });
});
