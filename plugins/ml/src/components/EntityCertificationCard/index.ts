export { EntityCertificationCard } from './EntityCertificationCard';
