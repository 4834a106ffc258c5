/**
 * Widths of the graph's texts before they are drawn, so that nodes and edge
 * labels are sized to their text in one layout pass (no render, measure,
 * lay out again).
 */

/** The fonts the graph draws with; every one at least the readable minimum. */
export interface TextFont {
  size: number;
  bold?: boolean;
  uppercase?: boolean;
  /** Extra pixels after each character (CSS letter-spacing). */
  letterSpacing?: number;
}

/** The width in pixels of a text drawn in a font. */
export type MeasureText = (text: string, font: TextFont) => number;

/** Smallest font size the graph draws, in pixels at scale 1. */
export const MIN_FONT_SIZE = 12;
/** Smallest text size on screen at the first view, whatever the depth. */
export const MIN_SCREEN_FONT_PX = 12;

export const KIND_FONT: TextFont = {
  size: 12,
  bold: true,
  uppercase: true,
  letterSpacing: 0.5,
};
export const NAME_FONT: TextFont = { size: 14 };
export const ROOT_NAME_FONT: TextFont = { size: 14, bold: true };
export const BADGE_FONT: TextFont = { size: 12 };
export const EDGE_LABEL_FONT: TextFont = { size: 12 };

/**
 * Widths in em of a sans-serif such as Helvetica or Roboto, by character
 * class, a little generous: used where no canvas can measure (tests, old
 * browsers), so a text never comes out wider than its box.
 */
function estimateEm(char: string): number {
  if (/[ilI.,:;'|!()[\]{}]/.test(char)) return 0.3;
  if (/[fjtr\- ]/.test(char)) return 0.38;
  if (/[mwMW@%]/.test(char)) return 0.9;
  if (/[A-Z]/.test(char)) return 0.7;
  if (/[0-9]/.test(char)) return 0.58;
  return 0.58;
}

function estimate(text: string, font: TextFont): number {
  let em = 0;
  for (const char of text) em += estimateEm(char);
  return em * font.size * (font.bold ? 1.08 : 1);
}

interface Context2D {
  font: string;
  measureText(text: string): { width: number };
}

function canvasContext(): Context2D | undefined {
  // OffscreenCanvas needs no document and does not exist in jsdom, whose
  // canvas only logs "not implemented".
  if (typeof OffscreenCanvas === 'undefined') return undefined;
  try {
    return (
      (new OffscreenCanvas(1, 1).getContext('2d') as Context2D | null) ??
      undefined
    );
  } catch {
    return undefined;
  }
}

/** The estimating measurer, for tests and layouts computed without a browser. */
export const estimateTextWidth: MeasureText = (raw, font) => {
  const text = font.uppercase ? raw.toLocaleUpperCase('en-US') : raw;
  return Math.ceil(
    estimate(text, font) + (font.letterSpacing ?? 0) * text.length,
  );
};

/**
 * A measurer for one font family: the canvas's exact widths where there is
 * one, else the estimate; results are cached, names repeat across answers.
 */
export function createTextMeasurer(fontFamily: string): MeasureText {
  const context = canvasContext();
  if (!context) return estimateTextWidth;
  const cache = new Map<string, number>();
  return (raw, font) => {
    const text = font.uppercase ? raw.toLocaleUpperCase('en-US') : raw;
    const key = `${font.size}|${font.bold ? 'b' : ''}|${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      context.font = `${font.bold ? 'bold ' : ''}${font.size}px ${fontFamily}`;
      width = context.measureText(text).width;
      cache.set(key, width);
    }
    return Math.ceil(width + (font.letterSpacing ?? 0) * text.length);
  };
}
