import { z } from 'zod';
import { entityRefParam } from './queryParams';

/**
 * A Dataset's declared columns against the schema its producers last
 * reported over OpenLineage (the `schema` dataset facet): its data contract.
 */

/** Query of `GET /datasets/schema`. */
export const datasetSchemaQuerySchema = z.object({
  entityRef: entityRefParam('dataset:default/customers'),
});

/** The OpenLineage `schema` dataset facet, as far as the contract needs it. */
export const openLineageSchemaFacetSchema = z.looseObject({
  fields: z.array(
    z.looseObject({
      name: z.string().min(1),
      type: z.string().optional(),
    }),
  ),
});

export interface SchemaField {
  name: string;
  type?: string;
}

/** The schema last reported for a dataset. */
export interface ObservedSchema {
  fields: SchemaField[];
  /** eventTime of the event that carried it (ISO 8601 UTC). */
  observedAt: string;
  /** The job (`namespace/name`) or `DatasetEvent` that reported it. */
  source: string;
}

/** How the data differs from the declared columns. */
export interface SchemaDifferences {
  /** Declared columns the data no longer has: consumers that read them break. */
  removed: string[];
  /** Columns whose type in the data is not the declared one. */
  retyped: Array<{ name: string; declared: string; observed: string }>;
  /** Columns in the data that the declaration does not list. */
  added: string[];
}

/** Answer of `GET /datasets/schema`. */
export interface DatasetSchemaResponse {
  entityRef: string;
  /** Its `ml-marketplace.io/openlineage-dataset` identity, when declared. */
  identity?: string;
  /** The last schema reported for it, when any was. */
  observed?: ObservedSchema;
  /** Against the declared columns, when both are known. */
  differences?: SchemaDifferences;
}

/**
 * Type families that name the same thing in YAML and in a warehouse's own
 * words: `string` and `VARCHAR(255)`, `int` and `BIGINT`.
 */
const TYPE_FAMILIES: Array<[string, RegExp]> = [
  [
    'string',
    /^(string|str|text|varchar|char|character varying|nvarchar|utf8)\b/,
  ],
  [
    'integer',
    /^(int|integer|bigint|smallint|tinyint|long|short|int8|int16|int32|int64|uint\d*)\b/,
  ],
  ['float', /^(float|double|real|float32|float64|double precision)\b/],
  ['decimal', /^(decimal|numeric|number)\b/],
  ['boolean', /^(bool|boolean)\b/],
  [
    'timestamp',
    /^(timestamp|datetime|timestamptz|timestamp with time zone|timestamp without time zone)\b/,
  ],
  ['date', /^date\b/],
];

/** A type's family ("VARCHAR(255)" -> string), or the type as written, lower case. */
export function typeFamily(type: string): string {
  const lower = type.trim().toLocaleLowerCase('en-US');
  return TYPE_FAMILIES.find(([, pattern]) => pattern.test(lower))?.[0] ?? lower;
}

/** The differences between declared columns and an observed schema; names match in any case. */
export function compareSchemas(
  declared: SchemaField[],
  observed: SchemaField[],
): SchemaDifferences {
  const key = (name: string) => name.toLocaleLowerCase('en-US');
  const seen = new Map(observed.map(f => [key(f.name), f]));
  const listed = new Set(declared.map(f => key(f.name)));
  const removed: string[] = [];
  const retyped: SchemaDifferences['retyped'] = [];
  for (const column of declared) {
    const field = seen.get(key(column.name));
    if (!field) {
      removed.push(column.name);
    } else if (
      column.type &&
      field.type &&
      typeFamily(column.type) !== typeFamily(field.type)
    ) {
      retyped.push({
        name: column.name,
        declared: column.type,
        observed: field.type,
      });
    }
  }
  const added = observed.filter(f => !listed.has(key(f.name))).map(f => f.name);
  return { removed, retyped, added };
}
