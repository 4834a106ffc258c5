/**
 * The ML marketplace backend plugin.
 *
 * @packageDocumentation
 */
export { mlPlugin as default } from './plugin';
