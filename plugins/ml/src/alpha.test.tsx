import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import mlPlugin, {
  entityEvaluationCard,
  entityImpactCard,
  entityLineageCard,
  entityMlSummaryCard,
  marketplacePage,
} from './alpha';

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

  it('shows model-only, lineage and impact cards where they apply', () => {
    // Each card's extension type differs by name; the filter is what is compared.
    const filterOf = (card: unknown) =>
      createExtensionTester(card as typeof entityEvaluationCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      )!;
    const model = entity('ml-marketplace.io/v1alpha1', 'Model');
    const dataset = entity('ml-marketplace.io/v1alpha1', 'Dataset');
    expect(filterOf(entityEvaluationCard)(model)).toBe(true);
    expect(filterOf(entityEvaluationCard)(dataset)).toBe(false);
    expect(filterOf(entityImpactCard)(dataset)).toBe(true);
    expect(filterOf(entityImpactCard)(model)).toBe(false);
    expect(filterOf(entityLineageCard)(model)).toBe(true);
  });

  it('registers the plugin under the ml id', () => {
    expect(mlPlugin.pluginId).toBe('ml');
  });
});
