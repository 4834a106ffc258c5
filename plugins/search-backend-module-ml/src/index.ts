/**
 * Search module for the ML marketplace: Models, Features and Datasets as
 * `ml-asset` documents of the portal's global search.
 *
 * @packageDocumentation
 */
export { searchModuleMlAssets as default } from './module';
export {
  MlAssetCollatorFactory,
  type MlAssetCollatorFactoryOptions,
} from './collator/MlAssetCollatorFactory';
