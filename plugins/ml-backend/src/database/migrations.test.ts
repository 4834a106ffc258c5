import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  migratedTestDatabase,
  testDatabaseIds,
} from '../__testUtils__/databases';

const directory = resolvePackagePath(
  '@ml-marketplace/plugin-ml-backend',
  'migrations',
);

const TABLES = [
  'lineage_nodes',
  'lineage_edges',
  'ml_assets',
  'ml_health_results',
  'ml_health_history',
  'ml_health_sweeps',
  'ml_certificates',
  'ml_approvals',
  'ml_audit_log',
  'ml_reviews',
  'ml_improvement_requests',
  'ml_declared_uses',
];

describe.each(testDatabaseIds())('migrations on %s', databaseId => {
  it('create every table, roll back to nothing and apply again', async () => {
    const db = await migratedTestDatabase(databaseId);
    for (const table of TABLES) {
      expect(await db.schema.hasTable(table)).toBe(true);
    }
    // Rows survive a re-run of latest: migrations never rewrite data.
    await db('ml_audit_log').insert({
      entity_ref: 'model:default/m',
      action: 'approved',
      actor: 'user:default/ada',
      reason: 'kept',
      at: '2026-11-22T10:00:00.000Z',
    });
    await db.migrate.latest({ directory });
    expect(await db('ml_audit_log').pluck('reason')).toEqual(['kept']);

    await db.migrate.rollback({ directory }, true);
    for (const table of TABLES) {
      expect(await db.schema.hasTable(table)).toBe(false);
    }
    await db.migrate.latest({ directory });
    for (const table of TABLES) {
      expect(await db.schema.hasTable(table)).toBe(true);
    }
    expect(await db.schema.hasColumn('lineage_nodes', 'openlineage_key')).toBe(
      true,
    );
    expect(await db.schema.hasColumn('ml_health_results', 'severity')).toBe(
      true,
    );
  });
});
