export {
  EntityVersionsCard,
  type EntityVersionsCardProps,
} from './EntityVersionsCard';
