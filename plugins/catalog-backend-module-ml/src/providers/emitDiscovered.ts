import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';

/**
 * Hands a discovery run's entities to the catalog. A partial listing (cut
 * short, with skipped items, or empty after a full one) only adds and
 * updates: removing what it missed would delete entities a later full run
 * still has. A full listing replaces what the provider emitted before.
 */
export async function emitDiscovered(options: {
  connection: EntityProviderConnection;
  entities: Entity[];
  partial: boolean;
  /** For the log line: `MLflow discovery for "demo"`. */
  what: string;
  logger: LoggerService;
}): Promise<'applied' | 'added-only'> {
  const { connection, entities, partial, what, logger } = options;
  if (partial) {
    await connection.applyMutation({
      type: 'delta',
      added: entities.map(entity => ({ entity })),
      removed: [],
    });
    logger.warn(
      `${what} read a partial listing; added ${entities.length} entities and removed none`,
    );
    return 'added-only';
  }
  await connection.applyMutation({
    type: 'full',
    entities: entities.map(entity => ({ entity })),
  });
  return 'applied';
}
