export {
  EntityFeatureStoreCard,
  type EntityFeatureStoreCardProps,
} from './EntityFeatureStoreCard';
