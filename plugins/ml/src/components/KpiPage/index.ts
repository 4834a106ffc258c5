export { KpiPage } from './KpiPage';
