/**
 * The part of the graph the viewport shows: a translation and a scale, chosen
 * so text stays readable instead of shrinking the graph to fit.
 */
import { MIN_FONT_SIZE, MIN_SCREEN_FONT_PX } from './textMeasure';

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Screen position = content position × k + (x, y). */
export interface View {
  x: number;
  y: number;
  k: number;
}

/** The scale at which the graph's smallest text is 12 px on screen (1). */
export const READABLE_SCALE = MIN_SCREEN_FONT_PX / MIN_FONT_SIZE;
export const MAX_SCALE = 3;
/** Each press of Zoom in or Zoom out. */
export const ZOOM_STEP = 1.25;

/** The scale that shows the whole graph, never enlarged. */
export function fitScale(viewport: Size, content: Size): number {
  if (content.width <= 0 || content.height <= 0) return READABLE_SCALE;
  return Math.min(
    READABLE_SCALE,
    viewport.width / content.width,
    viewport.height / content.height,
  );
}

/** Zooming out stops a little past the whole graph. */
export function minScale(viewport: Size, content: Size): number {
  return Math.min(0.5, fitScale(viewport, content) * 0.8);
}

/**
 * Keeps the graph on screen: when it is smaller than the viewport it may move
 * within it, when larger its edges may not come further in than `slack`.
 */
export function clampView(
  view: View,
  viewport: Size,
  content: Size,
  slack = 0,
): View {
  const k = Math.min(MAX_SCALE, Math.max(minScale(viewport, content), view.k));
  const axis = (pos: number, port: number, size: number) => {
    const free = port - size * k;
    const lo = Math.min(0, free) - slack;
    const hi = Math.max(0, free) + slack;
    return Math.min(hi, Math.max(lo, pos));
  };
  return {
    k,
    x: axis(view.x, viewport.width, content.width),
    y: axis(view.y, viewport.height, content.height),
  };
}

/** The whole graph, centred. */
export function fitView(viewport: Size, content: Size): View {
  const k = fitScale(viewport, content);
  return {
    k,
    x: (viewport.width - content.width * k) / 2,
    y: (viewport.height - content.height * k) / 2,
  };
}

/**
 * What the viewport shows first: the whole graph when it fits at a readable
 * size, else the graph at readable size centred on `focus` (the card's
 * entity), as near the centre as the graph's edges allow.
 */
export function initialView(viewport: Size, content: Size, focus: Point): View {
  if (fitScale(viewport, content) >= READABLE_SCALE) {
    return fitView(viewport, content);
  }
  const k = READABLE_SCALE;
  return clampView(
    {
      k,
      x: viewport.width / 2 - focus.x * k,
      y: viewport.height / 2 - focus.y * k,
    },
    viewport,
    content,
  );
}

/** Zooms by `factor` keeping the content under `at` (viewport coordinates) still. */
export function zoomAt(
  view: View,
  factor: number,
  at: Point,
  viewport: Size,
  content: Size,
): View {
  const k = Math.min(
    MAX_SCALE,
    Math.max(minScale(viewport, content), view.k * factor),
  );
  const ratio = k / view.k;
  return {
    k,
    x: at.x - (at.x - view.x) * ratio,
    y: at.y - (at.y - view.y) * ratio,
  };
}

export const viewTransform = ({ x, y, k }: View) =>
  `translate(${Math.round(x * 10) / 10},${Math.round(y * 10) / 10}) scale(${
    Math.round(k * 1000) / 1000
  })`;
