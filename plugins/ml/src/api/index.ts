export {
  mlApiRef,
  type MlApi,
  type LineageRequest,
  type MarketplaceSearch,
  type MetricHistoryRequest,
  type RegistrySyncStarted,
} from './MlApi';
export { MlClient } from './MlClient';
