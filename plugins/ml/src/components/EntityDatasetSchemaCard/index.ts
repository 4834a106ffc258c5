export { EntityDatasetSchemaCard } from './EntityDatasetSchemaCard';
