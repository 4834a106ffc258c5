import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_OPENLINEAGE_DATASET,
  compareSchemas,
  type SchemaField,
} from '@ml-marketplace/plugin-ml-common';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import type { DatasetSchemaRow } from '../../../database/LineageStore';
import { kindIs } from './isMlEntity';

/** A Dataset's declared columns, from `spec.schema.columns`. */
export function declaredColumns(entity: Entity): SchemaField[] {
  const columns = (entity.spec?.schema as { columns?: unknown } | undefined)
    ?.columns;
  if (!Array.isArray(columns)) return [];
  return columns
    .filter(
      (c): c is { name: string; type?: unknown } =>
        !!c && typeof c === 'object' && typeof c.name === 'string',
    )
    .map(c => ({
      name: c.name,
      ...(typeof c.type === 'string' && { type: c.type }),
    }));
}

const list = (names: string[]) => names.join(', ');

/**
 * A Dataset's declared schema is its contract with whoever reads it. This
 * compares it with the schema its producers last reported over OpenLineage:
 * a declared column gone or retyped breaks readers (an error); a column the
 * data has but the declaration does not list is advice. A dataset whose
 * schema nobody reported is "not observed", advice.
 */
export class DataContractCheck implements MlHealthCheck {
  readonly id = 'data-contract';
  /** Readers that select a removed or retyped column break. */
  readonly severity = 'error' as const;
  readonly title = 'Data matches its declared schema';
  readonly description =
    'The schema reported over OpenLineage has every declared column, with its type.';

  /**
   * @param schemasAt the schemas reported over OpenLineage, by dataset key, as
   *   of a sweep (see perSweep).
   */
  constructor(
    private readonly schemasAt: (
      now: Date,
    ) => Promise<Map<string, DatasetSchemaRow>>,
  ) {}

  appliesTo(entity: Entity): boolean {
    return (
      kindIs(entity, 'Dataset') &&
      declaredColumns(entity).length > 0 &&
      !!entity.metadata.annotations?.[ANNOTATION_OPENLINEAGE_DATASET] &&
      entity.spec?.lifecycle !== 'deprecated'
    );
  }

  async run(
    entity: Entity,
    { now }: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult> {
    const identity =
      entity.metadata.annotations![ANNOTATION_OPENLINEAGE_DATASET];
    const row = (await this.schemasAt(now)).get(identity);
    if (!row) {
      return {
        status: 'warn',
        severity: 'advice',
        message: `Not observed: no OpenLineage event has reported the schema of ${identity}, so its declared columns are not checked.`,
        fixHint:
          'Have the job that writes it send the schema dataset facet with its OpenLineage events (most integrations do).',
      };
    }
    const observed = JSON.parse(row.fields) as SchemaField[];
    const { removed, retyped, added } = compareSchemas(
      declaredColumns(entity),
      observed,
    );
    const source =
      row.source === 'DatasetEvent' ? 'a DatasetEvent' : `job ${row.source}`;
    if (removed.length || retyped.length) {
      const broken = [
        ...(removed.length ? [`no longer has ${list(removed)}`] : []),
        ...retyped.map(
          r => `has ${r.name} as ${r.observed}, declared ${r.declared}`,
        ),
      ];
      return {
        status: 'fail',
        message: `The data breaks its declared schema: as reported by ${source}, it ${broken.join(
          '; ',
        )}.`,
        fixHint: `If the change is intended, update spec.schema.columns and tell the teams that read it; otherwise fix ${source}.`,
      };
    }
    if (added.length) {
      return {
        status: 'warn',
        severity: 'advice',
        message: `Has columns the declaration does not list: ${list(added)}.`,
        fixHint:
          'Add them to spec.schema.columns (with a description and pii) so readers know what they hold.',
      };
    }
    return {
      status: 'pass',
      message: `Every declared column is in the data with its type, as reported by ${source}.`,
    };
  }
}
