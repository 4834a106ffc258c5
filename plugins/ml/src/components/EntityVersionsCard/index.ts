export {
  EntityVersionsCard,
  type EntityVersionsCardProps,
  type EntityModelVersion,
} from './EntityVersionsCard';
