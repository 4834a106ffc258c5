import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import mlPlugin, {
  entityDeprecationBanner,
  entityEvaluationCard,
  entityImpactCard,
  entityLineageContent,
  entityMlSummaryCard,
  entityModelCardContent,
  entityVersionsContent,
  entityDatasetSchemaContent,
  entityFeatureDefinitionsContent,
  entityFeatureStoreContent,
  entityFeedbackContent,
  entityTeamCreditCard,
  entityUsageCard,
  marketplacePage,
  mlAssetSearchResultListItem,
  mlAssetSearchResultType,
  mlAssetNameFormField,
  mlEntityPickerFormField,
} from './alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

const entity = (
  apiVersion: string,
  kind: string,
  spec: JsonObject = {},
): Entity => ({ apiVersion, kind, metadata: { name: 'x' }, spec });
const ML = 'ml-marketplace.io/v1alpha1';
const model = entity(ML, 'Model');
const dataset = entity(ML, 'Dataset');
const feature = entity(ML, 'Feature');
const component = entity('backstage.io/v1alpha1', 'Component');
const group = entity('backstage.io/v1alpha1', 'Group');

// Each extension's type differs by name; only its outputs are compared.
const tester = (extension: unknown) =>
  createExtensionTester(extension as typeof entityEvaluationCard);
const cardFilter = (card: unknown) =>
  tester(card).get(EntityCardBlueprint.dataRefs.filterFunction)!;
const contentTester = (content: unknown) =>
  createExtensionTester(content as typeof entityLineageContent);
const contentFilter = (content: unknown) =>
  contentTester(content).get(EntityContentBlueprint.dataRefs.filterFunction)!;

describe('new frontend system', () => {
  it('mounts the marketplace page at /ml with the title and icon the sidebar needs', () => {
    const page = createExtensionTester(marketplacePage);
    expect(page.get(coreExtensionData.routePath)).toBe('/ml');
    expect(page.get(coreExtensionData.title)).toBe('Marketplace');
    expect(page.get(coreExtensionData.icon)).toBeTruthy();
  });

  it('shows the summary card in the side column of ML kinds only', () => {
    expect(cardFilter(entityMlSummaryCard)(model)).toBe(true);
    expect(cardFilter(entityMlSummaryCard)(dataset)).toBe(true);
    expect(cardFilter(entityMlSummaryCard)(component)).toBe(false);
    expect(
      tester(entityMlSummaryCard).get(EntityCardBlueprint.dataRefs.type),
    ).toBe('info');
  });

  it('shows the deprecation banner on deprecated ML assets only', () => {
    const filter = cardFilter(entityDeprecationBanner);
    expect(filter(entity(ML, 'Model', { lifecycle: 'deprecated' }))).toBe(true);
    expect(filter(entity(ML, 'Model', { lifecycle: 'production' }))).toBe(
      false,
    );
    expect(
      filter(
        entity('backstage.io/v1alpha1', 'Component', {
          lifecycle: 'deprecated',
        }),
      ),
    ).toBe(false);
  });

  it('shows model-only and dataset/feature-only cards where they apply', () => {
    expect(cardFilter(entityEvaluationCard)(model)).toBe(true);
    expect(cardFilter(entityEvaluationCard)(dataset)).toBe(false);
    expect(cardFilter(entityImpactCard)(dataset)).toBe(true);
    expect(cardFilter(entityImpactCard)(feature)).toBe(true);
    expect(cardFilter(entityImpactCard)(model)).toBe(false);
  });

  it('gives Models the Model card, Lineage and Versions tabs, and Datasets and Features the Lineage tab', () => {
    const tabs = [
      [entityModelCardContent, '/model-card', 'Model card'],
      [entityLineageContent, '/lineage', 'Lineage'],
      [entityVersionsContent, '/versions', 'Versions'],
    ] as const;
    for (const [content, path, title] of tabs) {
      expect(contentTester(content).get(coreExtensionData.routePath)).toBe(
        path,
      );
      expect(
        contentTester(content).get(EntityContentBlueprint.dataRefs.title),
      ).toBe(title);
      expect(contentFilter(content)(model)).toBe(true);
      expect(contentFilter(content)(component)).toBe(false);
    }
    expect(contentFilter(entityLineageContent)(dataset)).toBe(true);
    expect(contentFilter(entityLineageContent)(feature)).toBe(true);
    expect(contentFilter(entityModelCardContent)(dataset)).toBe(false);
    expect(contentFilter(entityVersionsContent)(feature)).toBe(false);
  });

  it('gives Datasets, and only them, the Schema tab', () => {
    expect(
      contentTester(entityDatasetSchemaContent).get(
        coreExtensionData.routePath,
      ),
    ).toBe('/schema');
    expect(
      contentTester(entityDatasetSchemaContent).get(
        EntityContentBlueprint.dataRefs.title,
      ),
    ).toBe('Schema');
    expect(contentFilter(entityDatasetSchemaContent)(dataset)).toBe(true);
    expect(contentFilter(entityDatasetSchemaContent)(feature)).toBe(false);
    expect(contentFilter(entityDatasetSchemaContent)(model)).toBe(false);
  });

  it('gives Features, and only them, the Definitions tab', () => {
    expect(
      contentTester(entityFeatureDefinitionsContent).get(
        coreExtensionData.routePath,
      ),
    ).toBe('/definitions');
    expect(contentFilter(entityFeatureDefinitionsContent)(feature)).toBe(true);
    expect(contentFilter(entityFeatureDefinitionsContent)(dataset)).toBe(false);
  });

  it('gives Features, and only them, the Feature store tab', () => {
    const content = contentTester(entityFeatureStoreContent);
    expect(content.get(coreExtensionData.routePath)).toBe('/feature-store');
    expect(content.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Feature store',
    );
    expect(contentFilter(entityFeatureStoreContent)(feature)).toBe(true);
    expect(contentFilter(entityFeatureStoreContent)(dataset)).toBe(false);
    expect(contentFilter(entityFeatureStoreContent)(model)).toBe(false);
    expect(
      mlPlugin.getExtension('entity-content:ml/feature-store'),
    ).toBeTruthy();
  });

  it('gives Models, Features and Datasets, and nothing else, the Feedback tab', () => {
    const content = contentTester(entityFeedbackContent);
    expect(content.get(coreExtensionData.routePath)).toBe('/feedback');
    expect(content.get(EntityContentBlueprint.dataRefs.title)).toBe('Feedback');
    for (const asset of [model, feature, dataset]) {
      expect(contentFilter(entityFeedbackContent)(asset)).toBe(true);
    }
    expect(contentFilter(entityFeedbackContent)(component)).toBe(false);
    expect(mlPlugin.getExtension('entity-content:ml/feedback')).toBeTruthy();
  });

  it('puts "Who uses it" on the Overview of Models, Features and Datasets only', () => {
    for (const asset of [model, feature, dataset]) {
      expect(cardFilter(entityUsageCard)(asset)).toBe(true);
    }
    expect(cardFilter(entityUsageCard)(component)).toBe(false);
    expect(cardFilter(entityUsageCard)(group)).toBe(false);
    expect(tester(entityUsageCard).get(EntityCardBlueprint.dataRefs.type)).toBe(
      'content',
    );
    expect(mlPlugin.getExtension('entity-card:ml/usage')).toBeTruthy();
  });

  it('puts the reuse of a team’s ML assets on Group pages only', () => {
    expect(cardFilter(entityTeamCreditCard)(group)).toBe(true);
    expect(
      cardFilter(entityTeamCreditCard)(
        entity('backstage.io/v1alpha1', 'group'),
      ),
    ).toBe(true);
    expect(cardFilter(entityTeamCreditCard)(model)).toBe(false);
    expect(cardFilter(entityTeamCreditCard)(component)).toBe(false);
    expect(mlPlugin.getExtension('entity-card:ml/team-credit')).toBeTruthy();
  });

  it('renders ml-asset search results with its own list item, and offers them as a result type', () => {
    const item = createExtensionTester(mlAssetSearchResultListItem).get(
      SearchResultListItemBlueprint.dataRefs.item,
    );
    const result = (type: string) => ({
      type,
      document: { title: 'Churn prediction', text: '', location: '/' },
    });
    expect(item.predicate!(result('ml-asset'))).toBe(true);
    expect(item.predicate!(result('software-catalog'))).toBe(false);
    expect(
      createExtensionTester(mlAssetSearchResultType).get(
        SearchFilterResultTypeBlueprint.dataRefs.resultType,
      ),
    ).toMatchObject({ value: 'ml-asset', name: 'ML assets' });
    expect(mlPlugin.getExtension('search-result-list-item:ml')).toBeTruthy();
    expect(mlPlugin.getExtension('search-filter-result-type:ml')).toBeTruthy();
  });

  it('offers the scaffolder fields MlAssetName and MlEntityPicker to the form', async () => {
    for (const [extension, id, name] of [
      [
        mlAssetNameFormField,
        'scaffolder-form-field:ml/ml-asset-name',
        'MlAssetName',
      ],
      [
        mlEntityPickerFormField,
        'scaffolder-form-field:ml/ml-entity-picker',
        'MlEntityPicker',
      ],
    ] as const) {
      expect(mlPlugin.getExtension(id)).toBeTruthy();
      const load = createExtensionTester(
        extension as typeof mlAssetNameFormField,
      ).get(FormFieldBlueprint.dataRefs.formFieldLoader);
      // The opaque form field carries the options the form reads.
      const field = (await load()) as unknown as {
        name: string;
        component: unknown;
      };
      expect(field.name).toBe(name);
      expect(typeof field.component).toBe('function');
    }
  });

  it('registers the plugin under the ml id', () => {
    expect(mlPlugin.pluginId).toBe('ml');
  });
});
