/**
 * The ML marketplace frontend plugin: entity cards, the marketplace page and
 * the ML assets' item of the portal's search results.
 * The new frontend system's extensions are exported from `/alpha`.
 *
 * @packageDocumentation
 */
export {
  mlPlugin,
  MlMarketplacePage,
  EntityMlSummaryCard,
  EntityModelCard,
  EntityEvaluationCard,
  EntityVersionsCard,
  EntityDatasetSchemaCard,
  EntityFeatureDefinitionsCard,
  EntityFeatureStoreCard,
  EntityFeedbackCard,
  EntityUsageCard,
  EntityTeamCreditCard,
  EntityDeprecationBanner,
  EntityCertificationCard,
  EntityHealthCard,
  EntityLineageCard,
  EntityImpactCard,
  EntityRecommendationsCard,
  MlAssetSearchResultListItem,
  MlAssetNameFieldExtension,
  MlEntityPickerFieldExtension,
} from './plugin';
export type { MlAssetNameUiOptions } from './scaffolder/MlAssetNameField';
export type { MlEntityPickerUiOptions } from './scaffolder/MlEntityPickerField';
export type { MlAssetSearchResultListItemProps } from './components/MlAssetSearchResultListItem';
export type { EntityFeatureStoreCardProps } from './components/EntityFeatureStoreCard';
export type { EntityFeedbackCardProps } from './components/EntityFeedbackCard';
export type { EntityUsageCardProps } from './components/EntityUsageCard';
export type { EntityTeamCreditCardProps } from './components/EntityTeamCreditCard';
export { rootRouteRef as mlMarketplaceRouteRef } from './routes';
export {
  mlApiRef,
  MlClient,
  type MlApi,
  type LineageRequest,
  type MetricHistoryRequest,
  type RegistrySyncStarted,
} from './api';
export {
  transformTemplateFormErrors,
  type TemplateFormError,
} from './scaffolder/formErrors';
