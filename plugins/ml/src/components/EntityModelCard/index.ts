export { EntityModelCard, type EntityModelCardProps } from './EntityModelCard';
