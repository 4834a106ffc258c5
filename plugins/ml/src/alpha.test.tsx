import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import mlPlugin, { entityMlSummaryCard, marketplacePage } from './alpha';

const entity = (apiVersion: string, kind: string) => ({
  apiVersion,
  kind,
  metadata: { name: 'x' },
  spec: {},
});

describe('new frontend system', () => {
  it('mounts the marketplace page at /ml', () => {
    const tester = createExtensionTester(marketplacePage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/ml');
  });

  it('shows the summary card on ML kinds only', () => {
    const tester = createExtensionTester(entityMlSummaryCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity('ml-marketplace.io/v1alpha1', 'Model'))).toBe(true);
    expect(filter(entity('ml-marketplace.io/v1alpha1', 'Dataset'))).toBe(true);
    expect(filter(entity('backstage.io/v1alpha1', 'Component'))).toBe(false);
  });

  it('registers the plugin under the ml id', () => {
    expect(mlPlugin.id).toBe('ml');
  });
});
