export {
  EntityEvaluationCard,
  type EntityEvaluationCardProps,
} from './EntityEvaluationCard';
