/**
 * Where each text and badge of a lineage node goes, and how big the node is:
 * sized to its text, the name on up to two lines, nothing overlapping.
 */
import {
  BADGE_FONT,
  KIND_FONT,
  MeasureText,
  NAME_FONT,
  ROOT_NAME_FONT,
  TextFont,
} from './textMeasure';

/** Widest a name line may be before it wraps; two lines at most. */
export const NAME_MAX_WIDTH = 240;
/** Longest certification level shown in full on the badge. */
export const BADGE_MAX_CHARS = 10;

const TEXT_X = 16; // after the 6 px colour stripe
const RIGHT_PAD = 12;
const GAP = 12;
const DOT_SIZE = 10;
const MIN_CONTENT_WIDTH = 120;
const KIND_BASELINE = 20;
const NAME_BASELINE = 42;
const LINE_HEIGHT = 18;
const BADGE_HEIGHT = 18;
const BADGE_PAD = 8;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface NodeGeometry {
  width: number;
  height: number;
  kind: { text: string; x: number; y: number; width: number };
  /** One or two lines; the last ends with `…` when the name was shortened. */
  name: { lines: string[]; x: number; y: number; lineHeight: number };
  /** True when the name had to be shortened: the full name shows on hover. */
  shortened: boolean;
  badge?: Box & { text: string; textY: number };
  dot?: { cx: number; cy: number; r: number };
  /** Boxes of the node's texts and badges, for checks that none overlap. */
  boxes: Array<Box & { what: string }>;
}

export interface NodeGeometryInput {
  kindText: string;
  name: string;
  isRoot: boolean;
  certification?: string;
  health?: string;
}

const ellipsize = (text: string) => `${text.trimEnd()}…`;

/** The longest prefix of `text`, plus `…`, no wider than `max`. */
function shorten(
  text: string,
  max: number,
  font: TextFont,
  measure: MeasureText,
): string {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(ellipsize(text.slice(0, mid)), font) <= max) lo = mid;
    else hi = mid - 1;
  }
  return ellipsize(text.slice(0, lo));
}

/** Positions after which a name may wrap: spaces, `-`, `_`, `/`, `.`, `:`. */
function breaks(text: string): number[] {
  const at: number[] = [];
  for (let i = 1; i < text.length; i++) {
    if (/[\s\-_/.:]/.test(text[i - 1])) at.push(i);
  }
  return at;
}

/**
 * The name on one line when it fits, else on two, broken where the lines are
 * most even; shortened with `…` only when two lines cannot hold it.
 */
export function wrapName(
  name: string,
  font: TextFont,
  measure: MeasureText,
  max = NAME_MAX_WIDTH,
): { lines: string[]; shortened: boolean } {
  if (measure(name, font) <= max) return { lines: [name], shortened: false };
  let best: { lines: string[]; widest: number } | undefined;
  for (const at of breaks(name)) {
    const first = name.slice(0, at).trimEnd();
    const second = name.slice(at).trimStart();
    const widest = Math.max(measure(first, font), measure(second, font));
    if (widest <= max && (!best || widest < best.widest)) {
      best = { lines: [first, second], widest };
    }
  }
  if (best) return { lines: best.lines, shortened: false };
  // Two lines cannot hold it: fill the first at a break (or anywhere in one
  // long word), shorten the second.
  const fitting = breaks(name).filter(
    at => measure(name.slice(0, at).trimEnd(), font) <= max,
  );
  let at = fitting.length ? fitting[fitting.length - 1] : 0;
  if (at < name.length / 3) {
    const first = shorten(name, max, font, measure);
    at = first.length - 1;
  }
  const second = name.slice(at).trimStart();
  return {
    lines: [
      name.slice(0, at).trimEnd(),
      measure(second, font) <= max
        ? second
        : shorten(second, max, font, measure),
    ],
    shortened: measure(second, font) > max,
  };
}

export function nodeGeometry(
  input: NodeGeometryInput,
  measure: MeasureText,
): NodeGeometry {
  const nameFont = input.isRoot ? ROOT_NAME_FONT : NAME_FONT;
  const kindWidth = measure(input.kindText, KIND_FONT);
  const { lines, shortened } = wrapName(input.name, nameFont, measure);
  const nameWidth = Math.max(...lines.map(line => measure(line, nameFont)));

  let badgeText: string | undefined;
  let badgeWidth = 0;
  if (input.certification) {
    badgeText =
      input.certification.length > BADGE_MAX_CHARS
        ? ellipsize(input.certification.slice(0, BADGE_MAX_CHARS - 1))
        : input.certification;
    badgeWidth = measure(badgeText, BADGE_FONT) + 2 * BADGE_PAD;
  }
  const topRow =
    kindWidth +
    (badgeText ? GAP + badgeWidth : 0) +
    (input.health ? GAP + DOT_SIZE : 0);
  const width = Math.ceil(
    TEXT_X + Math.max(MIN_CONTENT_WIDTH, topRow, nameWidth) + RIGHT_PAD,
  );
  const height = NAME_BASELINE + (lines.length - 1) * LINE_HEIGHT + 12;

  const boxes: NodeGeometry['boxes'] = [
    {
      what: 'kind',
      x: TEXT_X,
      y: KIND_BASELINE - KIND_FONT.size,
      width: kindWidth,
      height: KIND_FONT.size + 3,
    },
    ...lines.map((_, i) => ({
      what: `name line ${i + 1}`,
      x: TEXT_X,
      y: NAME_BASELINE + i * LINE_HEIGHT - nameFont.size,
      width: measure(lines[i], nameFont),
      height: nameFont.size + 4,
    })),
  ];

  let right = width - RIGHT_PAD;
  let dot: NodeGeometry['dot'];
  if (input.health) {
    dot = { cx: right - DOT_SIZE / 2, cy: KIND_BASELINE - 5, r: DOT_SIZE / 2 };
    boxes.push({
      what: 'health',
      x: right - DOT_SIZE,
      y: dot.cy - dot.r,
      width: DOT_SIZE,
      height: DOT_SIZE,
    });
    right -= DOT_SIZE + GAP;
  }
  let badge: NodeGeometry['badge'];
  if (badgeText) {
    badge = {
      text: badgeText,
      x: right - badgeWidth,
      y: KIND_BASELINE - 14,
      width: badgeWidth,
      height: BADGE_HEIGHT,
      textY: KIND_BASELINE - 1,
    };
    boxes.push({ what: 'certification', ...badge });
  }

  return {
    width,
    height,
    kind: {
      text: input.kindText,
      x: TEXT_X,
      y: KIND_BASELINE,
      width: kindWidth,
    },
    name: { lines, x: TEXT_X, y: NAME_BASELINE, lineHeight: LINE_HEIGHT },
    shortened,
    badge,
    dot,
    boxes,
  };
}
