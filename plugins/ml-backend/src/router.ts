import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  IdRegistry,
  MlHealthCheck,
  MlRegistryConnector,
} from '@ml-marketplace/plugin-ml-node';
import express from 'express';
import Router from 'express-promise-router';

export interface RouterOptions {
  logger: LoggerService;
  healthChecks: IdRegistry<MlHealthCheck>;
  registryConnectors: IdRegistry<MlRegistryConnector>;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { healthChecks, registryConnectors } = options;
  const router = Router();
  router.use(express.json());

  // Liveness of the plugin plus what is plugged into it, so an adopter can see
  // at a glance that their custom check module was picked up.
  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      healthChecks: healthChecks
        .list()
        .map(c => ({ id: c.id, title: c.title })),
      registryConnectors: registryConnectors.list().map(c => c.id),
    });
  });

  return router;
}
