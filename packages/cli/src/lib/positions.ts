import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
} from 'yaml';

/** 1-based line and column, as editors and GitHub annotations count them. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Where a field of an entity is written in its YAML document: the offending value
 * when it exists, the key itself when `pointAtKey` is set (an unknown key is the
 * mistake, not its value), otherwise the closest parent key that does exist, and
 * the document start when not even the first segment exists.
 */
export function locate(
  doc: Document,
  lineCounter: LineCounter,
  segments: ReadonlyArray<string | number>,
  options: { pointAtKey?: boolean } = {},
): Position {
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let anchor = documentStart(doc);
  let node: unknown = doc.contents;

  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        p =>
          isPair(p) &&
          isScalar(p.key) &&
          String(p.key.value) === String(segment),
      );
      if (!pair || !isNode(pair.key) || !pair.key.range) return at(anchor);
      anchor = pair.key.range[0];
      if (last && options.pointAtKey) return at(anchor);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!isNode(item) || !item.range) return at(anchor);
      anchor = item.range[0];
      node = item;
    } else {
      return at(anchor);
    }
  }
  // `owner:` with nothing after it holds an empty scalar; its key is the better spot.
  if (isNode(node) && node.range && node.range[1] > node.range[0])
    return at(node.range[0]);
  return at(anchor);
}

/** Offset of a document's first key, or of its `---` when it has no content. */
function documentStart(doc: Document): number {
  const contents = doc.contents;
  if (isNode(contents) && contents.range) return contents.range[0];
  return doc.range?.[0] ?? 0;
}

/** The position of a document's start, for problems that concern it as a whole. */
export function locateDocument(
  doc: Document,
  lineCounter: LineCounter,
): Position {
  const { line, col } = lineCounter.linePos(documentStart(doc));
  return { line, column: col };
}
