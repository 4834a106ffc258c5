export { EntityHealthCard } from './EntityHealthCard';
