import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const MIGRATIONS_DIR = resolvePackagePath(
  '@ml-marketplace/plugin-ml-backend',
  'migrations',
);

/** Opens the plugin's database and brings its schema up to date. */
export async function migratedDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: MIGRATIONS_DIR });
  }
  return client;
}

/** For tests: migrate a knex instance directly. */
export async function migrateKnex(client: Knex): Promise<void> {
  await client.migrate.latest({ directory: MIGRATIONS_DIR });
}
