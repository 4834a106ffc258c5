import type {
  FeatureStoreService,
  RegistryModel,
  RegistryModelVersion,
} from '@ml-marketplace/plugin-ml-common';

/** Aliases taken as "what serves" when the entity names none. */
const SERVING_ALIASES = ['production', 'prod', 'champion'];

/** The feature views one model version read, per the registry's Feast tags. */
export interface FeatureUse {
  registryId: string;
  model: string;
  version: string;
  /** Feast project, when the tags name one. */
  project?: string;
  /** View names, sorted. */
  views: string[];
  featureService?: string;
}

/**
 * The version whose feature use counts: the one the entity pins (alias or
 * version), else the one a serving alias or the Production stage points at,
 * else the newest.
 */
export function versionThatCounts(
  model: RegistryModel,
  declared?: { alias?: string; version?: string },
): RegistryModelVersion | undefined {
  const byVersion = new Map(model.versions.map(v => [v.version, v]));
  const pinned =
    (declared?.alias && byVersion.get(model.aliases[declared.alias])) ||
    (declared?.version && byVersion.get(declared.version));
  if (pinned) return pinned;
  const alias = SERVING_ALIASES.find(a => model.aliases[a]);
  return (
    (alias && byVersion.get(model.aliases[alias])) ||
    model.versions.find(v => v.stage === 'Production') ||
    model.versions[0]
  );
}

const list = (value: string | undefined) =>
  (value ?? '')
    .replace(/\.\.\.$/, '') // Feast cuts long tag values and appends "..."
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);

/**
 * Which views a version read. Feast records `feast.feature_views` and
 * `feast.feature_refs` (`view:feature`) on the training run: those are the
 * truth. `feast.feature_service` (a version tag set on purpose, or Feast's
 * guess on the run) counts only when the run names no views, through the
 * service's views as last synced.
 */
export function featureUseOf(
  registryId: string,
  model: RegistryModel,
  version: RegistryModelVersion,
  services: FeatureStoreService[],
): FeatureUse | undefined {
  const tags = { ...version.run?.featureTags };
  const project = tags['feast.project'];
  const featureService =
    version.tags['feast.feature_service'] ?? tags['feast.feature_service'];
  const views = new Set(list(tags['feast.feature_views']));
  for (const ref of list(tags['feast.feature_refs'])) {
    const colon = ref.indexOf(':');
    if (colon > 0) views.add(ref.slice(0, colon));
  }
  if (!views.size && featureService) {
    const service = services.find(
      s => s.name === featureService && (!project || s.project === project),
    );
    for (const view of service?.featureViews ?? []) views.add(view);
  }
  if (!views.size && !featureService) return undefined;
  return {
    registryId,
    model: model.name,
    version: version.version,
    ...(project && { project }),
    views: [...views].sort(),
    ...(featureService && { featureService }),
  };
}
