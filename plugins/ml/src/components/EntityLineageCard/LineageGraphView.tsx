import {
  MouseEvent,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  IconButton,
  Paper,
  Tooltip,
  makeStyles,
  useTheme,
} from '@material-ui/core';
import ZoomInIcon from '@material-ui/icons/ZoomIn';
import ZoomOutIcon from '@material-ui/icons/ZoomOut';
import ZoomOutMapIcon from '@material-ui/icons/ZoomOutMap';
import FullscreenIcon from '@material-ui/icons/Fullscreen';
import FullscreenExitIcon from '@material-ui/icons/FullscreenExit';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { LineageGraph } from '@ml-marketplace/plugin-ml-common';
import { useNavigate } from 'react-router-dom';
import {
  isExternalLineageRef,
  lineageKindKey,
  lineageNodeKindLabel,
  lineageNodeName,
} from '../shared/lineageRefs';
import { coloursOf } from './colours';
import {
  EDGE_ORIGIN_STYLES,
  edgeOrigin,
  edgeTypeLabel,
  strongerOrigin,
  type EdgeOrigin,
} from './edgeOrigins';
import { Legend } from './Legend';
import {
  HEALTH_TEXT,
  LineageGraphNode,
  LineageNodeData,
} from './LineageGraphNode';
import { layoutLineage } from './layout';
import { nodeGeometry } from './nodeGeometry';
import { EDGE_LABEL_FONT, createTextMeasurer } from './textMeasure';
import { usePanZoom } from './usePanZoom';

const LABEL_PAD_X = 4;
const LABEL_HEIGHT = 18;

const useStyles = makeStyles(
  theme => ({
    frame: {
      position: 'relative',
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
      backgroundColor: theme.palette.background.paper,
    },
    viewport: {
      width: '100%',
      height: '100%',
      overflow: 'hidden',
      cursor: 'grab',
      touchAction: 'none',
      userSelect: 'none',
      '&:active': { cursor: 'grabbing' },
    },
    controls: {
      position: 'absolute',
      top: theme.spacing(1),
      right: theme.spacing(1),
      display: 'flex',
    },
    nodeLink: {
      cursor: 'pointer',
      outline: 'none',
      '&:hover rect[data-frame], &:focus rect[data-frame]': {
        strokeWidth: 3,
      },
    },
  }),
  { name: 'MlEntityLineageGraph' },
);

/** Full screen for the graph's frame, through the browser's Fullscreen API. */
function useFullscreen() {
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(false);
  useEffect(() => {
    const onChange = () =>
      setActive(!!ref.current && document.fullscreenElement === ref.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const toggle = useCallback(() => {
    if (document.fullscreenElement) document.exitFullscreen?.();
    else ref.current?.requestFullscreen?.();
  }, []);
  const supported =
    typeof document !== 'undefined' && !!document.fullscreenEnabled;
  return { ref, active, toggle, supported };
}

/**
 * The graph of one answer at a readable size, with pan and zoom; its layout
 * and drawings change only with the answer.
 */
export function LineageGraphView(props: {
  graph: LineageGraph;
  height: number;
}) {
  const { graph, height } = props;
  const classes = useStyles();
  const theme = useTheme();
  const navigate = useNavigate();
  const entityRoute = useRouteRef(entityRouteRef);
  const colours = useMemo(() => coloursOf(theme), [theme]);
  const measure = useMemo(
    () => createTextMeasurer(theme.typography.fontFamily ?? 'sans-serif'),
    [theme.typography.fontFamily],
  );
  const markerId = `ml-lineage-arrow-${useId().replace(/:/g, '')}`;

  const nodes = useMemo(
    () =>
      graph.nodes.map((lineage): LineageNodeData => {
        const external = isExternalLineageRef(lineage.ref);
        const name = lineageNodeName(lineage);
        const kindLabel = lineageNodeKindLabel(lineage);
        const isRoot = lineage.ref === graph.root;
        let href: string | undefined;
        if (!external) {
          try {
            href = entityRoute(entityRouteParams(lineage.ref));
          } catch {
            href = undefined;
          }
        }
        const { certification, health } = lineage;
        const description = [
          kindLabel,
          name,
          isRoot ? 'this entity' : undefined,
          certification && `Certified ${certification}`,
          health && `Health: ${HEALTH_TEXT[health] ?? health}`,
        ]
          .filter(Boolean)
          .join(', ');
        return {
          id: lineage.ref,
          lineage,
          name,
          style: external ? 'external' : lineageKindKey(lineage.kind),
          kindLabel,
          isRoot,
          href,
          description,
          geometry: nodeGeometry(
            {
              kindText: isRoot ? `${kindLabel} · this entity` : kindLabel,
              name,
              isRoot,
              certification,
              health,
            },
            measure,
          ),
        };
      }),
    [graph, entityRoute, measure],
  );

  const edges = useMemo(() => {
    const known = new Set(graph.nodes.map(n => n.ref));
    // One edge per pair; several relations share its label.
    const byPair = new Map<
      string,
      { from: string; to: string; types: string[]; origin: EdgeOrigin }
    >();
    for (const edge of graph.edges) {
      const { source, target } = edge;
      if (!known.has(source) || !known.has(target) || source === target) {
        continue;
      }
      const key = `${source}\n${target}`;
      const origin = edgeOrigin(edge);
      const type = edgeTypeLabel(edge.type);
      const pair = byPair.get(key);
      if (!pair) {
        byPair.set(key, { from: source, to: target, types: [type], origin });
      } else {
        if (!pair.types.includes(type)) pair.types.push(type);
        // Also in the catalog (or a registry): drawn as the stronger source.
        pair.origin = strongerOrigin(pair.origin, origin);
      }
    }
    return [...byPair.values()].map(edge => {
      const text = `${edge.types.join(', ')}${
        EDGE_ORIGIN_STYLES[edge.origin].suffix
      }`;
      return {
        ...edge,
        text,
        label: {
          width: measure(text, EDGE_LABEL_FONT) + 2 * LABEL_PAD_X,
          height: LABEL_HEIGHT,
          text,
        },
      };
    });
  }, [graph, measure]);

  const layout = useMemo(
    () =>
      layoutLineage(
        graph.root,
        nodes.map(n => ({
          id: n.id,
          width: n.geometry.width,
          height: n.geometry.height,
          distance: n.lineage.distance,
        })),
        edges,
      ),
    [graph.root, nodes, edges],
  );

  const content = useMemo(
    () => ({ width: layout.width, height: layout.height }),
    [layout],
  );
  const focus = useMemo(() => {
    const box = layout.nodes.get(graph.root);
    return box
      ? { x: box.x + box.width / 2, y: box.y + box.height / 2 }
      : { x: layout.width / 2, y: layout.height / 2 };
  }, [layout, graph.root]);
  const boxOf = useCallback(
    (element: Element) => {
      const id = element
        .closest('[data-node-id]')
        ?.getAttribute('data-node-id');
      return id ? layout.nodes.get(id) : undefined;
    },
    [layout],
  );

  const { viewportRef, layerRef, zoomIn, zoomOut, fit, viewportProps } =
    usePanZoom({ content, focus, boxOf });
  const fullscreen = useFullscreen();

  const onNavigate = useCallback(
    (event: MouseEvent, href: string) => {
      if (
        event.button !== 0 ||
        event.metaKey ||
        event.ctrlKey ||
        event.shiftKey ||
        event.altKey
      ) {
        return; // let the browser open a new tab or window
      }
      event.preventDefault();
      navigate(href);
    },
    [navigate],
  );

  return (
    <>
      <div
        ref={fullscreen.ref}
        className={classes.frame}
        style={{ height: fullscreen.active ? '100%' : height }}
      >
        <div
          ref={viewportRef}
          className={classes.viewport}
          data-testid="ml-lineage-viewport"
          {...viewportProps}
        >
          <svg
            width="100%"
            height="100%"
            aria-label={`Lineage graph with ${nodes.length} nodes`}
            style={{
              fontFamily: theme.typography.fontFamily,
              display: 'block',
            }}
          >
            <defs>
              <marker
                id={markerId}
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="8"
                markerHeight="8"
                markerUnits="userSpaceOnUse"
                orient="auto"
              >
                <path d="M0,1 L9,5 L0,9 z" fill={colours.edge} />
              </marker>
            </defs>
            <g ref={layerRef} data-testid="ml-lineage-layer">
              <g fill="none" stroke={colours.edge} strokeWidth={1.3}>
                {layout.edges.map(edge => (
                  <path
                    key={`${edge.from}\n${edge.to}`}
                    d={edge.path}
                    markerEnd={`url(#${markerId})`}
                    strokeDasharray={
                      EDGE_ORIGIN_STYLES[edges[edge.index].origin].dash
                    }
                    data-origin={edges[edge.index].origin}
                    data-testid="edge"
                  />
                ))}
              </g>
              {layout.edges.map(edge =>
                edge.label ? (
                  <g
                    key={`${edge.from}\n${edge.to}`}
                    transform={`translate(${edge.label.x},${edge.label.y})`}
                    data-testid="label"
                  >
                    <rect
                      width={edge.label.width}
                      height={edge.label.height}
                      rx={3}
                      fill={colours.paper}
                    />
                    <text
                      x={edge.label.width / 2}
                      y={13}
                      fontSize={EDGE_LABEL_FONT.size}
                      textAnchor="middle"
                      fill={colours.textSecondary}
                      data-testid="ml-lineage-edge-label"
                    >
                      {edges[edge.index].text}
                    </text>
                  </g>
                ) : null,
              )}
              {nodes.map(node => {
                const box = layout.nodes.get(node.id)!;
                return (
                  <g
                    key={node.id}
                    data-testid="node"
                    data-node-id={node.id}
                    transform={`translate(${box.x},${box.y})`}
                  >
                    <LineageGraphNode
                      data={node}
                      colours={colours}
                      linkClassName={classes.nodeLink}
                      onNavigate={onNavigate}
                    />
                  </g>
                );
              })}
            </g>
          </svg>
        </div>
        <Paper className={classes.controls} elevation={1}>
          <Tooltip title="Zoom in">
            <IconButton size="small" aria-label="Zoom in" onClick={zoomIn}>
              <ZoomInIcon fontSize="small" />
            </IconButton>
          </Tooltip>
          <Tooltip title="Zoom out">
            <IconButton size="small" aria-label="Zoom out" onClick={zoomOut}>
              <ZoomOutIcon fontSize="small" />
            </IconButton>
          </Tooltip>
          <Tooltip title="Fit the whole graph">
            <IconButton size="small" aria-label="Fit" onClick={fit}>
              <ZoomOutMapIcon fontSize="small" />
            </IconButton>
          </Tooltip>
          {fullscreen.supported && (
            <Tooltip
              title={fullscreen.active ? 'Exit full screen' : 'Full screen'}
            >
              <IconButton
                size="small"
                aria-label={
                  fullscreen.active ? 'Exit full screen' : 'Full screen'
                }
                onClick={fullscreen.toggle}
              >
                {fullscreen.active ? (
                  <FullscreenExitIcon fontSize="small" />
                ) : (
                  <FullscreenIcon fontSize="small" />
                )}
              </IconButton>
            </Tooltip>
          )}
        </Paper>
      </div>
      <Legend colours={colours} />
    </>
  );
}
