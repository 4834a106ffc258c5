export { EntityMlSummaryCard } from './EntityMlSummaryCard';
