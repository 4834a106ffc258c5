/** A run of markdown between blank lines; a fenced code block is one block. */
export interface MarkdownBlock {
  kind: 'paragraph' | 'list' | 'code' | 'table';
  text: string;
}

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/**
 * Text an unfilled Hugging Face template leaves behind: `[More Information Needed]`,
 * `More information needed` (the Trainer's generated cards), `{{ placeholders }}`.
 */
export function isPlaceholder(text: string): boolean {
  const plain = plainText(text)
    .replace(/^[^:]{1,40}:\s*/, '') // `Developed by: [More Information Needed]`
    .toLocaleLowerCase('en-US')
    .trim();
  return (
    /^\[?more information needed\]?\.?$/.test(plain) ||
    /^\{\{.*\}\}$/.test(plain) ||
    plain === ''
  );
}

function blockKind(firstLine: string): MarkdownBlock['kind'] {
  if (FENCE.test(firstLine)) return 'code';
  if (LIST_ITEM.test(firstLine)) return 'list';
  return firstLine.trimStart().startsWith('|') ? 'table' : 'paragraph';
}

/** Splits a section body into blocks, dropping template placeholders. */
export function markdownBlocks(body: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let lines: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    const text = lines.join('\n').trim();
    lines = [];
    if (!text || isPlaceholder(text)) return;
    blocks.push({ kind: blockKind(text.split('\n')[0]), text });
  };
  for (const line of body.split('\n')) {
    if (fence) {
      lines.push(line);
      if (line.trim().startsWith(fence)) {
        fence = undefined;
        flush();
      }
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      flush();
      fence = open[1];
      lines.push(line);
    } else if (!line.trim()) {
      flush();
    } else {
      lines.push(line);
    }
  }
  flush();
  return blocks;
}

/** A paragraph on one line: markdown soft line breaks are spaces. */
export const unwrap = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** The items of a list block, continuation lines joined; placeholder items dropped. */
export function listItems(block: MarkdownBlock): string[] {
  const items: string[] = [];
  for (const line of block.text.split('\n')) {
    const item = LIST_ITEM.exec(line);
    if (item) items.push(item[1].trim());
    else if (items.length > 0) items[items.length - 1] += ` ${line.trim()}`;
  }
  return items.filter(item => !isPlaceholder(item));
}

/** A code block without its fence lines. */
export const unfence = (text: string) =>
  FENCE.test(text)
    ? text
        .split('\n')
        .slice(1)
        .filter((line, i, all) => i < all.length - 1 || !FENCE.test(line))
        .join('\n')
    : text;

/** Markdown reduced to its words: links to their text, emphasis, code marks and HTML tags removed. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .trim();
}

const ABBREVIATION =
  /(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|fig|al|no)|\b[A-Z])\.$/i;

/** The first sentence of a paragraph as plain text, cut at a word to at most `max` characters. */
export function firstSentence(markdown: string, max = 200): string {
  const plain = plainText(markdown);
  let end = plain.length;
  for (const match of plain.matchAll(/[.!?](?=\s|$)/g)) {
    if (!ABBREVIATION.test(plain.slice(0, match.index + 1))) {
      end = match.index + 1;
      break;
    }
  }
  const sentence = plain.slice(0, end).trim();
  return sentence.length <= max
    ? sentence
    : `${sentence.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}
