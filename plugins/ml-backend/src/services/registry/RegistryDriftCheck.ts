import type { Entity } from '@backstage/catalog-model';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import type {
  RegistryModel,
  RegistryModelVersion,
} from '@ml-marketplace/plugin-ml-common';
import { declaredRefs } from '../health/checks/declaredRefs';
import type { RegistryQueries } from './RegistryQueries';
import type { FeatureUseIndex } from '../featureStore/FeatureUseIndex';

/** Aliases taken as "what serves" when the entity names none. */
const SERVING_ALIASES = ['production', 'prod', 'champion'];

interface Finding {
  status: 'warn' | 'fail';
  message: string;
  fixHint: string;
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * Does the catalog say what the registry holds? For Model entities that name
 * a registered model: the model exists and is not deleted or archived while
 * the catalog calls it production; the declared alias or version exists; the
 * version that serves has an evaluation; its run trained on the datasets the
 * entity lists. Judged on the last good sync, so a registry outage does not
 * turn every model red.
 */
export class RegistryDriftCheck implements MlHealthCheck {
  readonly id = 'registry-drift';
  /** The catalog no longer tells the truth about what is served. */
  readonly severity = 'error' as const;
  readonly title = 'Catalog matches the registry';
  readonly description =
    'The registered model, alias and version the entity declares exist in the registry, what serves has an evaluation, and it was trained on the datasets the entity lists.';

  /** Sync state per registry for the current sweep: one read per sweep, not per entity. */
  private runs?: {
    sweep: number;
    byRegistry: Map<string, ReturnType<RegistryQueries['lastRuns']>>;
  };

  constructor(
    private readonly registries: RegistryQueries,
    /** Which feature views the registry says a model read (Feast's tags). */
    private readonly featureUses?: FeatureUseIndex,
  ) {}

  private lastRuns(registryId: string, now: Date) {
    if (this.runs?.sweep !== now.getTime()) {
      this.runs = { sweep: now.getTime(), byRegistry: new Map() };
    }
    let runs = this.runs.byRegistry.get(registryId);
    if (!runs) {
      runs = this.registries.lastRuns(registryId);
      this.runs.byRegistry.set(registryId, runs);
    }
    return runs;
  }

  appliesTo(entity: Entity): boolean {
    return (
      entity.kind.toLocaleLowerCase('en-US') === 'model' &&
      this.registries.configured().length > 0 &&
      this.registries.resolve(entity) !== undefined
    );
  }

  async run(
    entity: Entity,
    context: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult> {
    const resolved = this.registries.resolve(entity)!;
    const { declared, connector } = resolved;
    if (!connector) {
      return {
        status: 'fail',
        message: `spec.registry.${declared.type} ${resolved.problem}.`,
        fixHint:
          'Set spec.registry.mlflow.instance to a configured registry id, or configure it in app-config.',
      };
    }
    const { lastSuccess, lastRun } = await this.lastRuns(
      connector.id,
      context.now,
    );
    if (!lastSuccess) {
      // Not judged yet: nothing is wrong with the asset, and its owners can
      // do nothing about it (as the feature store checks say before a sync).
      return {
        status: 'warn',
        severity: 'advice',
        message: `Registry "${connector.id}" has not been synced yet${
          lastRun?.error ? `: ${lastRun.error}` : ''
        }.`,
        fixHint:
          'See GET /api/ml/registry/status; the check judges once a sync succeeds.',
      };
    }
    const basis =
      lastRun && lastRun.status === 'failed'
        ? ` (judged on the sync of ${day(
            lastSuccess.startedAt,
          )}; the latest sync failed)`
        : '';
    const stored = await this.registries.model(connector.id, declared.name);
    const production = entity.spec?.lifecycle === 'production';
    if (!stored) {
      return {
        status: 'fail',
        message: `Registered model "${declared.name}" does not exist in registry "${connector.id}"${basis}.`,
        fixHint:
          'Correct spec.registry.mlflow.name (names are case-sensitive), or register the model.',
      };
    }
    if (stored.deletedAt) {
      return {
        status: production ? 'fail' : 'warn',
        message: `Registered model "${
          declared.name
        }" was deleted from registry "${connector.id}" (missing since ${day(
          stored.deletedAt,
        )}) but the entity is ${
          entity.spec?.lifecycle ?? 'not deprecated'
        }${basis}.`,
        fixHint:
          'Set spec.lifecycle to deprecated with a successor, or restore the registered model.',
      };
    }

    const findings = [
      ...this.findings(entity, stored.model, declared, context),
      ...(await this.featureFindings(entity, connector.id, declared.name)),
    ];
    if (!findings.length) {
      return {
        status: 'pass',
        message: `Matches registered model "${declared.name}" in "${connector.id}"${basis}.`,
      };
    }
    const status = findings.some(f => f.status === 'fail') ? 'fail' : 'warn';
    return {
      status,
      message: `${findings.map(f => f.message).join(' ')}${basis}`,
      fixHint: findings.map(f => f.fixHint).join(' '),
    };
  }

  /**
   * The feature views the counted version's run read (Feast's MLflow tags)
   * against spec.consumesFeatures: read but not listed, or listed (a Feature
   * naming a feature view) but no longer read.
   */
  private async featureFindings(
    entity: Entity,
    registryId: string,
    name: string,
  ): Promise<Finding[]> {
    const use = await this.featureUses?.useOf(registryId, name);
    if (!use) return [];
    const listed = new Set(
      declaredRefs(entity)
        .filter(r => r.specField === 'consumesFeatures')
        .map(r => r.ref.toLocaleLowerCase('en-US')),
    );
    const read = new Set(use.features.flatMap(f => f.refs));
    const at = `The run of version ${use.version}${
      use.featureService ? ` (feature service "${use.featureService}")` : ''
    }`;
    const findings: Finding[] = [];
    const unlisted = use.features.filter(
      f => !f.refs.some(ref => listed.has(ref)),
    );
    if (unlisted.length) {
      findings.push({
        status: 'warn',
        message: `${at} read feature view(s) ${unlisted
          .map(
            f =>
              `"${f.view}" (${
                f.refs.length ? f.refs.join(', ') : 'no Feature entity names it'
              })`,
          )
          .join(', ')}, which spec.consumesFeatures does not list.`,
        fixHint:
          'Add the Features to spec.consumesFeatures (register a Feature with spec.registry.feast for a view no entity names).',
      });
    }
    const stale = [...listed].filter(
      ref => use.featureViewRefs.has(ref) && !read.has(ref),
    );
    if (stale.length) {
      findings.push({
        status: 'warn',
        message: `spec.consumesFeatures lists ${stale.join(', ')}, which ${at
          .charAt(0)
          .toLocaleLowerCase('en-US')}${at.slice(
          1,
        )} did not read (it read ${use.views.join(', ')}).`,
        fixHint:
          'Remove Features the model no longer reads from spec.consumesFeatures.',
      });
    }
    return findings;
  }

  private findings(
    entity: Entity,
    model: RegistryModel,
    declared: { name: string; alias?: string; version?: string },
    { catalog }: MlHealthCheckContext,
  ): Finding[] {
    const production = entity.spec?.lifecycle === 'production';
    const severity = production ? 'fail' : 'warn';
    const findings: Finding[] = [];
    const byVersion = new Map(model.versions.map(v => [v.version, v]));
    const aliasNames = Object.keys(model.aliases).sort();

    const live = model.versions.filter(v => v.stage !== 'Archived');
    if (production && model.versions.length && !live.length) {
      findings.push({
        status: 'fail',
        message: `Every version of "${model.name}" is archived in the registry, but the entity is production.`,
        fixHint: 'Deprecate the entity, or restore a version in the registry.',
      });
    }

    let serving: RegistryModelVersion | undefined;
    let servedAs = '';
    if (declared.alias) {
      const version = model.aliases[declared.alias];
      if (!version) {
        findings.push({
          status: 'fail',
          message: `Alias "${declared.alias}" does not exist on "${
            model.name
          }" (aliases: ${aliasNames.join(', ') || 'none'}).`,
          fixHint:
            'Set spec.registry.mlflow.alias to an existing alias, or set the alias in MLflow.',
        });
      } else {
        serving = byVersion.get(version);
        servedAs = `alias "${declared.alias}"`;
      }
    }
    if (declared.version) {
      const pinned = byVersion.get(declared.version);
      if (!pinned) {
        findings.push({
          status: 'fail',
          message: `Version ${declared.version} does not exist on "${
            model.name
          }" (versions: ${
            model.versions.map(v => v.version).join(', ') || 'none'
          }).`,
          fixHint: 'Correct spec.registry.mlflow.version.',
        });
      } else if (!serving) {
        serving = pinned;
        servedAs = `version ${pinned.version}`;
      }
    }
    if (!serving && !declared.alias && !declared.version) {
      const alias = SERVING_ALIASES.find(a => model.aliases[a]);
      if (alias) {
        serving = byVersion.get(model.aliases[alias]);
        servedAs = `alias "${alias}"`;
      } else {
        serving = model.versions.find(v => v.stage === 'Production');
        servedAs = 'stage Production';
      }
    }
    if (!serving) return findings;

    if (serving.stage === 'Archived' && production) {
      findings.push({
        status: 'fail',
        message: `${servedAs} points at version ${serving.version}, which is archived.`,
        fixHint: 'Point the alias at a live version.',
      });
    }
    const metrics = Object.keys(serving.run?.metrics ?? {});
    if (!metrics.length) {
      let why = serving.run ? '' : ' (no run)';
      if (serving.run?.unavailable) why = ` (${serving.run.unavailable})`;
      findings.push({
        status: severity,
        message: `${servedAs} points at version ${serving.version}, which has no evaluation in the registry${why}.`,
        fixHint: `Log evaluation metrics on the run of version ${serving.version} before moving ${servedAs} to it.`,
      });
    }

    const training = (serving.run?.datasets ?? []).filter(
      d => !d.context || d.context === 'training' || d.context === 'train',
    );
    if (training.length) {
      const listed = declaredRefs(entity)
        .filter(r => r.specField === 'trainedOn')
        .map(r => ({ ref: r.ref, summary: catalog.get(r.ref) }));
      const names = new Set<string>();
      for (const { ref, summary } of listed) {
        names.add(ref.split('/').pop()!.toLocaleLowerCase('en-US'));
        if (summary?.title) names.add(summary.title.toLocaleLowerCase('en-US'));
        if (summary?.location)
          names.add(summary.location.toLocaleLowerCase('en-US'));
      }
      const unknown = training.filter(
        d =>
          !names.has(d.name.toLocaleLowerCase('en-US')) &&
          !(d.source && names.has(d.source.toLocaleLowerCase('en-US'))),
      );
      if (unknown.length) {
        findings.push({
          status: 'warn',
          message: `The run of version ${
            serving.version
          } (${servedAs}) trained on ${unknown
            .map(d => `"${d.name}"${d.source ? ` (${d.source})` : ''}`)
            .join(', ')}, which spec.trainedOn does not list (trainedOn: ${
            listed.map(l => l.ref).join(', ') || 'none'
          }).`,
          fixHint:
            'Add the dataset to spec.trainedOn (matched by entity name, title or spec.location), or retrain on the listed data.',
        });
      }
    }
    return findings;
  }
}
