/**
 * Scaffolder actions for the ML marketplace's golden-path templates.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMl as default } from './module';
export {
  createWriteCatalogAction,
  WRITE_CATALOG_ACTION_ID,
} from './actions/writeCatalog';
