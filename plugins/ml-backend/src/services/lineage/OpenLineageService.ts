import {
  openLineageSchemaFacetSchema,
  type ObservedSchema,
  type OpenLineageEvent,
  type OpenLineageIngestResult,
  type OpenLineageWarning,
} from '@ml-marketplace/plugin-ml-common';
import type {
  DatasetSchemaRow,
  LineageStore,
} from '../../database/LineageStore';
import {
  EXTERNAL_REF_PREFIX,
  type LineageEdgeRow,
  type LineageNodeRow,
} from './lineageEdges';

type Dataset = { namespace: string; name: string };

const key = (d: Dataset) => `${d.namespace}/${d.name}`;
const externalRef = (kind: 'job' | 'dataset', id: string) =>
  `${EXTERNAL_REF_PREFIX}${kind}/${encodeURIComponent(id)}`;
const externalDataset = (id: string): LineageNodeRow => ({
  ref: externalRef('dataset', id),
  kind: 'ExternalDataset',
  title: id,
  owner: null,
  lifecycle: null,
  etag: 'openlineage',
});

const NOTHING: OpenLineageIngestResult = {
  edges: 0,
  matched: [],
  external: [],
};

/**
 * Turns OpenLineage events into lineage edges: input dataset -> job -> output
 * dataset. A dataset whose `namespace/name` a catalog Dataset declares in its
 * `ml-marketplace.io/openlineage-dataset` annotation becomes that Dataset; any
 * other is kept as an external node. The latest COMPLETE run or JobEvent of a
 * job replaces that job's edges, so lineage follows what the job does now; a
 * DatasetEvent records the dataset alone.
 */
export class OpenLineageService {
  constructor(private readonly store: LineageStore) {}

  /** The schema last reported for a dataset, by its OpenLineage identity. */
  async observedSchema(identity: string): Promise<ObservedSchema | undefined> {
    const row = await this.store.schemaOf(identity);
    return row
      ? {
          fields: JSON.parse(row.fields),
          observedAt: row.observed_at,
          source: row.source,
        }
      : undefined;
  }

  async ingest(parsed: OpenLineageEvent): Promise<OpenLineageIngestResult> {
    const warnings = [...parsed.warnings];
    const result = await this.record(parsed, warnings);
    return warnings.length ? { ...result, warnings } : result;
  }

  private async record(
    { type, event }: OpenLineageEvent,
    warnings: OpenLineageWarning[],
  ): Promise<OpenLineageIngestResult> {
    switch (type) {
      case 'RunEvent': {
        // Only a finished run says what the job read and wrote.
        if (event.eventType !== 'COMPLETE') return NOTHING;
        const result = await this.recordJob(
          event.job,
          event.inputs,
          event.outputs,
        );
        // ... when its outputs were last written (data freshness), and
        // their schema as written (data contracts).
        const at = new Date(event.eventTime).toISOString();
        await this.store.recordSchemas(
          schemasOf(event.outputs, 'outputs', at, key(event.job), warnings),
        );
        await this.store.recordWrites(
          event.outputs.map(d => ({
            openlineage_key: key(d),
            written_at: at,
            job: key(event.job),
            run_id: event.run.runId,
          })),
        );
        return result;
      }
      case 'JobEvent':
        if (!event.inputs && !event.outputs) {
          warnings.push({
            field: 'inputs',
            message:
              'The JobEvent has neither inputs nor outputs, so the lineage recorded for the job was left as it was',
          });
          return NOTHING;
        }
        return this.recordJob(
          event.job,
          event.inputs ?? [],
          event.outputs ?? [],
        );
      case 'DatasetEvent':
        await this.store.recordSchemas(
          schemasOf(
            [event.dataset],
            'dataset',
            new Date(event.eventTime).toISOString(),
            'DatasetEvent',
            warnings,
          ),
        );
        return this.recordDataset(event.dataset);
      default:
        throw new Error(`Unknown OpenLineage event type ${type}`);
    }
  }

  private async recordJob(
    job: Dataset,
    inputs: Dataset[],
    outputs: Dataset[],
  ): Promise<OpenLineageIngestResult> {
    const jobId = key(job);
    const jobRef = externalRef('job', jobId);
    const datasets = [...inputs, ...outputs].map(key);
    const mapped = await this.store.refsForOpenLineageKeys([
      ...new Set(datasets),
    ]);
    const refOf = (id: string) => mapped.get(id) ?? externalRef('dataset', id);

    const nodes: LineageNodeRow[] = [
      {
        ref: jobRef,
        kind: 'OpenLineageJob',
        title: jobId,
        owner: null,
        lifecycle: null,
        etag: 'openlineage',
      },
    ];
    const external = new Set<string>();
    for (const id of datasets) {
      if (mapped.has(id) || external.has(id)) continue;
      external.add(id);
      nodes.push(externalDataset(id));
    }
    const edges: LineageEdgeRow[] = [
      ...inputs.map(d => ({
        source_ref: refOf(key(d)),
        target_ref: jobRef,
        type: 'inputOf',
        declared_by: jobRef,
      })),
      ...outputs.map(d => ({
        source_ref: jobRef,
        target_ref: refOf(key(d)),
        type: 'outputOf',
        declared_by: jobRef,
      })),
    ];
    await this.store.replaceExternal(jobRef, nodes, edges);
    return {
      edges: edges.length,
      matched: datasets.filter(id => mapped.has(id)),
      external: [...external],
    };
  }

  /** A catalog Dataset is recorded already; any other becomes an external node. */
  private async recordDataset(
    dataset: Dataset,
  ): Promise<OpenLineageIngestResult> {
    const id = key(dataset);
    const mapped = await this.store.refsForOpenLineageKeys([id]);
    if (mapped.has(id)) return { ...NOTHING, matched: [id] };
    await this.store.upsertExternalNodes([externalDataset(id)]);
    return { ...NOTHING, external: [id] };
  }
}

/**
 * The `schema` facets of these datasets as rows to record. A malformed facet
 * is skipped with a warning naming it; the rest of the event still counts.
 */
function schemasOf(
  datasets: Array<Dataset & { facets?: unknown }>,
  field: string,
  at: string,
  source: string,
  warnings: OpenLineageWarning[],
): DatasetSchemaRow[] {
  const rows: DatasetSchemaRow[] = [];
  datasets.forEach((dataset, i) => {
    const facet = (dataset.facets as { schema?: unknown } | undefined)?.schema;
    if (facet === undefined) return;
    const path = field === 'dataset' ? 'dataset' : `${field}[${i}]`;
    const parsed = openLineageSchemaFacetSchema.safeParse(facet);
    if (!parsed.success) {
      warnings.push({
        field: `${path}.facets.schema`,
        message: `The schema facet of ${key(
          dataset,
        )} was not recorded: it must hold fields, a list of { name, type }`,
      });
      return;
    }
    rows.push({
      openlineage_key: key(dataset),
      fields: JSON.stringify(
        parsed.data.fields.map(f => ({
          name: f.name,
          ...(f.type && { type: f.type }),
        })),
      ),
      observed_at: at,
      source,
    });
  });
  return rows;
}
