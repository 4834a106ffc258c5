export {
  EntityFeedbackCard,
  type EntityFeedbackCardProps,
} from './EntityFeedbackCard';
