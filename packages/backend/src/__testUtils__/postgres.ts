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

/** A database for `startPortal`; undefined when PostgreSQL is not available. */
export type PortalDatabase = object | undefined;

/**
 * Runs `describePortal` once on the embedded SQLite the demo uses and once on
 * PostgreSQL (a fresh table prefix per run, so runs never see each other's data).
 */
export function onEachDatabase(
  describePortal: (name: string, database: PortalDatabase) => void,
) {
  describePortal('SQLite (embedded default)', {
    client: 'better-sqlite3',
    connection: ':memory:',
  });
  const postgresUrl = postgresTestUrl();
  describePortal(
    'PostgreSQL',
    postgresUrl
      ? {
          client: 'pg',
          connection: postgresUrl,
          prefix: `mlm_test_${process.pid}_${Date.now().toString(36)}_`,
        }
      : undefined,
  );
}
