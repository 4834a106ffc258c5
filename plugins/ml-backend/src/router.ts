import type {
  AuditorService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { formatPath, isMlKind } from '@ml-marketplace/plugin-ml-common';
import type {
  IdRegistry,
  LocalRepositories,
  MlHealthCheck,
  MlRegistryConnector,
} from '@ml-marketplace/plugin-ml-node';
import express from 'express';
import Router from 'express-promise-router';
import type { z } from 'zod';
import { addLineageRoutes } from './routes/lineageRoutes';
import { addMarketplaceRoutes } from './routes/marketplaceRoutes';
import { addNameRoutes } from './routes/nameRoutes';
import { addRegistryRoutes } from './routes/registryRoutes';
import { addFeatureStoreRoutes } from './routes/featureStoreRoutes';
import { addFeedbackRoutes } from './routes/feedbackRoutes';
import { addAdoptionRoutes } from './routes/adoptionRoutes';
import type { AdoptionService } from './services/adoption/AdoptionService';
import type { FeedbackService } from './services/feedback/FeedbackService';
import type { FeatureStoreQueries } from './services/featureStore/FeatureStoreQueries';
import { addSearchDocumentRoutes } from './routes/searchDocumentRoutes';
import { addTrustRoutes } from './routes/trustRoutes';
import type { ReadableEntities } from './services/access/ReadableEntities';
import type { RefVisibility } from './services/access/RefVisibility';
import type { CertificationService } from './services/certification/CertificationService';
import type { HealthQueries } from './services/health/HealthQueries';
import type { HealthSweeper } from './services/health/HealthSweeper';
import type { KpiService } from './services/kpis/KpiService';
import type { MarketplaceIndex } from './services/marketplace/MarketplaceIndex';
import type { LineageService } from './services/lineage/LineageService';
import type { NameCheck } from './services/names/NameCheck';
import type { AttentionService } from './services/marketplace/AttentionService';
import type { OpenLineageService } from './services/lineage/OpenLineageService';
import type { RegistryQueries } from './services/registry/RegistryQueries';
import type { RegistrySync } from './services/registry/RegistrySync';
import type { MlNotifier } from './services/notifications/MlNotifier';
import { repositoriesRouter } from './services/repositories/repositoriesRouter';

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
  /** Feature stores (Feast); absent in tests that need none. */
  featureStores?: FeatureStoreQueries;
  registrySync: RegistrySync;
  /** Whether a golden-path form's new name is free. */
  names: NameCheck;
  /** What needs the caller's teams' attention (the ML home page). */
  attention: AttentionService;
  /** Serves the repositories of `ml:publish:local` when configured. */
  localRepositories?: LocalRepositories;
  /** Tells owners and consumers about their assets; quiet when absent. */
  notifier?: MlNotifier;
  /** Records who did what to feedback and adoption (Backstage's auditor). */
  auditor?: AuditorService;
  /** Ratings, reviews and improvement requests (`/feedback`). */
  feedback: FeedbackService;
  /** Who uses an asset, and the uses people declared (`/usage`). */
  adoption: AdoptionService;
}

/**
 * What each group of routes in ./routes is given: the services, and the
 * request helpers below.
 */
export interface RouteContext extends RouterOptions {
  caller(
    req: express.Request,
  ): Promise<
    BackstageCredentials<BackstageUserPrincipal | BackstageServicePrincipal>
  >;
  parse: typeof parse;
  mlEntity(ref: string, credentials: BackstageCredentials): Promise<Entity>;
  authorizeOn(
    permission: ResourcePermission<'catalog-entity'>,
    ref: string,
    credentials: BackstageCredentials,
    what: string,
  ): Promise<void>;
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
    healthChecks,
    registryConnectors,
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
      featureStoreConnectors: (options.featureStores?.configured() ?? []).map(
        c => c.id,
      ),
    });
  });

  const context: RouteContext = {
    ...options,
    caller,
    parse,
    mlEntity,
    authorizeOn,
  };
  // Express tries routes and error handlers in the order they are added.
  addLineageRoutes(router, context);
  addTrustRoutes(router, context);
  addMarketplaceRoutes(router, context);
  addSearchDocumentRoutes(router, context);
  addRegistryRoutes(router, context);
  addFeatureStoreRoutes(router, context);
  addNameRoutes(router, context);
  addFeedbackRoutes(router, context);
  addAdoptionRoutes(router, context);

  return router;
}
