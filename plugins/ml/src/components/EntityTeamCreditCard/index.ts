export {
  EntityTeamCreditCard,
  type EntityTeamCreditCardProps,
} from './EntityTeamCreditCard';
