export {
  MlAssetSearchResultListItem,
  type MlAssetSearchResultListItemProps,
} from './MlAssetSearchResultListItem';
