export { mlApiRef, type MlApi, type LineageRequest } from './MlApi';
export { MlClient } from './MlClient';
