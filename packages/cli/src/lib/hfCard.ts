import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { firstLineOf, isObject } from './catalogDocuments';
import { CliError } from './io';
import { plainText } from './markdownText';

/** One markdown heading and the text up to the next heading of any level. */
export interface CardSection {
  heading: string;
  /** 1 for `#`, 2 for `##`, …; 0 for the text before the first heading. */
  level: number;
  /** 1-based line of the heading in the file. */
  line: number;
  /** The heading normalised for matching: `Bias, Risks, & Limitations` → `bias risks and limitations`. */
  key: string;
  body: string;
}

export interface HfCard {
  /** The YAML header (front matter); empty when the card has none. */
  header: Record<string, unknown>;
  sections: CardSection[];
  /** What the owner must not miss about the card as a whole: a missing or ignored header, no text. */
  warnings: string[];
}

export function headingKey(heading: string): string {
  return plainText(heading)
    .toLocaleLowerCase('en-US')
    .replace(/\[optional\]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The target when the whole card is one relative path such as
 * `../common/README.md`: what git writes for a symbolic link when it checks
 * out without symlink support (core.symlinks=false, as on Windows).
 */
export function symlinkTarget(source: string): string | undefined {
  const text = source.replace(/^\uFEFF/, '').trim();
  if (text.includes('\n') || text.includes('://') || /\s/.test(text))
    return undefined;
  return /^[^<>|*?"#]+$/.test(text) &&
    (text.includes('/') || /\.(md|markdown|txt)$/i.test(text))
    ? text
    : undefined;
}

/**
 * Splits a Hugging Face README.md into its YAML header and its markdown sections.
 * Like Hugging Face's own loader it accepts blank lines before the header, CRLF
 * line ends and no header at all (then `warnings` says so). Throws a one-line
 * CliError naming `file` (and the line) when the header is broken or unclosed,
 * or the file holds no card.
 */
export function parseHfCard(file: string, source: string): HfCard {
  const target = symlinkTarget(source);
  if (target) {
    throw new CliError(
      `${file} holds only the path "${target}": it is a symbolic link that git checked out as a plain file (core.symlinks is off, as on Windows). Pass the file it points to instead: ml-marketplace import-hf ${path.join(
        path.dirname(file),
        target,
      )}`,
    );
  }
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.every(line => !line.trim())) {
    throw new CliError(`${file} is empty: there is no model card to import`);
  }
  const open = lines.findIndex(line => line.trim());
  if (lines[open].trim() !== '---') {
    return {
      header: {},
      sections: sectionsOf(lines, 1),
      warnings: [
        `${file} has no YAML header (front matter): imported from the markdown alone. Add spec.license, metadata.tags and spec.evaluation by hand`,
      ],
    };
  }
  const close = lines.findIndex(
    (line, i) => i > open && /^(---|\.\.\.)\s*$/.test(line),
  );
  if (close < 0) {
    throw new CliError(
      `${file}: the YAML front matter opened on line ${
        open + 1
      } is never closed with a "---" line`,
    );
  }

  const warnings: string[] = [];
  const header = headerOf(
    file,
    lines.slice(open + 1, close),
    open + 2,
    warnings,
  );
  const body = lines.slice(close + 1);
  if (body.every(line => !line.trim())) {
    warnings.push(
      `${file} has a YAML header but no markdown after it: the model card (description, intended use, limitations) is left empty`,
    );
  }
  return { header, sections: sectionsOf(body, close + 2), warnings };
}

/** The front matter as a mapping; one that is empty or not a mapping is ignored with a warning. */
function headerOf(
  file: string,
  lines: string[],
  firstLine: number,
  warnings: string[],
): Record<string, unknown> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.join('\n'), { lineCounter });
  if (doc.errors.length > 0) {
    const [error] = doc.errors;
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new CliError(
      `${file}:${
        line + firstLine - 1
      }:${col}: broken YAML in the front matter: ${firstLineOf(error.message)}`,
    );
  }
  let header: unknown;
  try {
    header = doc.toJS();
  } catch {
    // The yaml package stops expanding aliases past its maxAliasCount.
    throw new CliError(
      `${file}:${firstLine}: the YAML front matter uses too many aliases (*name) to be read; write the repeated values out`,
    );
  }
  if (header === null || header === undefined) {
    warnings.push(
      `${file}:${
        firstLine - 1
      }: the YAML front matter is empty: imported from the markdown alone`,
    );
    return {};
  }
  if (!isObject(header)) {
    warnings.push(
      `${file}:${firstLine}: the YAML front matter is ${
        Array.isArray(header) ? 'a list' : 'a single value'
      }, not a mapping of keys such as license and tags: ignored it and imported from the markdown alone`,
    );
    return {};
  }
  return header;
}

/** Headings outside code fences and HTML comments start sections. */
function sectionsOf(lines: string[], firstLine: number): CardSection[] {
  // Blank out comments (the HF template is full of them) but keep line numbers.
  const text = lines
    .join('\n')
    .replace(/<!--[\s\S]*?-->/g, comment => comment.replace(/[^\n]/g, ''));
  const sections: CardSection[] = [];
  let current = {
    heading: '',
    level: 0,
    line: firstLine,
    key: '',
    lines: [] as string[],
  };
  const finish = () => {
    const { lines: body, ...section } = current;
    sections.push({ ...section, body: body.join('\n').trim() });
  };
  const start = (heading: string, level: number, line: number) => {
    finish();
    current = { heading, level, line, key: headingKey(heading), lines: [] };
  };
  let fence: string | undefined;
  text.split('\n').forEach((line, i) => {
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (line.trim().startsWith(fence)) fence = undefined;
    } else if (fenceMark) {
      fence = fenceMark;
    } else {
      const heading = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
      if (heading) {
        start(heading[2], heading[1].length, firstLine + i);
        return;
      }
      const title = setextTitle(current.lines, line);
      if (title) {
        current.lines.pop();
        start(title.text, title.level, firstLine + i - 1);
        return;
      }
    }
    current.lines.push(line);
  });
  finish();
  return sections;
}

/**
 * A heading underlined with `===` (level 1) or `---` (level 2), as older and
 * hand-written cards write them: `line` is the underline, `before` the text
 * above it. Only a one-line paragraph counts, so a `---` rule after a longer
 * paragraph stays a rule.
 */
function setextTitle(
  before: string[],
  line: string,
): { text: string; level: number } | undefined {
  const underline = /^\s{0,3}(={3,}|-{3,})\s*$/.exec(line)?.[1];
  const text = before[before.length - 1];
  const above = before[before.length - 2];
  if (!underline || !text?.trim() || above?.trim()) return undefined;
  // Not a list item, table row, quote, HTML or indented code.
  if (/^(\s{4}|\s*([-*+>]\s|\d+[.)]\s|[|<]))/.test(text)) return undefined;
  return { text: text.trim(), level: underline[0] === '=' ? 1 : 2 };
}
