export { EntityUsageCard, type EntityUsageCardProps } from './EntityUsageCard';
