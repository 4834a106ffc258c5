import { creditOf, teamCreditOf, type CreditInput } from './credit';

const DATA = 'group:default/data';
const GROWTH = 'group:default/growth';
const RISK = 'group:default/risk';
const WEB = 'group:default/web';

const owners: Record<string, string> = {
  'dataset:default/customers': DATA,
  'dataset:default/orders': DATA,
  'dataset:default/internal': DATA,
  'model:default/churn': GROWTH,
  'model:default/fraud': RISK,
  'component:default/shop': WEB,
  'component:default/etl': DATA,
};

const edge = (source: string, target: string, declaredBy = target) => ({
  source_ref: source,
  target_ref: target,
  declared_by: declaredBy,
});

function input(edges: CreditInput['edges']): CreditInput {
  return {
    assets: [
      {
        ref: 'dataset:default/customers',
        kind: 'Dataset',
        owner: DATA,
        title: 'Customers',
      },
      { ref: 'dataset:default/orders', kind: 'Dataset', owner: DATA },
      { ref: 'dataset:default/internal', kind: 'Dataset', owner: DATA },
      { ref: 'model:default/churn', kind: 'Model', owner: GROWTH },
      { ref: 'model:default/fraud', kind: 'Model', owner: RISK },
    ],
    edges,
    ownerOf: ref => owners[ref],
    titleOf: ref => (ref === DATA ? 'Data platform' : undefined),
  };
}

const EDGES = [
  // customers: read by growth, risk and web (declared by a person)
  edge('dataset:default/customers', 'model:default/churn'),
  edge('dataset:default/customers', 'model:default/fraud'),
  edge(
    'dataset:default/customers',
    'component:default/shop',
    'user-declared:component:default/shop',
  ),
  // orders: read by risk only
  edge('dataset:default/orders', 'model:default/fraud'),
  // internal: read by its own team only
  edge('dataset:default/internal', 'component:default/etl'),
  // churn: read by web
  edge('model:default/churn', 'component:default/shop'),
];

describe('creditOf', () => {
  it('ranks teams by the other teams using their assets, then by those teams’ consumers', () => {
    expect(creditOf(input(EDGES))).toEqual({
      ranked: 2,
      contributors: [
        {
          team: DATA,
          title: 'Data platform',
          rank: 1,
          consumerTeams: 3,
          crossTeamConsumers: 3,
          reusedAssets: 2,
          topAssets: [
            {
              ref: 'dataset:default/customers',
              title: 'Customers',
              kind: 'Dataset',
              consumerTeams: 3,
              crossTeamConsumers: 3,
            },
            {
              ref: 'dataset:default/orders',
              kind: 'Dataset',
              consumerTeams: 1,
              crossTeamConsumers: 1,
            },
          ],
        },
        {
          team: GROWTH,
          rank: 2,
          consumerTeams: 1,
          crossTeamConsumers: 1,
          reusedAssets: 1,
          topAssets: [
            {
              ref: 'model:default/churn',
              kind: 'Model',
              consumerTeams: 1,
              crossTeamConsumers: 1,
            },
          ],
        },
      ],
    });
  });

  it('gives equal figures the same rank, and leaves out teams nobody else uses', () => {
    const credit = creditOf(
      input([
        edge('model:default/churn', 'component:default/shop'),
        edge('model:default/fraud', 'component:default/shop'),
      ]),
    );
    expect(credit.contributors.map(c => [c.team, c.rank])).toEqual([
      [GROWTH, 1],
      [RISK, 1],
    ]);
    expect(credit.ranked).toBe(2);
  });

  it('counts a consumer once however many edges say it uses an asset', () => {
    const credit = creditOf(
      input([
        edge('model:default/churn', 'component:default/shop'),
        edge(
          'model:default/churn',
          'component:default/shop',
          'user-declared:component:default/shop',
        ),
        edge('model:default/churn', 'component:default/shop', 'registry:x'),
      ]),
    );
    expect(credit.contributors[0]).toMatchObject({
      team: GROWTH,
      consumerTeams: 1,
      crossTeamConsumers: 1,
    });
  });

  it('lists at most three assets per team, most reused first', () => {
    const many = input([
      edge('dataset:default/customers', 'model:default/churn'),
      edge('dataset:default/customers', 'model:default/fraud'),
      edge('dataset:default/orders', 'model:default/fraud'),
      edge('dataset:default/internal', 'model:default/fraud'),
    ]);
    many.assets.push({
      ref: 'dataset:default/extra',
      kind: 'Dataset',
      owner: DATA,
    });
    many.edges.push(edge('dataset:default/extra', 'model:default/churn'));
    const [data] = creditOf(many).contributors;
    expect(data.reusedAssets).toBe(4);
    expect(data.topAssets.map(a => a.ref)).toEqual([
      'dataset:default/customers',
      'dataset:default/extra',
      'dataset:default/internal',
    ]);
  });
});

describe('teamCreditOf', () => {
  it('lists each asset of the team with the other teams using it and how', () => {
    expect(teamCreditOf(DATA, input(EDGES))).toEqual({
      team: DATA,
      title: 'Data platform',
      rank: 1,
      ranked: 2,
      totals: {
        assets: 3,
        reusedAssets: 2,
        consumerTeams: 3,
        crossTeamConsumers: 3,
      },
      assets: [
        {
          ref: 'dataset:default/customers',
          title: 'Customers',
          kind: 'Dataset',
          consumers: 3,
          teams: [
            { team: GROWTH, consumers: 1, declared: 0 },
            { team: RISK, consumers: 1, declared: 0 },
            { team: WEB, consumers: 1, declared: 1 },
          ],
        },
        {
          ref: 'dataset:default/orders',
          kind: 'Dataset',
          consumers: 1,
          teams: [{ team: RISK, consumers: 1, declared: 0 }],
        },
        {
          ref: 'dataset:default/internal',
          kind: 'Dataset',
          consumers: 1,
          teams: [],
        },
      ],
    });
  });

  it('answers a team without assets or reuse with zeros and no rank', () => {
    expect(teamCreditOf(WEB, input(EDGES))).toEqual({
      team: WEB,
      ranked: 2,
      totals: {
        assets: 0,
        reusedAssets: 0,
        consumerTeams: 0,
        crossTeamConsumers: 0,
      },
      assets: [],
    });
  });
});
