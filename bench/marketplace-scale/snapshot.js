/*
 * The catalog snapshot of a generated ML catalog (bench/ml-trust/generate.js),
 * made by the catalog's own code, without its processing loop:
 *
 * 1. Processing: every entity, as a file location would deliver it (the
 *    managed-by-location and origin annotations the catalog's output
 *    collector adds), goes through @backstage/plugin-catalog-backend's
 *    DefaultCatalogProcessingOrchestrator with the processors a catalog with
 *    our module runs (Placeholder, BuiltinKinds, FileReader, UrlReader,
 *    AnnotateLocation and our MlEntitiesProcessor, sorted the catalog's way),
 *    the catalog's default entity policies and rules. Its output is what the
 *    processing engine writes to refresh_state and relations.
 * 2. Stitching: what performStitching does per entity, in bulk: the
 *    processed entity plus every relation whose source it is (distinct,
 *    ordered by type then target), its sha1 stable hash as etag, a uuid as
 *    uid; the search rows from the catalog's own buildEntitySearch,
 *    de-duplicated the way syncSearchRows does.
 *
 * Only the processing engine's per-entity database round trips (the ~27
 * entities/s of a live ingest on in-memory SQLite) are skipped: rows are
 * written in bulk by catalogDb.js.
 */
const crypto = require('node:crypto');
const path = require('node:path');

const CATALOG_BACKEND = path.dirname(
  require.resolve('@backstage/plugin-catalog-backend/package.json'),
);
const internal = file => require(path.join(CATALOG_BACKEND, 'dist', file));
const stableStringify = require(require.resolve('fast-json-stable-stringify', {
  paths: [CATALOG_BACKEND],
}));

/** A logger that drops everything, with the methods the catalog calls. */
const quietLogger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return quietLogger;
  },
};

/** The orchestrator a catalog with our module builds, minus its database. */
function catalogOrchestrator(config) {
  const { ConfigReader } = require('@backstage/config');
  const { ScmIntegrations } = require('@backstage/integration');
  const catalogModel = require('@backstage/catalog-model');
  const { DefaultCatalogProcessingOrchestrator } = internal(
    'processing/DefaultCatalogProcessingOrchestrator.cjs.js',
  );
  const placeholder = internal('processors/PlaceholderProcessor.cjs.js');
  const { BuiltinKindsEntityProcessor } = internal(
    'processors/BuiltinKindsEntityProcessor.cjs.js',
  );
  const { FileReaderProcessor } = internal(
    'processors/FileReaderProcessor.cjs.js',
  );
  const { UrlReaderProcessor } = internal(
    'processors/UrlReaderProcessor.cjs.js',
  );
  const { AnnotateLocationEntityProcessor } = internal(
    'processors/AnnotateLocationEntityProcessor.cjs.js',
  );
  const { DefaultCatalogRulesEnforcer } = internal(
    'ingestion/CatalogRules.cjs.js',
  );
  const { filterAndSortProcessors } = internal('service/util.cjs.js');
  const { defaultEntityDataParser } = internal('util/parse.cjs.js');
  const {
    MlEntitiesProcessor,
  } = require('@ml-marketplace/plugin-catalog-backend-module-ml/src/processor/MlEntitiesProcessor');

  const reader = {
    readUrl: async () => {
      throw new Error('no URL reading in the bench');
    },
    readTree: async () => {
      throw new Error('no URL reading in the bench');
    },
    search: async () => {
      throw new Error('no URL reading in the bench');
    },
  };
  const conf = new ConfigReader(config);
  const integrations = ScmIntegrations.fromConfig(conf);
  const processors = filterAndSortProcessors(
    [
      new placeholder.PlaceholderProcessor({
        resolvers: {
          json: placeholder.jsonPlaceholderResolver,
          yaml: placeholder.yamlPlaceholderResolver,
          text: placeholder.textPlaceholderResolver,
        },
        reader,
        integrations,
      }),
      new BuiltinKindsEntityProcessor(),
      new FileReaderProcessor(),
      new UrlReaderProcessor({ reader, logger: quietLogger }),
      new AnnotateLocationEntityProcessor({ integrations }),
      new MlEntitiesProcessor(),
    ],
    conf,
  );
  const policy = catalogModel.EntityPolicies.allOf([
    new catalogModel.SchemaValidEntityPolicy(),
    new catalogModel.DefaultNamespaceEntityPolicy(),
    new catalogModel.NoForeignRootFieldsEntityPolicy(),
    new catalogModel.FieldFormatEntityPolicy(catalogModel.makeValidator()),
  ]);
  return new DefaultCatalogProcessingOrchestrator({
    processors,
    integrations,
    rulesEnforcer: DefaultCatalogRulesEnforcer.fromConfig(conf),
    logger: quietLogger,
    parser: defaultEntityDataParser,
    policy,
  });
}

const refOf = ({ kind, namespace, name }) =>
  `${kind}:${namespace ?? 'default'}/${name}`.toLocaleLowerCase('en-US');

/**
 * Processes and stitches `docs`; calls `onEntity(row)` once per stitched
 * entity, in input order, with { entityId, entityRef, unprocessed, processed,
 * final (the JSON of final_entities.final_entity), hash, resultHash,
 * locationKey, relations (rows this entity originated), search (rows) }.
 * Returns timings and counts.
 */
async function catalogSnapshot(docs, { location, config }, onEntity) {
  const { stringifyEntityRef } = require('@backstage/catalog-model');
  const { buildEntitySearch } = internal(
    'database/operations/stitcher/buildEntitySearch.cjs.js',
  );
  const { NULL_SENTINEL } = internal(
    'database/operations/stitcher/util.cjs.js',
  );
  const orchestrator = catalogOrchestrator(config);

  // 1. Processing.
  const t0 = Date.now();
  const processed = [];
  const bySource = new Map();
  const errors = [];
  for (const doc of docs) {
    const unprocessed = {
      ...doc,
      metadata: {
        ...doc.metadata,
        annotations: {
          ...doc.metadata.annotations,
          'backstage.io/managed-by-origin-location': location,
          'backstage.io/managed-by-location': location,
        },
      },
    };
    const result = await orchestrator.process({
      entity: unprocessed,
      state: {},
    });
    if (!result.ok) {
      errors.push(`${refOf(doc.metadata)}: ${result.errors.join('; ')}`);
      continue;
    }
    const relations = result.relations.map(r => ({
      source_entity_ref: stringifyEntityRef(r.source),
      type: r.type,
      target_entity_ref: stringifyEntityRef(r.target),
    }));
    for (const r of relations) {
      let set = bySource.get(r.source_entity_ref);
      if (!set) bySource.set(r.source_entity_ref, (set = new Set()));
      set.add(`${r.type}\0${r.target_entity_ref}`);
    }
    const entity = result.completedEntity;
    processed.push({
      entityId: crypto.randomUUID(),
      entityRef: stringifyEntityRef(entity),
      unprocessed: JSON.stringify(unprocessed),
      processed: JSON.stringify(entity),
      cache: JSON.stringify(result.state ?? {}),
      resultHash: crypto
        .createHash('sha1')
        .update('[]')
        .update(stableStringify({ ...entity }))
        .update(stableStringify(result.relations.map(stableStringify).sort()))
        .digest('hex'),
      relations,
    });
  }
  const processSeconds = (Date.now() - t0) / 1000;

  // 2. Stitching.
  const t1 = Date.now();
  let searchRows = 0;
  let relationRows = 0;
  for (const p of processed) {
    const entity = JSON.parse(p.processed);
    entity.relations = [...(bySource.get(p.entityRef) ?? [])]
      .map(key => key.split('\0'))
      .sort(([ta, ra], [tb, rb]) =>
        ta < tb ? -1 : ta > tb ? 1 : ra < rb ? -1 : Number(ra > rb),
      )
      .map(([type, targetRef]) => ({ type, targetRef }));
    const hash = crypto
      .createHash('sha1')
      .update(stableStringify({ ...entity }))
      .digest('hex');
    entity.metadata.uid = p.entityId;
    if (!entity.metadata.etag) entity.metadata.etag = hash;
    const dedup = new Map();
    for (const row of buildEntitySearch(p.entityId, entity)) {
      const k = `${row.key}\0${row.value === null ? NULL_SENTINEL : row.value}`;
      if (!dedup.has(k)) dedup.set(k, row);
    }
    searchRows += dedup.size;
    relationRows += p.relations.length;
    onEntity({
      ...p,
      final: JSON.stringify(entity),
      hash,
      locationKey: location,
      search: [...dedup.values()],
    });
  }
  return {
    processSeconds,
    stitchSeconds: (Date.now() - t1) / 1000,
    entities: processed.length,
    searchRows,
    relationRows,
    errors,
  };
}

module.exports = { catalogSnapshot };
