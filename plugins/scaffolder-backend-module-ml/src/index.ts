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
export {
  createRegisterMlflowAction,
  REGISTER_MLFLOW_ACTION_ID,
  ENTITY_REF_TAG,
} from './actions/registerMlflow';
export {
  createPublishLocalAction,
  PUBLISH_LOCAL_ACTION_ID,
} from './actions/publishLocal';
