/**
 * The ML marketplace frontend plugin: entity cards and the marketplace page.
 * The new frontend system's extensions are exported from `/alpha`.
 *
 * @packageDocumentation
 */
export { mlPlugin, MlMarketplacePage, EntityMlSummaryCard } from './plugin';
export { rootRouteRef as mlMarketplaceRouteRef } from './routes';
export { mlApiRef, MlClient, type MlApi, type LineageRequest } from './api';
