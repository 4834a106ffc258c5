/**
 * The ML marketplace frontend plugin: entity cards and the marketplace page.
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
  EntityDeprecationBanner,
  EntityCertificationCard,
  EntityHealthCard,
  EntityLineageCard,
  EntityImpactCard,
  EntityRecommendationsCard,
} from './plugin';
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
