import {
  MouseEvent,
  ReactNode,
  memo,
  useCallback,
  useId,
  useMemo,
  useState,
} from 'react';
import {
  Box,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Typography,
  makeStyles,
  useTheme,
} from '@material-ui/core';
import type { Theme } from '@material-ui/core/styles';
import { alpha } from '@material-ui/core/styles';
import {
  DependencyGraph,
  DependencyGraphTypes,
  EmptyState,
  InfoCard,
  InfoCardVariants,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  LINEAGE_DEFAULT_DEPTH,
  LINEAGE_MAX_DEPTH,
  type LineageGraph,
  type LineageNode,
} from '@ml-marketplace/plugin-ml-common';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import {
  LineageKindKey,
  isExternalLineageRef,
  lineageKindKey,
  lineageNodeKindLabel,
  lineageNodeName,
} from '../shared/lineageRefs';

/** Props of {@link EntityLineageCard}. */
export interface EntityLineageCardProps {
  /** Hops walked up- and downstream at first, 1 to 5; default 2. */
  defaultDepth?: number;
  /** Height of the graph area in pixels; default 480. */
  height?: number;
  variant?: InfoCardVariants;
}

const DEPTHS = Array.from({ length: LINEAGE_MAX_DEPTH }, (_, i) => i + 1);

const NODE_WIDTH = 210;
const NODE_HEIGHT = 52;
const TITLE_MAX_CHARS = 24;
const BADGE_MAX_CHARS = 8;

type NodeStyle = LineageKindKey | 'external';

/** A node as the graph draws it, computed once per answer. */
interface LineageNodeData {
  lineage: LineageNode;
  name: string;
  /** The name, shortened to fit the node. */
  shortName: string;
  style: NodeStyle;
  kindLabel: string;
  isRoot: boolean;
  /** Entity page; undefined for external OpenLineage nodes. */
  href?: string;
}

interface LineageEdgeData {
  types: string[];
}

type Colours = Record<NodeStyle, string> & {
  pass: string;
  warn: string;
  fail: string;
  text: string;
  textSecondary: string;
  paper: string;
  badge: string;
};

function coloursOf(theme: Theme): Colours {
  return {
    dataset: theme.palette.success.dark,
    feature: theme.palette.secondary.main,
    model: theme.palette.primary.main,
    other: theme.palette.grey[600],
    external: theme.palette.grey[500],
    pass: theme.palette.success.main,
    warn: theme.palette.warning.main,
    fail: theme.palette.error.main,
    text: theme.palette.text.primary,
    textSecondary: theme.palette.text.secondary,
    paper: theme.palette.background.paper,
    badge: theme.palette.action.selected,
  };
}

const HEALTH_TEXT = { pass: 'passing', warn: 'warning', fail: 'failing' };

const truncate = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

const useStyles = makeStyles(
  theme => ({
    depth: { minWidth: 96 },
    notice: {
      marginBottom: theme.spacing(1),
      padding: theme.spacing(1, 2),
      borderRadius: theme.shape.borderRadius,
      backgroundColor: alpha(theme.palette.info.main, 0.1),
      color: theme.palette.text.primary,
    },
    graph: {
      position: 'relative',
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
    },
    legend: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      gap: theme.spacing(2),
      marginTop: theme.spacing(1),
      padding: 0,
      listStyle: 'none',
    },
    legendItem: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
    },
    swatch: {
      display: 'inline-block',
      width: 12,
      height: 12,
      borderRadius: 2,
    },
    dot: {
      display: 'inline-block',
      width: 10,
      height: 10,
      borderRadius: '50%',
    },
    nodeLink: {
      cursor: 'pointer',
      outline: 'none',
      '&:hover rect[data-frame], &:focus rect[data-frame]': {
        strokeWidth: 3,
      },
    },
  }),
  { name: 'MlEntityLineageCard' },
);

/** The node's drawing: a kind-coloured frame, its kind, name and badges. */
function LineageGraphNodeDrawing(props: {
  data: LineageNodeData;
  colours: Colours;
  linkClassName: string;
  onNavigate: (event: MouseEvent, href: string) => void;
}) {
  const { data, colours, linkClassName, onNavigate } = props;
  const { lineage, isRoot, style, href } = data;
  const colour = colours[style];
  const certification = lineage.certification;
  const health = lineage.health;
  const healthText = health && `Health: ${HEALTH_TEXT[health] ?? health}`;
  const certificationText = certification && `Certified ${certification}`;
  const badgeWidth = certification
    ? 10 + 6 * Math.min(certification.length, BADGE_MAX_CHARS)
    : 0;
  const description = [
    data.kindLabel,
    data.name,
    isRoot ? 'this entity' : undefined,
    certificationText,
    healthText,
  ]
    .filter(Boolean)
    .join(', ');

  const body = (
    <>
      <title>{description}</title>
      <rect
        data-frame
        width={NODE_WIDTH}
        height={NODE_HEIGHT}
        rx={6}
        fill={isRoot ? alpha(colour, 0.14) : colours.paper}
        stroke={colour}
        strokeWidth={isRoot ? 3 : 1.5}
        strokeDasharray={style === 'external' ? '6 4' : undefined}
      />
      <rect width={6} height={NODE_HEIGHT} rx={3} fill={colour} />
      <text
        x={14}
        y={18}
        fontSize={10}
        fontWeight="bold"
        fill={colour}
        style={{ textTransform: 'uppercase', letterSpacing: 0.5 }}
      >
        {isRoot ? `${data.kindLabel} · this entity` : data.kindLabel}
      </text>
      <text
        x={14}
        y={39}
        fontSize={13}
        fontWeight={isRoot ? 'bold' : 'normal'}
        fill={colours.text}
      >
        {data.shortName}
      </text>
      {health && (
        <g role="img" aria-label={healthText} data-testid="ml-lineage-health">
          <title>{healthText}</title>
          <circle
            cx={NODE_WIDTH - 12}
            cy={14}
            r={5}
            fill={colours[health] ?? colours.other}
          />
        </g>
      )}
      {certification && (
        <g
          role="img"
          aria-label={certificationText}
          data-testid="ml-lineage-certification"
          transform={`translate(${NODE_WIDTH - 24 - badgeWidth},6)`}
        >
          <title>{certificationText}</title>
          <rect width={badgeWidth} height={15} rx={7} fill={colours.badge} />
          <text
            x={badgeWidth / 2}
            y={11}
            fontSize={10}
            textAnchor="middle"
            fill={colours.text}
          >
            {truncate(certification, BADGE_MAX_CHARS)}
          </text>
        </g>
      )}
    </>
  );

  if (!href) {
    return <g data-testid="ml-lineage-external">{body}</g>;
  }
  return (
    <a
      href={href}
      aria-label={description}
      className={linkClassName}
      onClick={event => onNavigate(event, href)}
    >
      {body}
    </a>
  );
}

const LineageGraphNode = memo(LineageGraphNodeDrawing);

function Legend({ colours }: { colours: Colours }) {
  const classes = useStyles();
  const kinds: Array<[NodeStyle, string]> = [
    ['dataset', 'Dataset'],
    ['feature', 'Feature'],
    ['model', 'Model'],
    ['other', 'Other'],
  ];
  const health: Array<['pass' | 'warn' | 'fail', string]> = [
    ['pass', 'Checks pass'],
    ['warn', 'Warning'],
    ['fail', 'Failing'],
  ];
  return (
    <Box component="ul" className={classes.legend} aria-label="Legend">
      {kinds.map(([key, label]) => (
        <li key={key} className={classes.legendItem}>
          <span
            className={classes.swatch}
            style={{ backgroundColor: colours[key] }}
          />
          <Typography variant="caption">{label}</Typography>
        </li>
      ))}
      <li className={classes.legendItem}>
        <span
          className={classes.swatch}
          style={{ border: `1px dashed ${colours.external}` }}
        />
        <Typography variant="caption">External (OpenLineage)</Typography>
      </li>
      {health.map(([key, label]) => (
        <li key={key} className={classes.legendItem}>
          <span
            className={classes.dot}
            style={{ backgroundColor: colours[key] }}
          />
          <Typography variant="caption">{label}</Typography>
        </li>
      ))}
    </Box>
  );
}

/** The graph of one answer; its arrays and render functions change only with the answer. */
function LineageGraphView(props: { graph: LineageGraph; height: number }) {
  const { graph, height } = props;
  const classes = useStyles();
  const theme = useTheme();
  const navigate = useNavigate();
  const entityRoute = useRouteRef(entityRouteRef);
  const colours = useMemo(() => coloursOf(theme), [theme]);

  const nodes = useMemo(
    () =>
      graph.nodes.map(
        (lineage): DependencyGraphTypes.DependencyNode<LineageNodeData> => {
          const external = isExternalLineageRef(lineage.ref);
          const name = lineageNodeName(lineage);
          let href: string | undefined;
          if (!external) {
            try {
              href = entityRoute(entityRouteParams(lineage.ref));
            } catch {
              href = undefined;
            }
          }
          return {
            id: lineage.ref,
            lineage,
            name,
            shortName: truncate(name, TITLE_MAX_CHARS),
            style: external ? 'external' : lineageKindKey(lineage.kind),
            kindLabel: lineageNodeKindLabel(lineage),
            isRoot: lineage.ref === graph.root,
            href,
          };
        },
      ),
    [graph, entityRoute],
  );

  const edges = useMemo(() => {
    const known = new Set(graph.nodes.map(n => n.ref));
    // The graph draws one edge per pair; several relations share its label.
    const byPair = new Map<
      string,
      DependencyGraphTypes.DependencyEdge<LineageEdgeData>
    >();
    for (const { source, target, type } of graph.edges) {
      if (!known.has(source) || !known.has(target) || source === target) {
        continue;
      }
      const key = `${source}\n${target}`;
      const edge = byPair.get(key);
      if (!edge) {
        byPair.set(key, {
          from: source,
          to: target,
          label: type,
          types: [type],
        });
      } else if (!edge.types.includes(type)) {
        edge.types.push(type);
        edge.label = edge.types.join(', ');
      }
    }
    return [...byPair.values()];
  }, [graph]);

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

  const renderNode = useCallback(
    ({ node }: DependencyGraphTypes.RenderNodeProps<LineageNodeData>) => (
      <LineageGraphNode
        data={node}
        colours={colours}
        linkClassName={classes.nodeLink}
        onNavigate={onNavigate}
      />
    ),
    [colours, classes.nodeLink, onNavigate],
  );

  const renderLabel = useCallback(
    ({ edge }: DependencyGraphTypes.RenderLabelProps<LineageEdgeData>) => (
      <text
        fontSize={11}
        textAnchor="middle"
        fill={colours.textSecondary}
        data-testid="ml-lineage-edge-label"
      >
        {edge.label}
      </text>
    ),
    [colours.textSecondary],
  );

  return (
    <>
      <div className={classes.graph} style={{ height }}>
        <DependencyGraph<LineageNodeData, LineageEdgeData>
          nodes={nodes}
          edges={edges}
          renderNode={renderNode}
          renderLabel={renderLabel}
          direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
          labelPosition={DependencyGraphTypes.LabelPosition.CENTER}
          nodeMargin={20}
          rankMargin={80}
          paddingX={16}
          paddingY={16}
          showArrowHeads
          fit="contain"
          aria-label={`Lineage graph with ${nodes.length} nodes`}
        />
      </div>
      <Legend colours={colours} />
    </>
  );
}

/**
 * What the graph leaves out because the user may not see it: counted, never
 * named, and never drawn as if the entity had no lineage.
 */
export function hiddenNotice(hidden: NonNullable<LineageGraph['hidden']>) {
  const parts = (['upstream', 'downstream'] as const)
    .filter(way => hidden[way] > 0)
    .map(way => `${hidden[way]} ${way} asset${hidden[way] === 1 ? '' : 's'}`);
  const one = hidden.upstream + hidden.downstream === 1;
  return `${parts.join(' and ')} ${
    one ? 'is' : 'are'
  } not visible to you; the graph leaves ${one ? 'it' : 'them'} out.`;
}

/**
 * The lineage of the current entity: what feeds it and what reads it, as a
 * graph read in one request. Nodes link to their entity pages.
 */
export function EntityLineageCard(props: EntityLineageCardProps) {
  const { defaultDepth = LINEAGE_DEFAULT_DEPTH, height = 480, variant } = props;
  const classes = useStyles();
  const { entity } = useEntity();
  const mlApi = useApi(mlApiRef);
  const entityRef = stringifyEntityRef(entity);
  const [depth, setDepth] = useState(() =>
    Math.min(LINEAGE_MAX_DEPTH, Math.max(1, Math.round(defaultDepth))),
  );
  const labelId = `ml-lineage-depth-${useId().replace(/:/g, '')}`;

  const { loading, error, value } = useAsync(
    () => mlApi.getLineage({ entityRef, direction: 'both', depth }),
    [mlApi, entityRef, depth],
  );

  const depthSelector = (
    <FormControl size="small" className={classes.depth}>
      <InputLabel id={labelId}>Depth</InputLabel>
      <Select
        labelId={labelId}
        value={depth}
        onChange={event => setDepth(Number(event.target.value))}
      >
        {DEPTHS.map(d => (
          <MenuItem key={d} value={d}>
            {d}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );

  let content: ReactNode;
  if (loading && !value) {
    content = <Progress />;
  } else if (error || !value) {
    content = <ResponseErrorPanel error={error ?? new Error('No answer')} />;
  } else if (
    value.nodes.length <= 1 &&
    value.edges.length === 0 &&
    !value.hidden
  ) {
    content = (
      <EmptyState
        missing="data"
        title="No lineage yet"
        description={
          <>
            Lineage comes from the <code>trainedOn</code>,{' '}
            <code>consumesFeatures</code>, <code>sources</code>,{' '}
            <code>derivedFrom</code> and <code>dependsOn</code> fields of
            catalog entities, and from OpenLineage run events. Declare them on
            this entity or on the assets that read it to see its lineage here.
          </>
        }
      />
    );
  } else {
    content = (
      <>
        {loading && <Progress />}
        {value.cutoff && (
          <Typography role="status" variant="body2" className={classes.notice}>
            Showing the first {value.nodes.length} nodes; narrow the depth to
            see the complete graph around this entity.
          </Typography>
        )}
        {value.hidden && (
          <Typography
            role="status"
            variant="body2"
            className={classes.notice}
            data-testid="ml-lineage-hidden"
          >
            {hiddenNotice(value.hidden)}
          </Typography>
        )}
        <LineageGraphView graph={value} height={height} />
      </>
    );
  }

  return (
    <InfoCard title="Lineage" variant={variant} action={depthSelector}>
      {content}
    </InfoCard>
  );
}
