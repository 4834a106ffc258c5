import knexFactory, { Knex } from 'knex';
import { migrateKnex } from '../database/migrations';

/**
 * The databases the store tests run on: SQLite always, PostgreSQL when
 * ML_TEST_POSTGRES_URL is set (`npm run test:all` sets it; with CI set and no
 * URL the run fails rather than skipping).
 */
export function testDatabaseIds(): string[] {
  const url = process.env.ML_TEST_POSTGRES_URL;
  if (!url && process.env.CI) {
    throw new Error(
      'ML_TEST_POSTGRES_URL is not set but CI is: run `npm run test:all`',
    );
  }
  return url ? ['SQLite', 'PostgreSQL'] : ['SQLite'];
}

const created: Knex[] = [];

/** A fresh, migrated database of the given kind. */
export async function migratedTestDatabase(id: string): Promise<Knex> {
  let db: Knex;
  if (id === 'SQLite') {
    db = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
  } else {
    const url = process.env.ML_TEST_POSTGRES_URL!;
    const name = `ml_test_${process.pid}_${
      created.length
    }_${Date.now().toString(36)}`;
    const admin = knexFactory({ client: 'pg', connection: url });
    await admin.raw(`CREATE DATABASE ${name}`);
    await admin.destroy();
    const target = new URL(url);
    target.pathname = `/${name}`;
    db = knexFactory({ client: 'pg', connection: target.toString() });
  }
  created.push(db);
  await migrateKnex(db);
  return db;
}

afterAll(async () => {
  await Promise.all(created.splice(0).map(db => db.destroy()));
});
