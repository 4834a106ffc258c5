export { EntityRecommendationsCard } from './EntityRecommendationsCard';
