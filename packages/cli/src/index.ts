/**
 * `ml-marketplace`: validate, schema, init and import-hf for ML marketplace entities.
 *
 * @packageDocumentation
 */
import { run } from './cli';

run(process.argv.slice(2)).then(code => {
  process.exitCode = code;
});
