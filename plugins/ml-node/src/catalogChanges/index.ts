export * from './catalogChanges';
