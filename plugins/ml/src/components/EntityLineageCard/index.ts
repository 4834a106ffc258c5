export {
  EntityLineageCard,
  type EntityLineageCardProps,
} from './EntityLineageCard';
