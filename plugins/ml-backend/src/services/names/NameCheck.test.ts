import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  IdRegistry,
  MlRegistryConnector,
  MlRegistryError,
} from '@ml-marketplace/plugin-ml-node';
import { NameCheck } from './NameCheck';

const model = (name: string, title?: string): Entity => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name, namespace: 'default', ...(title && { title }) },
  spec: {},
});

function connector(
  id: string,
  hasModel?: MlRegistryConnector['hasModel'],
): MlRegistryConnector {
  return {
    id,
    type: 'mlflow',
    readAll: async () => ({
      models: [],
      skipped: [],
      complete: true,
      warnings: [],
    }),
    ...(hasModel && { hasModel }),
  };
}

function check(
  entities: Entity[],
  connectors: MlRegistryConnector[] = [],
  hidden: string[] = [],
) {
  const catalog = catalogServiceMock({ entities });
  // The caller's own view leaves out the hidden refs, as a policy would.
  const byRefs = catalog.getEntitiesByRefs.bind(catalog);
  jest
    .spyOn(catalog, 'getEntitiesByRefs')
    .mockImplementation(async (req, opts) => {
      const answer = await byRefs(req, opts);
      return {
        items: answer.items.map((e, i) =>
          hidden.includes(req.entityRefs[i]) ? undefined : e,
        ),
      };
    });
  const registry = new IdRegistry<MlRegistryConnector>('registry');
  registry.add(...connectors);
  return new NameCheck({
    catalog,
    auth: mockServices.auth(),
    connectors: registry,
  });
}

const me = mockCredentials.user();
const query = (name: string, registry = false) => ({
  name,
  namespace: 'default',
  registry,
});

describe('NameCheck', () => {
  it('names the entity that has the name, by its title', async () => {
    const answer = await check([
      model('churn-model', 'Churn prediction'),
    ]).check(query('churn-model'), me);
    expect(answer).toEqual({
      name: 'churn-model',
      available: false,
      taken: [
        {
          where: 'catalog',
          entityRef: 'model:default/churn-model',
          title: 'Churn prediction',
          message: 'Model Churn prediction (model:default/churn-model)',
        },
      ],
      unchecked: [],
    });
  });

  it('says a name is free when nothing has it', async () => {
    const answer = await check([model('churn-model')]).check(
      query('churn-model-v2'),
      me,
    );
    expect(answer).toMatchObject({ available: true, taken: [] });
  });

  it('counts an entity the caller may not read as taking the name, without naming it', async () => {
    const answer = await check(
      [model('secret-model', 'Secret project')],
      [],
      ['model:default/secret-model'],
    ).check(query('secret-model'), me);
    expect(answer.available).toBe(false);
    expect(answer.taken).toEqual([
      { where: 'catalog', message: 'an entity you may not see in the catalog' },
    ]);
    expect(JSON.stringify(answer)).not.toContain('Secret project');
  });

  it('asks the registries only when told, and reports one that cannot answer', async () => {
    const asked: string[] = [];
    const answer = await check(
      [],
      [
        connector('demo', async name => {
          asked.push(name);
          return name === 'scratch-model';
        }),
        connector('down', async () => {
          throw new MlRegistryError('unreachable', 'MLflow is unreachable');
        }),
        connector('old'), // cannot check names at all: not counted
      ],
    ).check(query('scratch-model', true), me);
    expect(answer.taken).toEqual([
      {
        where: 'registry',
        registryId: 'demo',
        message: 'a registered model in MLflow (registry "demo")',
      },
    ]);
    expect(answer.unchecked).toEqual([
      'MLflow (registry "down") could not be asked (MLflow is unreachable)',
    ]);
    await check([], [connector('demo', async () => true)]).check(
      query('other'),
      me,
    );
    expect(asked).toEqual(['scratch-model']);
  });
});
