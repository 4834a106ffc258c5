export {
  mlApiRef,
  type MlApi,
  type LineageRequest,
  type MarketplaceSearch,
} from './MlApi';
export { MlClient } from './MlClient';
