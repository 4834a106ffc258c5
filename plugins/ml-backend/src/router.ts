import type {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  assetKpisQuerySchema,
  auditQuerySchema,
  certificationDecisionSchema,
  formatPath,
  healthQuerySchema,
  sweepsQuerySchema,
  impactQuerySchema,
  isMlKind,
  lineageQuerySchema,
  marketplaceQuerySchema,
  referencesQuerySchema,
  mlCertificationApprovePermission,
  mlHealthCheckRunPermission,
  mlOpenLineageWritePermission,
  relatedQuerySchema,
  OPENLINEAGE_EVENT_SHAPE,
  openLineageEventSchema,
  mlRegistrySyncPermission,
  registryMetricHistoryQuerySchema,
  registryModelQuerySchema,
  registrySyncQuerySchema,
} from '@ml-marketplace/plugin-ml-common';
import type {
  IdRegistry,
  LocalRepositories,
  MlHealthCheck,
  MlRegistryConnector,
} from '@ml-marketplace/plugin-ml-node';
import express from 'express';
import Router from 'express-promise-router';
import type { z } from 'zod';
import type { ReadableEntities } from './services/access/ReadableEntities';
import type { RefVisibility } from './services/access/RefVisibility';
import type { CertificationService } from './services/certification/CertificationService';
import { requestedEntityRef } from './services/entityRefs';
import type { HealthQueries } from './services/health/HealthQueries';
import type { HealthSweeper } from './services/health/HealthSweeper';
import type { KpiService } from './services/kpis/KpiService';
import type { MarketplaceIndex } from './services/marketplace/MarketplaceIndex';
import type { LineageService } from './services/lineage/LineageService';
import type { OpenLineageService } from './services/lineage/OpenLineageService';
import type { RegistryQueries } from './services/registry/RegistryQueries';
import { repositoriesRouter } from './services/repositories/repositoriesRouter';
import {
  RegistrySync,
  SyncInProgressError,
} from './services/registry/RegistrySync';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  lineage: LineageService;
  openLineage: OpenLineageService;
  healthChecks: IdRegistry<MlHealthCheck>;
  registryConnectors: IdRegistry<MlRegistryConnector>;
  sweeper: HealthSweeper;
  health: HealthQueries;
  certification: CertificationService;
  kpis: KpiService;
  readable: ReadableEntities;
  /** Redacts, per reader, the assets they may not see from stored messages. */
  visibility: RefVisibility;
  marketplace: MarketplaceIndex;
  registries: RegistryQueries;
  registrySync: RegistrySync;
  /** Serves the repositories of `ml:publish:local` when configured. */
  localRepositories?: LocalRepositories;
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
    catalog,
    lineage,
    openLineage,
    healthChecks,
    registryConnectors,
    sweeper,
    health,
    certification,
    kpis,
    readable,
    visibility,
    marketplace,
    registries,
    registrySync,
    localRepositories,
  } = options;
  const router = Router();
  router.use(express.json());
  if (localRepositories) router.use(repositoriesRouter(localRepositories));

  const caller = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /** The ML entity behind a ref, read with the caller's credentials: 404 when hidden. */
  async function mlEntity(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${ref} in the catalog, or you may not read it`,
      );
    }
    if (!isMlKind(entity.kind)) {
      throw new InputError(
        `${ref} is a ${entity.kind}; this applies to Models, Features and Datasets`,
      );
    }
    return entity;
  }

  /** 403 unless the policy allows `permission` on this entity (conditions resolved by the catalog). */
  async function authorizeOn(
    permission: ResourcePermission<'catalog-entity'>,
    ref: string,
    credentials: BackstageCredentials,
    what: string,
  ) {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not ${what} ${ref}: the ${permission.name} permission was denied`,
      );
    }
  }

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
    const credentials = await caller(req);
    const query = parse(lineageQuerySchema, req.query);
    res.json(await lineage.lineage(query, credentials));
  });

  router.get('/impact', async (req, res) => {
    const credentials = await caller(req);
    const { entityRef } = parse(impactQuerySchema, req.query);
    res.json(await lineage.impact(entityRef, credentials));
  });

  router.post('/openlineage', async (req, res) => {
    const credentials = await caller(req);
    const [decision] = await permissions.authorize(
      [{ permission: mlOpenLineageWritePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to send OpenLineage events: the ${mlOpenLineageWritePermission.name} permission was denied`,
      );
    }
    res.json(await openLineage.ingest(parse(openLineageEventSchema, req.body)));
  });
  // Broken JSON fails in express.json(), before the route: say what to send.
  router.use(
    '/openlineage',
    (
      error: any,
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) =>
      next(
        error?.type === 'entity.parse.failed'
          ? new InputError(
              `The body is not valid JSON (${error.message}). ${OPENLINEAGE_EVENT_SHAPE}.`,
            )
          : error,
      ),
  );

  router.get('/health-checks/summary', async (req, res) => {
    res.json(await health.summary(await caller(req)));
  });

  // The sweep log: when sweeps ran, where, how long and what they wrote.
  // Holds no entity data, so every signed-in caller may read it.
  router.get('/health-checks/sweeps', async (req, res) => {
    await caller(req);
    const { limit } = parse(sweepsQuerySchema, req.query);
    res.json({ items: await health.sweeps(limit) });
  });

  router.get('/health-checks', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(healthQuerySchema, req.query).entityRef,
    );
    const entity = await mlEntity(ref, credentials);
    res.json(
      await visibility.health(await health.entity(ref), entity, credentials),
    );
  });

  router.post('/health-checks/run', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(healthQuerySchema, req.query).entityRef,
    );
    await authorizeOn(
      mlHealthCheckRunPermission,
      ref,
      credentials,
      're-run the health checks of',
    );
    const controller = new AbortController();
    req.on('close', () => controller.abort());
    await sweeper.checkOne(ref, credentials, controller.signal);
    res.json(
      await visibility.health(
        await health.entity(ref),
        await mlEntity(ref, credentials),
        credentials,
      ),
    );
  });

  router.get('/certifications/:ref', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(req.params.ref);
    const entity = await mlEntity(ref, credentials);
    res.json(
      await visibility.certification(
        await certification.get(entity),
        entity,
        credentials,
      ),
    );
  });

  for (const action of ['approve', 'revoke'] as const) {
    router.post(`/certifications/:ref/${action}`, async (req, res) => {
      // A decision needs a person to answer for it in the audit log.
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const ref = requestedEntityRef(req.params.ref);
      const { reason } = parse(certificationDecisionSchema, req.body ?? {});
      await authorizeOn(
        mlCertificationApprovePermission,
        ref,
        credentials,
        `${action} the certification of`,
      );
      const entity = await mlEntity(ref, credentials);
      const actor = credentials.principal.userEntityRef;
      const decided =
        action === 'approve'
          ? await certification.approve(entity, actor, reason)
          : await certification.revoke(entity, actor, reason);
      res.json(await visibility.certification(decided, entity, credentials));
    });
  }

  router.get('/audit', async (req, res) => {
    const credentials = await caller(req);
    const query = parse(auditQuerySchema, req.query);
    if (query.entityRef) {
      const ref = requestedEntityRef(query.entityRef);
      if (!(await readable.canRead(ref, credentials))) {
        throw new NotFoundError(
          `No entity ${ref} in the catalog, or you may not read it`,
        );
      }
      const items = await certification.audit([ref], query.limit);
      res.json({ items: await visibility.audit(items, credentials) });
      return;
    }
    const entries = await certification.audit(undefined, query.limit);
    const visible = await readable.filter(
      [...new Set(entries.map(e => e.entityRef))],
      credentials,
    );
    res.json({
      items: await visibility.audit(
        entries.filter(e => visible.has(e.entityRef)),
        credentials,
      ),
    });
  });

  // The refs an entity's spec declares, so cards can tell an asset hidden
  // from the reader (counted, not named) from a ref to nothing.
  router.get('/references', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(referencesQuerySchema, req.query).entityRef,
    );
    res.json(
      await visibility.references(
        await mlEntity(ref, credentials),
        credentials,
      ),
    );
  });

  router.get('/marketplace', async (req, res) => {
    const credentials = await caller(req);
    const query = parse(marketplaceQuerySchema, req.query);
    res.json(await marketplace.search(query, credentials));
  });

  router.get('/marketplace/related', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(relatedQuerySchema, req.query).entityRef,
    );
    res.json(await marketplace.related(ref, credentials));
  });

  router.get('/kpis', async (req, res) => {
    res.json(await kpis.marketplace(await caller(req)));
  });

  router.get('/kpis/asset', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(assetKpisQuerySchema, req.query).entityRef,
    );
    res.json(await kpis.asset(await mlEntity(ref, credentials)));
  });

  // Registries and how their syncs went: no entity data and no secrets.
  router.get('/registry/status', async (req, res) => {
    await caller(req);
    res.json({ registries: await registries.states() });
  });

  router.get('/registry/model', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(registryModelQuerySchema, req.query).entityRef,
    );
    const entity = await mlEntity(ref, credentials);
    if (entity.kind.toLocaleLowerCase('en-US') !== 'model') {
      throw new InputError(
        `${ref} is a ${entity.kind}; registry versions belong to Models`,
      );
    }
    res.json(await registries.forEntity(entity, ref));
  });

  // One metric's logged values over the steps of a version's run, read from
  // the registry on demand (too many to sync for every run).
  router.get('/registry/metric-history', async (req, res) => {
    const credentials = await caller(req);
    const query = parse(registryMetricHistoryQuerySchema, req.query);
    const ref = requestedEntityRef(query.entityRef);
    const entity = await mlEntity(ref, credentials);
    res.json(
      await registries.metricHistory(entity, ref, query.version, query.metric),
    );
  });

  // Starts a sync now; answers 202 with the run to follow on /registry/status.
  router.post('/registry/sync', async (req, res) => {
    const credentials = await caller(req);
    const { registryId } = parse(registrySyncQuerySchema, req.query);
    const [decision] = await permissions.authorize(
      [{ permission: mlRegistrySyncPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not start a registry sync: the ${mlRegistrySyncPermission.name} permission was denied`,
      );
    }
    if (!registrySync.connector(registryId)) {
      throw new NotFoundError(
        `No registry with id "${registryId}" is configured; configured: ${
          registries
            .configured()
            .map(c => `"${c.id}"`)
            .join(', ') || 'none'
        }`,
      );
    }
    try {
      // Not tied to the request: the sync finishes even if the caller leaves.
      const { id } = await registrySync.start(
        registryId,
        'manual',
        new AbortController().signal,
      );
      res.status(202).json({ id, registryId, status: 'running' });
    } catch (error) {
      if (error instanceof SyncInProgressError) {
        throw new ConflictError(error.message);
      }
      throw error;
    }
  });

  return router;
}
