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
  /** The YAML header (front matter). */
  header: Record<string, unknown>;
  sections: CardSection[];
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
 * Splits a Hugging Face README.md into its YAML header and its markdown sections.
 * Throws a one-line CliError naming `file` (and the line, for broken YAML) when
 * the header is missing or cannot be read.
 */
export function parseHfCard(file: string, source: string): HfCard {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    throw new CliError(
      `${file} has no YAML front matter: a Hugging Face model card starts with a "---" line, the YAML header (license, tags, …) and a closing "---" line`,
    );
  }
  const close = lines.findIndex(
    (line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line),
  );
  if (close < 0) {
    throw new CliError(
      `${file}: the YAML front matter opened on line 1 is never closed with a "---" line`,
    );
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.slice(1, close).join('\n'), { lineCounter });
  if (doc.errors.length > 0) {
    const [error] = doc.errors;
    const { line, col } = lineCounter.linePos(error.pos[0]);
    // +1: the header starts on the line after the opening `---`.
    throw new CliError(
      `${file}:${
        line + 1
      }:${col}: broken YAML in the front matter: ${firstLineOf(error.message)}`,
    );
  }
  const header = doc.toJS();
  if (header === null || header === undefined) {
    throw new CliError(
      `${file}: the YAML front matter is empty; a Hugging Face card header holds at least license and tags`,
    );
  }
  if (!isObject(header)) {
    throw new CliError(
      `${file}:2: the YAML front matter must be a mapping of keys such as license and tags`,
    );
  }
  return { header, sections: sectionsOf(lines.slice(close + 1), close + 2) };
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
        finish();
        current = {
          heading: heading[2],
          level: heading[1].length,
          line: firstLine + i,
          key: headingKey(heading[2]),
          lines: [],
        };
        return;
      }
    }
    current.lines.push(line);
  });
  finish();
  return sections;
}
