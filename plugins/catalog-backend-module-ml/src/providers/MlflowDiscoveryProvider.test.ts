import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import {
  validateMlEntity,
  type RegistryModel,
} from '@ml-marketplace/plugin-ml-common';
import {
  MlRegistryError,
  MlRegistryReadResult,
  readMlflowRegistryConfigs,
} from '@ml-marketplace/plugin-ml-node';
import { MlflowDiscoveryProvider } from './MlflowDiscoveryProvider';
import { entityNameFor } from './discoveredModelEntity';

const [config] = readMlflowRegistryConfigs(
  new ConfigReader({
    ml: {
      registries: {
        mlflow: [
          {
            id: 'prod',
            baseUrl: 'http://127.0.0.1:5000',
            discovery: { enabled: true },
          },
        ],
      },
    },
  }),
);

const registered = (
  name: string,
  tags: Record<string, string>,
): RegistryModel => ({
  name,
  tags,
  aliases: {},
  versions: [],
});

const declaredInRepo: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model', namespace: 'default' },
  spec: {
    owner: 'growth-ml',
    lifecycle: 'production',
    registry: { mlflow: { name: 'churn-model' } },
  },
};

const declaredElsewhere: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'ranker', namespace: 'default' },
  spec: {
    owner: 'search',
    lifecycle: 'production',
    registry: { mlflow: { name: 'ranker', instance: 'staging' } },
  },
};

function setup(
  read: () => Promise<MlRegistryReadResult>,
  entities: Entity[] = [],
) {
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async m => {
      mutations.push(m);
    },
    refresh: async () => {},
  };
  const provider = new MlflowDiscoveryProvider({
    config,
    isDefaultInstance: true,
    reader: { read },
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
  });
  return { provider, connection, mutations };
}

const listing =
  (models: RegistryModel[], extra: Partial<MlRegistryReadResult> = {}) =>
  async (): Promise<MlRegistryReadResult> => ({
    models,
    skipped: [],
    complete: true,
    warnings: [],
    ...extra,
  });

const signal = new AbortController().signal;

describe('MlflowDiscoveryProvider', () => {
  it('creates valid Model entities for owner-tagged models no repository declares', async () => {
    const { provider, connection, mutations } = setup(
      listing([
        registered('churn-model', { owner: 'growth-ml' }),
        registered('Demand Forecaster', {
          owner: 'group:default/planning',
          lifecycle: 'Production',
          system: 'supply',
        }),
        registered('scratch', {}),
        registered('ranker', { owner: 'search' }),
      ]),
      [declaredInRepo, declaredElsewhere],
    );
    await provider.connect(connection);
    const result = await provider.run(signal);
    expect(result).toMatchObject({
      status: 'applied',
      discovered: 2,
      declared: 1,
      withoutOwner: 1,
    });
    expect(mutations).toHaveLength(1);
    const mutation = mutations[0];
    expect(mutation.type).toBe('full');
    const entities = mutation.type === 'full' ? mutation.entities : [];
    // Emitted without a location key, so a repository may take the entity over.
    expect(entities.every(e => e.locationKey === undefined)).toBe(true);
    const [forecaster, ranker] = entities.map(e => e.entity);
    expect(forecaster.metadata).toMatchObject({
      name: 'demand-forecaster',
      title: 'Demand Forecaster',
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location':
          'url:http://127.0.0.1:5000/#/models/Demand%20Forecaster',
        'backstage.io/managed-by-origin-location':
          'url:http://127.0.0.1:5000/#/models/Demand%20Forecaster',
        'ml-marketplace.io/discovered-by': 'mlflow:prod',
        'ml-marketplace.io/mlflow-model-name': 'Demand Forecaster',
        'ml-marketplace.io/mlflow-instance': 'prod',
      },
    });
    expect(forecaster.spec).toEqual({
      owner: 'group:default/planning',
      lifecycle: 'production',
      system: 'supply',
      registry: { mlflow: { name: 'Demand Forecaster', instance: 'prod' } },
    });
    // "ranker" is declared, but for another MLflow instance.
    expect(ranker.metadata.name).toBe('ranker');
    expect(ranker.spec?.lifecycle).toBe('experimental');
    for (const e of entities) expect(validateMlEntity(e.entity)).toEqual([]);
  });

  it('skips a model whose tags make an invalid entity and names the fix', async () => {
    const { provider, connection, mutations } = setup(
      listing([
        registered('good', { owner: 'growth-ml' }),
        registered('bad', { owner: 'not/a valid//ref' }),
      ]),
    );
    await provider.connect(connection);
    const result = await provider.run(signal);
    expect(result.discovered).toBe(1);
    expect(result.invalid).toEqual([
      {
        model: 'bad',
        reason: expect.stringMatching(
          /^Model default\/bad: spec\.owner .*fix the tag in MLflow\)$/,
        ),
      },
    ]);
    expect(
      mutations[0].type === 'full' &&
        mutations[0].entities.map(e => e.entity.metadata.name),
    ).toEqual(['good']);
  });

  it('changes nothing when the registry cannot be read', async () => {
    const { provider, connection, mutations } = setup(async () => {
      throw new MlRegistryError('auth', 'MLflow registry "prod" answered 401');
    });
    await provider.connect(connection);
    expect(await provider.run(signal)).toMatchObject({
      status: 'failed',
      error: 'MLflow registry "prod" answered 401',
    });
    expect(mutations).toEqual([]);
  });

  it('only adds when the listing is partial, or empty after a full one', async () => {
    let answer = listing([registered('a', { owner: 'team-a' })]);
    const { provider, connection, mutations } = setup(() => answer());
    await provider.connect(connection);
    await provider.run(signal);
    answer = listing([registered('b', { owner: 'team-b' })], {
      complete: false,
    });
    expect((await provider.run(signal)).status).toBe('added-only');
    answer = listing([]);
    expect((await provider.run(signal)).status).toBe('added-only');
    expect(mutations.map(m => m.type)).toEqual(['full', 'delta', 'delta']);
    expect(mutations[1]).toMatchObject({
      removed: [],
      added: [{ entity: { metadata: { name: 'b' } } }],
    });
  });
});

describe('entityNameFor', () => {
  it.each([
    ['churn-model', 'churn-model'],
    ['Demand Forecaster', 'demand-forecaster'],
    ['team/model@v2', 'team-model-v2'],
    ['--x--', 'x'],
    ['é', 'unnamed-model'],
    ['a'.repeat(80), 'a'.repeat(63)],
  ])('%s -> %s', (input, expected) => {
    expect(entityNameFor(input)).toBe(expected);
  });
});
