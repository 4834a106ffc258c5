import type {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import type { KpiSnapshot } from '@ml-marketplace/plugin-ml-common';
import { dayOf, type KpiService } from './KpiService';

/** Days of history the demo seeds before its first real snapshot. */
const DEMO_DAYS = 120;

/**
 * A plausible past for the demo, ending where today's figures are: the
 * marketplace grew, reuse and certification rose, health improved and fewer
 * deprecated assets were still read. Deterministic, so screenshots repeat.
 */
export function demoHistory(today: KpiSnapshot, now: Date): KpiSnapshot[] {
  const days: KpiSnapshot[] = [];
  for (let back = DEMO_DAYS; back >= 1; back--) {
    // 0 at the start of the history, 1 today; an S-curve of adoption.
    const t = 1 - back / DEMO_DAYS;
    const grown = 1 / (1 + Math.exp(-8 * (t - 0.45)));
    const wobble = Math.sin(back / 6) * 0.01;
    const scale = (value: number, from: number) =>
      value * (from + (1 - from) * grown);
    const share = (value: number, from: number) =>
      Math.max(0, Math.min(1, scale(value, from) + wobble));
    const byKind = Object.fromEntries(
      Object.entries(today.byKind).map(([kind, n]) => [
        kind,
        Math.max(1, Math.round(scale(n, 0.45))),
      ]),
    );
    days.push({
      day: dayOf(new Date(now.getTime() - back * 86_400_000)),
      demo: true,
      assets: Object.values(byKind).reduce((a, b) => a + b, 0),
      byKind,
      certifiedShare: Object.fromEntries(
        Object.entries(today.certifiedShare).map(([level, v]) => [
          level,
          share(v, 0.3),
        ]),
      ),
      healthyShare: share(today.healthyShare, 0.7),
      reuseRate: share(today.reuseRate, 0.4),
      deprecatedStillConsumed: Math.round(
        today.deprecatedStillConsumed + (1 - grown) * 4,
      ),
    });
  }
  return days;
}

/**
 * Stores the marketplace KPIs once a day (the latest run of a day replaces
 * its earlier one), once across replicas. With `ml.kpis.demoHistory`, an
 * empty history is first seeded with demoHistory(), marked as demo data.
 */
export async function scheduleKpiSnapshots(options: {
  config: RootConfigService;
  scheduler: SchedulerService;
  logger: LoggerService;
  auth: AuthService;
  kpis: KpiService;
}) {
  const { config, scheduler, logger, auth, kpis } = options;
  const section = config.getOptionalConfig('ml.kpis.schedule');
  const seedDemo = config.getOptionalBoolean('ml.kpis.demoHistory') ?? false;
  await scheduler.scheduleTask({
    id: 'ml-kpi-snapshot',
    ...(section
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(section)
      : {
          frequency: { hours: 6 },
          timeout: { minutes: 5 },
          // After the first health sweep, so the first day has health.
          initialDelay: { minutes: 2 },
        }),
    fn: async () => {
      const credentials = await auth.getOwnServiceCredentials();
      if (seedDemo && (await kpis.historyCount()) === 0) {
        const today = await kpis.snapshot(credentials);
        await kpis.store(demoHistory(today, new Date()));
        logger.info(
          `KPI history: seeded ${DEMO_DAYS} days of demo data (ml.kpis.demoHistory)`,
        );
      }
      const taken = await kpis.takeSnapshot(credentials);
      logger.info(`KPI snapshot of ${taken.day}: ${taken.assets} assets`);
    },
  });
}
