import type { Entity } from '@backstage/catalog-model';
import {
  compareSchemas,
  type SchemaField,
} from '@ml-marketplace/plugin-ml-common';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
  MlHealthCheckResult,
} from '@ml-marketplace/plugin-ml-node';
import type { DatasetSchemaRow } from '../../../database/LineageStore';
import { CatalogSnapshot } from '../CatalogSnapshot';
import { DATA_INPUT_FIELDS, declaredRefs } from './declaredRefs';
import { isMlEntity } from './isMlEntity';

/**
 * An asset whose input Dataset no longer matches its declared schema (the
 * data-contract check's error on that Dataset) may break: a column it reads
 * may be gone. A warning for the consumer, naming the input and the change.
 */
export class InputContractsCheck implements MlHealthCheck {
  readonly id = 'input-contracts';
  /** It may break, depending on the columns it reads. */
  readonly severity = 'warning' as const;
  readonly title = 'Inputs keep their declared schema';
  readonly description =
    'No input Dataset has lost or retyped a declared column, as its producers report it.';

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
      isMlEntity(entity) &&
      entity.spec?.lifecycle !== 'deprecated' &&
      declaredRefs(entity).some(r => DATA_INPUT_FIELDS.has(r.specField))
    );
  }

  async run(
    entity: Entity,
    { now, catalog }: MlHealthCheckContext,
  ): Promise<MlHealthCheckResult> {
    // Contracts are known to the sweep's own snapshot of the catalog.
    const contracts = catalog instanceof CatalogSnapshot ? catalog : undefined;
    const schemas = await this.schemasAt(now);
    const broken: string[] = [];
    let compared = 0;
    for (const input of declaredRefs(entity).filter(r =>
      DATA_INPUT_FIELDS.has(r.specField),
    )) {
      const contract = contracts?.contractOf(input.ref);
      const row = contract && schemas.get(contract.identity);
      if (!contract || !row) continue;
      compared++;
      const { removed, retyped } = compareSchemas(
        contract.columns,
        JSON.parse(row.fields) as SchemaField[],
      );
      const changes = [
        ...removed.map(c => `no longer has ${c}`),
        ...retyped.map(r => `has ${r.name} as ${r.observed}`),
      ];
      if (changes.length) {
        broken.push(`${input.ref} (${input.field}) ${changes.join(', ')}`);
      }
    }
    if (broken.length) {
      return {
        status: 'fail',
        message: `An input no longer matches its declared schema: ${broken.join(
          '; ',
        )}.`,
        fixHint:
          'Check whether it reads those columns; ask the input’s owners whether the change is intended.',
      };
    }
    const keeps: Record<number, string> = {
      0: 'None of its inputs has a reported schema to compare.',
      1: 'Its input with a reported schema keeps its declared columns.',
    };
    return {
      status: 'pass',
      message:
        keeps[compared] ??
        `Its ${compared} inputs with a reported schema keep their declared columns.`,
    };
  }
}
