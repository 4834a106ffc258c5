import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  formatPath,
  impactQuerySchema,
  lineageQuerySchema,
  mlOpenLineageWritePermission,
  openLineageRunEventSchema,
} from '@ml-marketplace/plugin-ml-common';
import type {
  IdRegistry,
  MlHealthCheck,
  MlRegistryConnector,
} from '@ml-marketplace/plugin-ml-node';
import express from 'express';
import Router from 'express-promise-router';
import type { z } from 'zod';
import type { LineageService } from './services/lineage/LineageService';
import type { OpenLineageService } from './services/lineage/OpenLineageService';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  lineage: LineageService;
  openLineage: OpenLineageService;
  healthChecks: IdRegistry<MlHealthCheck>;
  registryConnectors: IdRegistry<MlRegistryConnector>;
}

/** Parses with a shared zod schema; a bad value becomes a 400 naming the field. */
function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(issue => {
          const where = formatPath(
            issue.path.map(p => (typeof p === 'symbol' ? String(p) : p)),
          );
          return !where || issue.message.startsWith(where)
            ? issue.message
            : `${where}: ${issue.message}`;
        })
        .join('; '),
    );
  }
  return result.data;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    lineage,
    openLineage,
    healthChecks,
    registryConnectors,
  } = options;
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

  router.get('/lineage', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parse(lineageQuerySchema, req.query);
    res.json(await lineage.lineage(query, credentials));
  });

  router.get('/impact', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { entityRef } = parse(impactQuerySchema, req.query);
    res.json(await lineage.impact(entityRef, credentials));
  });

  router.post('/openlineage', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: mlOpenLineageWritePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to send OpenLineage events: the ${mlOpenLineageWritePermission.name} permission was denied`,
      );
    }
    const event = parse(openLineageRunEventSchema, req.body);
    res.json(await openLineage.ingest(event));
  });

  return router;
}
