export {
  EntityImpactCard,
  type EntityImpactCardProps,
} from './EntityImpactCard';
