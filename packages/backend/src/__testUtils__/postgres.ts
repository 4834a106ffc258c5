/**
 * PostgreSQL for integration tests. `scripts/test-all.sh` installs and starts a
 * server and sets ML_TEST_POSTGRES_URL; CI always has it. A developer without a
 * server may run the other tests: the PostgreSQL ones are then reported as
 * skipped, and when CI is set the run fails instead, so CI can never skip them.
 */
export function postgresTestUrl(): string | undefined {
  const url = process.env.ML_TEST_POSTGRES_URL;
  if (!url && process.env.CI) {
    throw new Error(
      'ML_TEST_POSTGRES_URL is not set but CI is: run the tests through `npm run test:all`, which starts PostgreSQL',
    );
  }
  return url || undefined;
}
