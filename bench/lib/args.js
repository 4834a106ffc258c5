/*
 * Command-line flags of the benchmarks: `--name VALUE` pairs anywhere in
 * process.argv, and bare `--name` switches.
 */

/** The number after `--name`, or `fallback` when the flag is absent; throws unless positive. */
function numberArg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${name} needs a positive number`);
  }
  return value;
}

/** Whether the switch `--name` was given. */
const hasFlag = name => process.argv.includes(`--${name}`);

module.exports = { numberArg, hasFlag };
