import type {
  OpenLineageIngestResult,
  OpenLineageRunEvent,
} from '@ml-marketplace/plugin-ml-common';
import type { LineageStore } from '../../database/LineageStore';
import {
  EXTERNAL_REF_PREFIX,
  type LineageEdgeRow,
  type LineageNodeRow,
} from './lineageEdges';

const key = (d: { namespace: string; name: string }) =>
  `${d.namespace}/${d.name}`;
const externalRef = (kind: 'job' | 'dataset', id: string) =>
  `${EXTERNAL_REF_PREFIX}${kind}/${encodeURIComponent(id)}`;

/**
 * Turns OpenLineage run events into lineage edges: input dataset -> job ->
 * output dataset. A dataset whose `namespace/name` a catalog Dataset declares
 * in its `ml-marketplace.io/openlineage-dataset` annotation becomes that
 * Dataset; any other is kept as an external node. The latest COMPLETE run of a
 * job replaces that job's edges, so lineage follows what the job does now.
 */
export class OpenLineageService {
  constructor(private readonly store: LineageStore) {}

  async ingest(event: OpenLineageRunEvent): Promise<OpenLineageIngestResult> {
    if (event.eventType !== 'COMPLETE') {
      return { edges: 0, matched: [], external: [] };
    }
    const jobId = key(event.job);
    const jobRef = externalRef('job', jobId);
    const datasets = [...event.inputs, ...event.outputs].map(key);
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
      nodes.push({
        ref: externalRef('dataset', id),
        kind: 'ExternalDataset',
        title: id,
        owner: null,
        lifecycle: null,
        etag: 'openlineage',
      });
    }
    const edges: LineageEdgeRow[] = [
      ...event.inputs.map(d => ({
        source_ref: refOf(key(d)),
        target_ref: jobRef,
        type: 'inputOf',
        declared_by: jobRef,
      })),
      ...event.outputs.map(d => ({
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
}
