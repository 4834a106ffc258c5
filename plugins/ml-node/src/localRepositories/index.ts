export * from './LocalRepositories';
