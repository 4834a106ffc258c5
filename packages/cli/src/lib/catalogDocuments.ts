import fs from 'node:fs/promises';
import {
  LineCounter,
  isScalar,
  parseAllDocuments,
  visit,
  type Document,
} from 'yaml';
import { displayPath } from './inputs';
import { locate, locateDocument, type Position } from './positions';
import type { Problem, Severity } from './problems';

/** kind, namespace and name of an entity, and the ref that names it. */
export interface EntityIdentity {
  kind: string;
  namespace: string;
  name: string;
  /** `model:default/churn-model`, as the catalog writes refs. */
  ref: string;
  /** The ref lower-cased: the catalog compares refs case-insensitively. */
  key: string;
}

/** One YAML document of one file, with what is needed to point into it. */
export interface CatalogDocument {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  value: unknown;
  /** Set when the document names an entity: kind and metadata.name are strings. */
  entity?: EntityIdentity;
  /** The document cannot be checked: broken YAML, or too many aliases to read. */
  hasSyntaxErrors: boolean;
}

export function identityOf(
  kind: string,
  namespace: string,
  name: string,
): EntityIdentity {
  const ref = `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`;
  return { kind, namespace, name, ref, key: ref.toLocaleLowerCase('en-US') };
}

function identify(value: unknown): EntityIdentity | undefined {
  if (
    !isObject(value) ||
    typeof value.kind !== 'string' ||
    !isObject(value.metadata)
  )
    return undefined;
  const { name, namespace } = value.metadata;
  if (typeof name !== 'string') return undefined;
  return identityOf(
    value.kind,
    typeof namespace === 'string' ? namespace : 'default',
    name,
  );
}

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where `segments` is written in the document; see `locate`. */
export function positionIn(
  document: CatalogDocument,
  segments: ReadonlyArray<string | number>,
  options?: { pointAtKey?: boolean },
): Position {
  return segments.length === 0
    ? locateDocument(document.doc, document.lineCounter)
    : locate(document.doc, document.lineCounter, segments, options);
}

/** A problem about one field of one document. */
export function problemIn(
  document: CatalogDocument,
  at: {
    segments: ReadonlyArray<string | number>;
    field?: string;
    pointAtKey?: boolean;
  },
  message: string,
  severity: Severity = 'error',
): Problem {
  return {
    file: document.file,
    ...positionIn(document, at.segments, at),
    entityRef: document.entity?.ref,
    field: at.field,
    message,
    severity,
  };
}

/** `Map keys must be unique at line 12, column 1:\n…` → `Map keys must be unique` */
export function firstLineOf(yamlMessage: string): string {
  return yamlMessage.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

const TOO_MANY_ALIASES =
  'uses too many YAML aliases: expanded, they would repeat their values so often that the document cannot be read. Write the repeated values out, or use fewer *aliases';

/**
 * Reads every YAML document of a file with positions. Syntax errors become
 * problems at their own position.
 */
export async function readCatalogFile(
  cwd: string,
  absolutePath: string,
): Promise<{ documents: CatalogDocument[]; problems: Problem[] }> {
  const file = displayPath(cwd, absolutePath);
  let source: string;
  try {
    source = await fs.readFile(absolutePath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return {
      documents: [],
      problems: [
        {
          file,
          line: 1,
          column: 1,
          message: `cannot be read (${reason})`,
          severity: 'error',
        },
      ],
    };
  }

  const lineCounter = new LineCounter();
  const documents: CatalogDocument[] = [];
  const problems: Problem[] = [];
  for (const doc of parseAllDocuments(source, { lineCounter })) {
    const { value, aliasOffset } = valueOf(doc);
    const document: CatalogDocument = {
      file,
      doc,
      lineCounter,
      value,
      // An alias bomb has no value, but its kind and name are plain scalars.
      entity: identify(aliasOffset === undefined ? value : envelopeOf(doc)),
      hasSyntaxErrors: doc.errors.length > 0 || aliasOffset !== undefined,
    };
    if (aliasOffset !== undefined) {
      const { line, col } = lineCounter.linePos(aliasOffset);
      problems.push({
        file,
        line,
        column: col,
        entityRef: document.entity?.ref,
        message: TOO_MANY_ALIASES,
        severity: 'error',
      });
    }
    for (const [severity, list] of [
      ['error', doc.errors],
      ['warning', doc.warnings],
    ] as const) {
      for (const issue of list) {
        const { line, col } = lineCounter.linePos(issue.pos[0]);
        problems.push({
          file,
          line,
          column: col,
          entityRef: document.entity?.ref,
          message: `YAML ${
            severity === 'error' ? 'syntax error' : 'warning'
          }: ${firstLineOf(issue.message)}`,
          severity,
        });
      }
    }
    // A trailing `---` or a comment-only document holds nothing: an empty scalar.
    const contents = doc.contents;
    const empty =
      contents === null ||
      (isScalar(contents) && contents.range?.[0] === contents.range?.[1]);
    if (empty && !document.hasSyntaxErrors) continue;
    documents.push(document);
  }
  return { documents, problems };
}

/**
 * The document as plain data. The yaml package refuses to expand aliases
 * beyond its maxAliasCount (100) rather than exhaust memory; then there is no
 * value, and `aliasOffset` points at the first alias.
 */
function valueOf(doc: Document): { value: unknown; aliasOffset?: number } {
  try {
    return { value: doc.toJS() };
  } catch (error) {
    // "Excessive alias count indicates a resource exhaustion attack"
    if (!/alias count/i.test(String(error))) return { value: undefined };
    let aliasOffset = 0;
    visit(doc, {
      Alias(_key, node) {
        aliasOffset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    return { value: undefined, aliasOffset };
  }
}

/** kind and metadata name and namespace, read from the nodes without expanding aliases. */
function envelopeOf(doc: Document): unknown {
  const scalar = (path: string[]) => {
    const node = doc.getIn(path, true);
    return isScalar(node) ? node.value : undefined;
  };
  return {
    kind: scalar(['kind']),
    metadata: {
      name: scalar(['metadata', 'name']),
      namespace: scalar(['metadata', 'namespace']),
    },
  };
}
