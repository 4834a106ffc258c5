export { EntityDeprecationBanner } from './EntityDeprecationBanner';
