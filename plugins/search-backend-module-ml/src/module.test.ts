import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { MlAssetCollatorFactory } from './collator/MlAssetCollatorFactory';
import { searchModuleMlAssets } from './module';

function start(mlAssets?: JsonObject) {
  const registry = { addCollator: jest.fn(), addDecorator: jest.fn() };
  const scheduler = mockServices.scheduler.mock({
    createScheduledTaskRunner: jest.fn(() => ({ run: jest.fn() })),
  });
  const backend = startTestBackend({
    extensionPoints: [[searchIndexRegistryExtensionPoint, registry]],
    features: [
      searchModuleMlAssets,
      scheduler.factory,
      mockServices.rootConfig.factory({
        data: mlAssets ? { search: { collators: { mlAssets } } } : {},
      }),
    ],
  });
  return { backend, registry, scheduler };
}

describe('searchModuleMlAssets', () => {
  it('registers an ml-asset collator that the search backend filters by catalog.entity.read', async () => {
    const { backend, registry, scheduler } = start();
    await backend;
    expect(registry.addCollator).toHaveBeenCalledTimes(1);
    const { factory } = registry.addCollator.mock.calls[0][0];
    expect(factory).toBeInstanceOf(MlAssetCollatorFactory);
    expect(factory.type).toBe('ml-asset');
    expect(factory.visibilityPermission).toBe(catalogEntityReadPermission);
    // The default: every ten minutes, the first pass 30 s after start-up.
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { minutes: 10 },
      timeout: { minutes: 15 },
      initialDelay: { seconds: 30 },
    });
  });

  it('reads the schedule from search.collators.mlAssets.schedule', async () => {
    const { backend, scheduler } = start({
      schedule: { frequency: { minutes: 2 }, timeout: { minutes: 1 } },
    });
    await backend;
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { minutes: 2 },
      timeout: { minutes: 1 },
    });
  });

  it('refuses to start with a bad schedule or page size, naming the key', async () => {
    await expect(
      start({ schedule: { frequency: 'often', timeout: { minutes: 1 } } })
        .backend,
    ).rejects.toThrow(
      /Invalid schedule at search\.collators\.mlAssets\.schedule/,
    );
    await expect(start({ pageSize: 1000 }).backend).rejects.toThrow(
      'search.collators.mlAssets.pageSize must be a whole number from 1 to 500, got 1000',
    );
  });
});
