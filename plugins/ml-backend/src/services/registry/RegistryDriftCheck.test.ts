import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  RegistryModel,
  RegistryModelVersion,
  RegistryRun,
  RegistrySyncRun,
} from '@ml-marketplace/plugin-ml-common';
import {
  IdRegistry,
  MlHealthCheckContext,
  MlRegistryConnector,
} from '@ml-marketplace/plugin-ml-node';
import type {
  RegistryStore,
  StoredRegistryModel,
} from '../../database/RegistryStore';
import { RegistryDriftCheck } from './RegistryDriftCheck';
import { RegistryQueries } from './RegistryQueries';
import type { FeatureUseIndex } from '../featureStore/FeatureUseIndex';

const run = (
  status: RegistrySyncRun['status'],
  day: string,
): RegistrySyncRun => ({
  id: 1,
  registryId: 'prod',
  trigger: 'scheduled',
  status,
  startedAt: `${day}T10:00:00.000Z`,
  finishedAt: `${day}T10:01:00.000Z`,
  ...(status === 'failed' && { error: 'unreachable' }),
  modelsSeen: 1,
  modelsWritten: 1,
  modelsSkipped: 0,
  modelsDeleted: 0,
  skipped: [],
});

const version = (
  v: string,
  extra: Partial<RegistryModelVersion> = {},
): RegistryModelVersion => ({
  version: v,
  aliases: [],
  tags: {},
  run: {
    id: `r${v}`,
    metrics: { auc: 0.9 },
    params: {},
    datasets: [{ name: 'churn-labels', context: 'training' }],
  },
  ...extra,
});

const churn = (
  versions: RegistryModelVersion[],
  aliases: Record<string, string>,
): RegistryModel => ({
  name: 'churn-model',
  tags: {},
  aliases,
  versions,
});

const model = (spec: Record<string, unknown>): Entity => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model', namespace: 'default' },
  spec: {
    owner: 'growth-ml',
    lifecycle: 'production',
    trainedOn: ['churn-labels'],
    registry: { mlflow: { name: 'churn-model', alias: 'champion' } },
    ...spec,
  },
});

function setup(options: {
  stored?: Partial<StoredRegistryModel> & { model: RegistryModel };
  runs?: { lastRun?: RegistrySyncRun; lastSuccess?: RegistrySyncRun };
  connectors?: string[];
  featureUses?: FeatureUseIndex;
}) {
  const store = {
    model: async () =>
      options.stored && {
        registryId: 'prod',
        firstSeenAt: '2026-11-01T00:00:00.000Z',
        changedAt: '2026-11-01T00:00:00.000Z',
        ...options.stored,
      },
    lastRuns: async () =>
      options.runs ?? {
        lastRun: run('succeeded', '2026-11-22'),
        lastSuccess: run('succeeded', '2026-11-22'),
      },
  } as unknown as RegistryStore;
  const connectors = new IdRegistry<MlRegistryConnector>('connector');
  for (const id of options.connectors ?? ['prod']) {
    connectors.add({
      id,
      type: 'mlflow',
      readAll: async () => ({
        models: [],
        skipped: [],
        complete: true,
        warnings: [],
      }),
    });
  }
  const check = new RegistryDriftCheck(
    new RegistryQueries(store, connectors),
    options.featureUses,
  );
  const context: MlHealthCheckContext = {
    logger: mockServices.logger.mock(),
    signal: new AbortController().signal,
    now: new Date('2026-11-22T12:00:00Z'),
    catalog: {
      get: ref =>
        ref === 'dataset:default/churn-labels'
          ? {
              ref,
              kind: 'Dataset',
              title: 'Churn labels',
              location: 's3://lake/churn',
            }
          : undefined,
    },
    lastUpdatedAt: new Date('2026-11-01T00:00:00Z'),
  };
  return { check, run: (e: Entity) => check.run(e, context) };
}

describe('RegistryDriftCheck', () => {
  const healthy = churn(
    [version('2', { aliases: ['champion'] }), version('1')],
    { champion: '2' },
  );

  it('applies to Models that name a registered model, when a registry is configured', () => {
    const { check } = setup({ stored: { model: healthy } });
    expect(check.appliesTo(model({}))).toBe(true);
    expect(check.appliesTo(model({ registry: undefined }))).toBe(false);
    expect(check.appliesTo({ ...model({}), kind: 'Dataset' })).toBe(false);
    expect(setup({ connectors: [] }).check.appliesTo(model({}))).toBe(false);
  });

  it('passes when the catalog and the registry agree', async () => {
    const { run: check } = setup({ stored: { model: healthy } });
    await expect(check(model({}))).resolves.toEqual({
      status: 'pass',
      message: 'Matches registered model "churn-model" in "prod".',
    });
  });

  it('fails on an alias the registry lacks, naming the aliases it has', async () => {
    const { run: check } = setup({
      stored: { model: churn([version('1')], { challenger: '1' }) },
    });
    const result = await check(model({}));
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'Alias "champion" does not exist on "churn-model" (aliases: challenger).',
    );
  });

  it('fails on a pinned version the registry lacks', async () => {
    const { run: check } = setup({ stored: { model: healthy } });
    const result = await check(
      model({ registry: { mlflow: { name: 'churn-model', version: '7' } } }),
    );
    expect(result).toMatchObject({
      status: 'fail',
      message: 'Version 7 does not exist on "churn-model" (versions: 2, 1).',
    });
  });

  it('reports the serving alias moved to a version without an evaluation: fail in production, warn otherwise', async () => {
    const stored = {
      model: churn(
        [
          version('3', {
            aliases: ['champion'],
            run: { id: 'r3', metrics: {}, params: {}, datasets: [] },
          }),
          version('2'),
        ],
        { champion: '3' },
      ),
    };
    const prod = await setup({ stored }).run(model({}));
    expect(prod.status).toBe('fail');
    expect(prod.message).toBe(
      'alias "champion" points at version 3, which has no evaluation in the registry.',
    );
    const experimental = await setup({ stored }).run(
      model({ lifecycle: 'experimental' }),
    );
    expect(experimental.status).toBe('warn');
  });

  it('uses production, prod or champion when the entity names no alias, and says when there is no run', async () => {
    const stored = {
      model: churn([version('4', { run: undefined })], { production: '4' }),
    };
    const result = await setup({ stored }).run(
      model({ registry: { mlflow: { name: 'churn-model' } } }),
    );
    expect(result.message).toBe(
      'alias "production" points at version 4, which has no evaluation in the registry (no run).',
    );
  });

  it('fails a production model deleted in the registry, and one whose versions are all archived', async () => {
    const deleted = await setup({
      stored: { model: healthy, deletedAt: '2026-11-20T08:00:00.000Z' },
    }).run(model({}));
    expect(deleted).toMatchObject({
      status: 'fail',
      message:
        'Registered model "churn-model" was deleted from registry "prod" (missing since 2026-11-20) but the entity is production.',
    });
    const archived = await setup({
      stored: {
        model: churn(
          [version('1', { stage: 'Archived', aliases: ['champion'] })],
          { champion: '1' },
        ),
      },
    }).run(model({}));
    expect(archived.status).toBe('fail');
    expect(archived.message).toContain(
      'Every version of "churn-model" is archived in the registry, but the entity is production.',
    );
    expect(archived.message).toContain(
      'alias "champion" points at version 1, which is archived.',
    );
  });

  it('warns when the serving run trained on data spec.trainedOn does not list, matching names, titles and locations', async () => {
    const trainedOn = (datasets: RegistryRun['datasets']) =>
      churn(
        [
          version('2', {
            aliases: ['champion'],
            run: { id: 'r2', metrics: { auc: 1 }, params: {}, datasets },
          }),
        ],
        { champion: '2' },
      );
    const other = await setup({
      stored: {
        model: trainedOn([
          {
            name: 'customers-2026',
            source: 's3://lake/customers',
            context: 'training',
          },
        ]),
      },
    }).run(model({}));
    expect(other.status).toBe('warn');
    expect(other.message).toBe(
      'The run of version 2 (alias "champion") trained on "customers-2026" (s3://lake/customers), which spec.trainedOn does not list (trainedOn: dataset:default/churn-labels).',
    );
    for (const dataset of [
      { name: 'Churn labels' },
      { name: 'x', source: 's3://lake/churn' },
      { name: 'eval-set', context: 'evaluation' },
    ]) {
      const result = await setup({
        stored: { model: trainedOn([dataset]) },
      }).run(model({}));
      expect(result.status).toBe('pass');
    }
  });

  it('fails when the registered model does not exist, and only advises before the first good sync', async () => {
    const missing = await setup({}).run(model({}));
    expect(missing).toMatchObject({
      status: 'fail',
      message:
        'Registered model "churn-model" does not exist in registry "prod".',
    });
    const never = await setup({
      runs: { lastRun: run('failed', '2026-11-22') },
    }).run(model({}));
    expect(never).toMatchObject({
      status: 'warn',
      // Not judged yet: no notice to owners, no red on the asset.
      severity: 'advice',
      message: 'Registry "prod" has not been synced yet: unreachable.',
    });
  });

  it('judges on the last good sync when the latest one failed, and says so', async () => {
    const result = await setup({
      stored: { model: healthy },
      runs: {
        lastRun: run('failed', '2026-11-22'),
        lastSuccess: run('succeeded', '2026-11-21'),
      },
    }).run(model({}));
    expect(result.message).toBe(
      'Matches registered model "churn-model" in "prod" (judged on the sync of 2026-11-21; the latest sync failed).',
    );
  });

  it('fails a declaration naming an instance that is not configured', async () => {
    const result = await setup({ stored: { model: healthy } }).run(
      model({
        registry: { mlflow: { name: 'churn-model', instance: 'staging' } },
      }),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'spec.registry.mlflow names mlflow instance "staging", but no registry with that id is configured (ml.registries.mlflow[].id: "prod").',
    );
  });

  describe('feature views the serving run read (Feast tags)', () => {
    const uses = (
      features: Array<{ view: string; refs: string[] }>,
      featureViewRefs: string[],
    ) =>
      ({
        useOf: async () => ({
          registryId: 'prod',
          model: 'churn-model',
          version: '2',
          views: features.map(f => f.view),
          featureService: 'churn_features',
          features,
          featureViewRefs: new Set(featureViewRefs),
        }),
      } as unknown as FeatureUseIndex);

    it('passes when the entity lists exactly the Features the run read', async () => {
      const { run: check } = setup({
        stored: { model: healthy },
        featureUses: uses(
          [{ view: 'activity', refs: ['feature:default/activity'] }],
          ['feature:default/activity'],
        ),
      });
      const result = await check(model({ consumesFeatures: ['activity'] }));
      expect(result.status).toBe('pass');
    });

    it('names views the run read that spec.consumesFeatures does not list', async () => {
      const { run: check } = setup({
        stored: { model: healthy },
        featureUses: uses(
          [
            { view: 'activity', refs: ['feature:default/activity'] },
            { view: 'basket', refs: [] },
          ],
          ['feature:default/activity'],
        ),
      });
      const result = await check(model({}));
      expect(result.status).toBe('warn');
      expect(result.message).toBe(
        'The run of version 2 (feature service "churn_features") read feature view(s) "activity" (feature:default/activity), "basket" (no Feature entity names it), which spec.consumesFeatures does not list.',
      );
    });

    it('names listed Features of the store the run no longer read, and leaves Features without a view alone', async () => {
      const { run: check } = setup({
        stored: { model: healthy },
        featureUses: uses(
          [{ view: 'activity', refs: ['feature:default/activity'] }],
          ['feature:default/activity', 'feature:default/old-view'],
        ),
      });
      const result = await check(
        model({
          consumesFeatures: ['activity', 'old-view', 'hand-written'],
        }),
      );
      expect(result.status).toBe('warn');
      expect(result.message).toBe(
        'spec.consumesFeatures lists feature:default/old-view, which the run of version 2 (feature service "churn_features") did not read (it read activity).',
      );
    });
  });
});
