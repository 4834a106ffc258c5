/**
 * Pan and zoom of an SVG layer inside a viewport: Ctrl + wheel, drag, Zoom
 * in / Zoom out / Fit. The layer's transform is written straight to the DOM,
 * once per animation frame, so moving a graph of 200 nodes renders nothing in
 * React.
 */
import {
  FocusEvent,
  PointerEvent,
  MouseEvent as ReactMouseEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
} from 'react';
import {
  Point,
  Size,
  View,
  ZOOM_STEP,
  clampView,
  fitView,
  initialView,
  viewTransform,
  zoomAt,
} from './view';

/** Used until the viewport has a size (jsdom lays nothing out). */
const FALLBACK_WIDTH = 800;
/** Pixels a press must move before it pans instead of clicking. */
const DRAG_THRESHOLD = 4;
/** How far past its edges the graph may be dragged. */
const SLACK = 48;

interface Drag {
  pointerId: number;
  startX: number;
  startY: number;
  view: View;
  moved: boolean;
}

export interface PanZoomOptions {
  content: Size;
  /** Content point the first view centres on when the graph does not fit. */
  focus: Point;
  /** Content box of an element that receives keyboard focus, to bring it into view. */
  boxOf?: (element: Element) => (Point & Size) | undefined;
}

export function usePanZoom(options: PanZoomOptions) {
  const { content, focus, boxOf } = options;
  const viewportRef = useRef<HTMLDivElement>(null);
  const layerRef = useRef<SVGGElement>(null);
  const view = useRef<View>({ x: 0, y: 0, k: 1 });
  const size = useRef<Size>({ width: FALLBACK_WIDTH, height: 0 });
  const touched = useRef(false);
  const frame = useRef<number | undefined>(undefined);
  const drag = useRef<Drag | undefined>(undefined);
  const suppressClick = useRef(false);

  const write = useCallback(() => {
    frame.current = undefined;
    const layer = layerRef.current;
    if (!layer) return;
    const transform = viewTransform(view.current);
    if (layer.getAttribute('transform') !== transform) {
      layer.setAttribute('transform', transform);
      layer.setAttribute('data-scale', String(view.current.k));
    }
  }, []);

  /** Sets the view; drawn at the next frame, or now for discrete steps. */
  const show = useCallback(
    (next: View, now = false, slack = SLACK) => {
      view.current = clampView(next, size.current, content, slack);
      if (now || typeof requestAnimationFrame === 'undefined') {
        if (frame.current !== undefined) cancelAnimationFrame(frame.current);
        write();
      } else if (frame.current === undefined) {
        frame.current = requestAnimationFrame(write);
      }
    },
    [content, write],
  );

  // Size of the viewport, and the first view of each new graph.
  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return undefined;
    touched.current = false;
    const measure = () => {
      size.current = {
        width: el.clientWidth || FALLBACK_WIDTH,
        height: el.clientHeight || Number.parseFloat(el.style.height) || 480,
      };
      if (touched.current) show(view.current, true);
      else show(initialView(size.current, content, focus), true, 0);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [content, focus, show]);

  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    },
    [],
  );

  // Ctrl (or Cmd) + wheel, and a trackpad pinch (which arrives as one),
  // zooms at the pointer; the plain wheel scrolls the page as everywhere
  // else, so a reader scrolling past the card is not caught by the graph.
  // A passive React listener could not stop the page zooming meanwhile.
  useEffect(() => {
    const el = viewportRef.current;
    if (!el) return undefined;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      touched.current = true;
      // Pixels, lines or pages per wheel step, as d3-zoom reads them; a
      // mouse notch (100 px) zooms by about 1.5x.
      const unit = [0.002, 0.05, 1][event.deltaMode] ?? 0.002;
      const factor = 2 ** (-event.deltaY * unit * 3);
      const rect = el.getBoundingClientRect();
      const at = { x: event.clientX - rect.left, y: event.clientY - rect.top };
      show(zoomAt(view.current, factor, at, size.current, content));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [content, show]);

  const zoomBy = useCallback(
    (factor: number) => {
      touched.current = true;
      const at = { x: size.current.width / 2, y: size.current.height / 2 };
      show(zoomAt(view.current, factor, at, size.current, content), true);
    },
    [content, show],
  );
  const zoomIn = useCallback(() => zoomBy(ZOOM_STEP), [zoomBy]);
  const zoomOut = useCallback(() => zoomBy(1 / ZOOM_STEP), [zoomBy]);
  const fit = useCallback(() => {
    touched.current = true;
    show(fitView(size.current, content), true, 0);
  }, [content, show]);

  const onPointerDown = useCallback((event: PointerEvent) => {
    if (event.button !== 0 || drag.current) return;
    suppressClick.current = false;
    drag.current = {
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      view: view.current,
      moved: false,
    };
  }, []);

  const onPointerMove = useCallback(
    (event: PointerEvent) => {
      const d = drag.current;
      if (!d || d.pointerId !== event.pointerId) return;
      const dx = event.clientX - d.startX;
      const dy = event.clientY - d.startY;
      if (!d.moved) {
        if (Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
        // Captured only once it pans: a plain click still reaches the node.
        d.moved = true;
        touched.current = true;
        viewportRef.current?.setPointerCapture?.(event.pointerId);
      }
      show({ k: d.view.k, x: d.view.x + dx, y: d.view.y + dy });
    },
    [show],
  );

  const onPointerUp = useCallback((event: PointerEvent) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    suppressClick.current = d.moved;
    drag.current = undefined;
  }, []);

  /** A pan that ends on a node does not open it. */
  const onClickCapture = useCallback((event: ReactMouseEvent) => {
    if (suppressClick.current) {
      suppressClick.current = false;
      event.preventDefault();
      event.stopPropagation();
    }
  }, []);

  /** A node reached with Tab comes into view. */
  const onFocus = useCallback(
    (event: FocusEvent) => {
      const box = boxOf?.(event.target);
      if (!box) return;
      const { x, y, k } = view.current;
      const { width, height } = size.current;
      const left = box.x * k + x;
      const top = box.y * k + y;
      if (
        left >= 0 &&
        top >= 0 &&
        left + box.width * k <= width &&
        top + box.height * k <= height
      ) {
        return;
      }
      touched.current = true;
      show(
        {
          k,
          x: width / 2 - (box.x + box.width / 2) * k,
          y: height / 2 - (box.y + box.height / 2) * k,
        },
        true,
      );
    },
    [boxOf, show],
  );

  /** Focus may scroll even an overflow-hidden box: the view pans instead. */
  const onScroll = useCallback(() => {
    const el = viewportRef.current;
    if (el && (el.scrollTop || el.scrollLeft)) {
      el.scrollTop = 0;
      el.scrollLeft = 0;
    }
  }, []);

  return {
    viewportRef,
    layerRef,
    zoomIn,
    zoomOut,
    fit,
    viewportProps: {
      onPointerDown,
      onPointerMove,
      onPointerUp,
      onPointerCancel: onPointerUp,
      onClickCapture,
      onFocus,
      onScroll,
      onDragStart: (event: ReactMouseEvent) => event.preventDefault(),
    },
  };
}
