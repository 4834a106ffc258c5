import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { mlPermissions } from '@ml-marketplace/plugin-ml-common';
import {
  FeastRegistryConnector,
  IdRegistry,
  LocalRepositories,
  MlFeatureStoreConnector,
  MlHealthCheck,
  MlRegistryConnector,
  MlflowRegistryConnector,
  mlCatalogChangesServiceRef,
  mlFeatureStoreConnectorsExtensionPoint,
  mlHealthChecksExtensionPoint,
  mlRegistryConnectorsExtensionPoint,
  readFeastRegistryConfigs,
  readMlflowRegistryConfigs,
} from '@ml-marketplace/plugin-ml-node';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { CertificationStore } from './database/CertificationStore';
import { HealthStore } from './database/HealthStore';
import { DatabaseLineageStore } from './database/LineageStore';
import { DeclaredUseStore } from './database/DeclaredUseStore';
import { AdoptionService } from './services/adoption/AdoptionService';
import { migratedDatabase } from './database/migrations';
import { createRouter } from './router';
import { ReadableEntities } from './services/access/ReadableEntities';
import { RefVisibility } from './services/access/RefVisibility';
import { CertificationService } from './services/certification/CertificationService';
import { readCertificationPolicy } from './services/certification/policy';
import { builtInHealthChecks } from './services/health/checks';
import { readSeverities } from './services/health/severityConfig';
import { DataFreshnessCheck } from './services/health/checks/DataFreshnessCheck';
import { DataContractCheck } from './services/health/checks/DataContractCheck';
import { InputContractsCheck } from './services/health/checks/InputContractsCheck';
import { perSweep } from './services/health/checks/perSweep';
import { HealthQueries } from './services/health/HealthQueries';
import { HealthSweeper } from './services/health/HealthSweeper';
import { KpiService } from './services/kpis/KpiService';
import { MarketplaceIndex } from './services/marketplace/MarketplaceIndex';
import { readSynonyms } from './services/marketplace/synonymsConfig';
import { LineageIndexer } from './services/lineage/LineageIndexer';
import { LineageService, NodeTrust } from './services/lineage/LineageService';
import { OpenLineageService } from './services/lineage/OpenLineageService';
import { RegistryStore } from './database/RegistryStore';
import { RegistryDriftCheck } from './services/registry/RegistryDriftCheck';
import { RegistryQueries } from './services/registry/RegistryQueries';
import { NameCheck } from './services/names/NameCheck';
import { AttentionService } from './services/marketplace/AttentionService';
import { KpiStore } from './database/KpiStore';
import { scheduleKpiSnapshots } from './services/kpis/kpiSnapshots';
import { CatalogChangeFollower } from './services/catalogChanges/CatalogChangeFollower';
import { RegistrySync } from './services/registry/RegistrySync';
import { FeatureStoreStore } from './database/FeatureStoreStore';
import { FeedbackStore } from './database/FeedbackStore';
import { seedDemoCommunity } from './services/feedback/demoCommunity';
import { FeedbackService } from './services/feedback/FeedbackService';
import { MlNotifier } from './services/notifications/MlNotifier';
import { SweepNotifier } from './services/notifications/SweepNotifier';
import { NotificationStateStore } from './database/NotificationStateStore';
import { FeatureStoreQueries } from './services/featureStore/FeatureStoreQueries';
import { FeatureUseIndex } from './services/featureStore/FeatureUseIndex';
import {
  FeatureFreshnessCheck,
  FeatureStoreDriftCheck,
} from './services/featureStore/FeatureStoreChecks';

function scheduleFrom(
  config: Config,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  const section = config.getOptionalConfig(key);
  return section
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(section)
    : fallback;
}

/**
 * The `ml` backend plugin: lineage, health checks, certification and KPIs for
 * Model, Feature and Dataset entities.
 */
export const mlPlugin = createBackendPlugin({
  pluginId: 'ml',
  register(env) {
    const healthChecks = new IdRegistry<MlHealthCheck>('health check');
    const connectors = new IdRegistry<MlRegistryConnector>(
      'registry connector',
    );
    const featureStoreConnectors = new IdRegistry<MlFeatureStoreConnector>(
      'feature store connector',
    );

    env.registerExtensionPoint(mlHealthChecksExtensionPoint, {
      addHealthCheck: (...checks) => healthChecks.add(...checks),
    });
    env.registerExtensionPoint(mlRegistryConnectorsExtensionPoint, {
      addRegistryConnector: (...items) => connectors.add(...items),
    });
    env.registerExtensionPoint(mlFeatureStoreConnectorsExtensionPoint, {
      addFeatureStoreConnector: (...items) =>
        featureStoreConnectors.add(...items),
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        lifecycle: coreServices.lifecycle,
        userInfo: coreServices.userInfo,
        catalogChanges: mlCatalogChangesServiceRef,
        notifications: notificationService,
        auditor: coreServices.auditor,
      },
      async init({
        logger,
        config,
        database,
        scheduler,
        auth,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        catalog,
        lifecycle,
        userInfo,
        catalogChanges,
        notifications,
        auditor,
      }) {
        permissionsRegistry.addPermissions(mlPermissions);
        const db = await migratedDatabase(database);
        const notifier = new MlNotifier({
          // `ml.notifications.enabled: false` keeps the plugin quiet in portals
          // without the notifications backend.
          notifications:
            config.getOptionalBoolean('ml.notifications.enabled') === false
              ? undefined
              : notifications,
          logger,
        });
        // Configured MLflow instances first, so a module's connector with the same id is refused.
        connectors.addFirst(
          ...readMlflowRegistryConfigs(config).map(
            c => new MlflowRegistryConnector(c),
          ),
        );
        featureStoreConnectors.addFirst(
          ...readFeastRegistryConfigs(config).map(
            c => new FeastRegistryConnector(c),
          ),
        );
        // Runs of both are logged by id, and a sync is started by id.
        const registryIds = new Set(connectors.list().map(c => c.id));
        const clash = featureStoreConnectors
          .list()
          .find(c => registryIds.has(c.id));
        if (clash) {
          throw new Error(
            `Feature store id "${clash.id}" is also the id of a model registry; give ml.registries.feast[] and ml.registries.mlflow[] entries different ids`,
          );
        }
        const localRepositories = LocalRepositories.fromConfig(config);
        const registryStore = new RegistryStore(db);
        const registries = new RegistryQueries(registryStore, connectors);
        const featureStoreStore = new FeatureStoreStore(db);
        const lineageStore = new DatabaseLineageStore(db);
        const featureUses = new FeatureUseIndex({
          catalog,
          auth,
          registryStore,
          registries,
          featureStore: featureStoreStore,
          featureConnectors: featureStoreConnectors,
          lineage: lineageStore,
        });
        const featureStores = new FeatureStoreQueries({
          store: featureStoreStore,
          runs: registryStore,
          connectors: featureStoreConnectors,
          uses: featureUses,
        });
        const writeFeatureLineage = async () => {
          if (!featureStoreConnectors.list().length) return;
          try {
            await featureUses.writeLineage();
          } catch (error) {
            logger.warn(
              `Could not update the feature lineage from the registries: ${error}`,
            );
          }
        };
        const replica = `${hostname()}:${process.pid}:${randomBytes(3).toString(
          'hex',
        )}`;
        const registrySync = new RegistrySync({
          store: registryStore,
          connectors,
          featureStores: {
            connectors: featureStoreConnectors,
            store: featureStoreStore,
          },
          // What models read which views may have changed.
          onChange: () => void writeFeatureLineage(),
          logger,
          replica,
        });

        // Built-in checks first, so an adopter's check with a built-in id is refused.
        const disabled = new Set(
          config.getOptionalStringArray('ml.healthChecks.disabled') ?? [],
        );
        const schemasAt = perSweep(() => lineageStore.lastSchemas());
        const builtIns = [
          ...builtInHealthChecks(config),
          // Feature use is judged where a feature store is configured: only
          // then can a view without a Feature be told from one not synced.
          new RegistryDriftCheck(
            registries,
            featureStoreConnectors.list().length ? featureUses : undefined,
          ),
          new FeatureStoreDriftCheck(featureStores),
          new FeatureFreshnessCheck(featureStores),
          new DataFreshnessCheck(perSweep(() => lineageStore.lastWrites())),
          // Both read the reported schemas: once per sweep between them.
          new DataContractCheck(schemasAt),
          new InputContractsCheck(schemasAt),
        ];
        healthChecks.addFirst(...builtIns.filter(c => !disabled.has(c.id)));
        const severities = readSeverities(config, [
          ...new Set([
            ...builtIns.map(c => c.id),
            ...healthChecks.list().map(c => c.id),
          ]),
        ]);

        const healthStore = new HealthStore(db);
        const certificationStore = new CertificationStore(db);
        const policy = readCertificationPolicy(config);
        const readable = new ReadableEntities({ catalog, permissions });
        const certification = new CertificationService({
          store: certificationStore,
          health: healthStore,
          policy,
        });
        const declaredUses = new DeclaredUseStore(db);
        const indexer = new LineageIndexer({
          catalog,
          auth,
          store: lineageStore,
          logger,
          declaredUses,
        });
        const lineage = new LineageService({
          store: lineageStore,
          readable,
          catalog,
          nodeCap: config.getOptionalNumber('ml.lineage.nodeCap') ?? 200,
          trust: async refs => {
            const assets = await healthStore.assets(refs);
            const certificates = await certificationStore.certificates(refs);
            const trust = new Map<string, NodeTrust>();
            for (const ref of refs) {
              const level = certificates.get(ref)?.level;
              const status = assets.get(ref)?.status;
              trust.set(ref, {
                ...(level && { certification: level }),
                ...(status && { health: status }),
              });
            }
            return trust;
          },
        });
        const sweepNotifier = new SweepNotifier({
          notifier,
          states: new NotificationStateStore(db),
          certificates: certificationStore,
          lineage: lineageStore,
          logger,
          certificateExpiryDays:
            config.getOptionalNumber(
              'ml.notifications.certificateExpiryDays',
            ) ?? 14,
          checkTitle: id =>
            healthChecks.list().find(c => c.id === id)?.title ?? id,
          levelTitle: id => policy.levels.find(l => l.id === id)?.title ?? id,
        });
        const sweeper = new HealthSweeper({
          catalog,
          auth,
          logger,
          checks: healthChecks,
          store: healthStore,
          certification,
          instance: replica,
          severities,
          afterChecks: outcome => sweepNotifier.afterSweep(outcome),
        });

        await scheduler.scheduleTask({
          id: 'ml-lineage-index',
          ...scheduleFrom(config, 'ml.lineage.schedule', {
            frequency: { seconds: 30 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 5 },
          }),
          fn: async signal => {
            const result = await indexer.sync(signal);
            if (result.changed || result.removed) {
              logger.info(
                `Lineage index: ${result.changed} entities updated, ${result.removed} removed, ${result.seen} seen`,
              );
            }
          },
        });

        // Global scope (the default): one replica runs each sweep.
        await scheduler.scheduleTask({
          id: 'ml-health-sweep',
          ...scheduleFrom(config, 'ml.healthChecks.schedule', {
            frequency: { minutes: 30 },
            timeout: { minutes: 15 },
            initialDelay: { minutes: 1 },
          }),
          fn: async signal => {
            const started = Date.now();
            const stats = await sweeper.sweep(signal);
            logger.info(
              `Health sweep: ${stats.assets} assets checked in ${
                Date.now() - started
              } ms, ${stats.written} changed, ${
                stats.certificates
              } certificates written, ${stats.removed} removed, ${
                stats.errors
              } errors`,
            );
          },
        });

        // One task per registry and feature store, global: one replica syncs it at a time.
        for (const connector of [
          ...connectors.list(),
          ...featureStoreConnectors.list(),
        ]) {
          await scheduler.scheduleTask({
            id: `ml-registry-sync:${connector.id}`,
            ...(connector.schedule ??
              scheduleFrom(config, 'ml.registries.schedule', {
                frequency: { minutes: 10 },
                timeout: { minutes: 15 },
                initialDelay: { seconds: 10 },
              })),
            fn: async signal => {
              await registrySync
                .sync(connector.id, 'scheduled', signal)
                .catch(error =>
                  logger.warn(
                    `Registry sync of "${connector.id}" did not start: ${error.message}`,
                  ),
                );
            },
          });
        }

        if (featureStoreConnectors.list().length) {
          // Catalog edits (a Model naming its registered model, a Feature its
          // view) change the joins too; syncs also trigger it.
          await scheduler.scheduleTask({
            id: 'ml-feature-lineage',
            ...scheduleFrom(config, 'ml.registries.featureUse.schedule', {
              frequency: { minutes: 2 },
              timeout: { minutes: 5 },
              initialDelay: { seconds: 20 },
            }),
            fn: writeFeatureLineage,
          });
        }

        const kpis = new KpiService({
          health: healthStore,
          certificates: certificationStore,
          lineage: lineageStore,
          readable,
          policy,
          registry: registries,
          store: new KpiStore(db),
        });
        await scheduleKpiSnapshots({ config, scheduler, logger, auth, kpis });

        const feedbackStore = new FeedbackStore(db);
        if (config.getOptionalBoolean('ml.feedback.demoSeed')) {
          await seedDemoCommunity({
            feedback: feedbackStore,
            declaredUses,
            logger,
          });
        }
        const marketplace = new MarketplaceIndex({
          catalog,
          auth,
          ratings: feedbackStore,
          health: healthStore,
          certificates: certificationStore,
          lineage: lineageStore,
          registries,
          readable,
          policy,
          logger,
          refreshMs:
            (config.getOptionalNumber('ml.marketplace.refreshSeconds') ?? 30) *
            1000,
          synonyms: readSynonyms(config),
        });
        // A catalog change reaches the marketplace and lineage indexes in
        // seconds, between their periodic rebuilds.
        const stopFollowing = new CatalogChangeFollower({
          catalog,
          auth,
          logger,
          knownHash: ref => marketplace.knownHash(ref),
          isBuilt: () => marketplace.isBuilt(),
          apply: async entities => {
            await Promise.all([
              marketplace.apply(entities),
              indexer.apply(entities),
            ]);
          },
        }).follow(catalogChanges);
        lifecycle.addShutdownHook(stopFollowing);

        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            catalog,
            lineage,
            openLineage: new OpenLineageService(lineageStore),
            healthChecks,
            registryConnectors: connectors,
            sweeper,
            health: new HealthQueries({
              store: healthStore,
              checks: healthChecks,
              readable,
            }),
            certification,
            kpis,
            readable,
            visibility: new RefVisibility({ readable, catalog, auth }),
            registries,
            registrySync,
            featureStores,
            names: new NameCheck({ catalog, auth, connectors }),
            attention: new AttentionService({
              marketplace,
              certificates: certificationStore,
              userInfo,
            }),
            localRepositories,
            marketplace,
            notifier,
            auditor,
            feedback: new FeedbackService({
              store: feedbackStore,
              notifier,
              people: async userRef => {
                const user = await catalog.getEntityByRef(userRef, {
                  credentials: await auth.getOwnServiceCredentials(),
                });
                const profile = user?.spec?.profile as
                  | { displayName?: string }
                  | undefined;
                return profile?.displayName ?? user?.metadata.title;
              },
              marketplace,
            }),
            adoption: new AdoptionService({
              store: declaredUses,
              lineage: lineageStore,
              readable,
            }),
          }),
        );
        // Load balancers and the portal's own status page probe /health without a token.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        if (localRepositories) {
          // The catalog's URL reader fetches catalog-info.yaml without a token.
          httpRouter.addAuthPolicy({
            path: '/repositories',
            allow: 'unauthenticated',
          });
        }
        logger.info(
          `ML backend ready with ${
            healthChecks.list().length
          } health checks and ${connectors.list().length} registry connectors`,
        );
      },
    });
  },
});
