export { EntityFeatureDefinitionsCard } from './EntityFeatureDefinitionsCard';
