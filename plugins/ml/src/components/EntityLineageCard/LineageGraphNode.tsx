import { MouseEvent, memo } from 'react';
import { alpha } from '@material-ui/core/styles';
import type { LineageNode } from '@ml-marketplace/plugin-ml-common';
import type { Colours, NodeStyle } from './colours';
import type { NodeGeometry } from './nodeGeometry';
import { BADGE_FONT, KIND_FONT, NAME_FONT } from './textMeasure';

/** A node as the graph draws it, computed once per answer. */
export interface LineageNodeData {
  id: string;
  lineage: LineageNode;
  name: string;
  style: NodeStyle;
  kindLabel: string;
  isRoot: boolean;
  /** Entity page; undefined for external OpenLineage nodes. */
  href?: string;
  /** Kind, name, `this entity`, certification and health, as one sentence. */
  description: string;
  geometry: NodeGeometry;
}

export const HEALTH_TEXT: Record<string, string> = {
  pass: 'passing',
  warn: 'warning',
  fail: 'failing',
};

/** The node's drawing: a kind-coloured frame, its kind, name and badges. */
function LineageGraphNodeDrawing(props: {
  data: LineageNodeData;
  colours: Colours;
  linkClassName: string;
  onNavigate: (event: MouseEvent, href: string) => void;
}) {
  const { data, colours, linkClassName, onNavigate } = props;
  const { lineage, isRoot, style, href, geometry, description } = data;
  const { width, height, kind, name, badge, dot } = geometry;
  const colour = colours[style];
  const health = lineage.health;
  const healthText = health && `Health: ${HEALTH_TEXT[health] ?? health}`;
  const certificationText =
    lineage.certification && `Certified ${lineage.certification}`;

  const body = (
    <>
      {/* The full name on hover, also when the drawing had to shorten it. */}
      <title>{description}</title>
      <rect
        data-frame
        width={width}
        height={height}
        rx={6}
        fill={isRoot ? alpha(colour, 0.14) : colours.paper}
        stroke={colour}
        strokeWidth={isRoot ? 3 : 1.5}
        strokeDasharray={style === 'external' ? '6 4' : undefined}
      />
      <rect width={6} height={height} rx={3} fill={colour} />
      <text
        x={kind.x}
        y={kind.y}
        fontSize={KIND_FONT.size}
        fontWeight="bold"
        fill={colour}
        letterSpacing={KIND_FONT.letterSpacing}
        style={{ textTransform: 'uppercase' }}
        data-testid="ml-lineage-kind"
      >
        {kind.text}
      </text>
      <text
        x={name.x}
        y={name.y}
        fontSize={NAME_FONT.size}
        fontWeight={isRoot ? 'bold' : 'normal'}
        fill={colours.text}
        data-testid="ml-lineage-name"
      >
        {name.lines.length === 1
          ? name.lines[0]
          : name.lines.map((line, i) => (
              <tspan key={i} x={name.x} dy={i === 0 ? 0 : name.lineHeight}>
                {line}
              </tspan>
            ))}
      </text>
      {dot && healthText && (
        <g role="img" aria-label={healthText} data-testid="ml-lineage-health">
          <title>{healthText}</title>
          <circle
            cx={dot.cx}
            cy={dot.cy}
            r={dot.r}
            fill={colours[health as 'pass'] ?? colours.other}
          />
        </g>
      )}
      {badge && certificationText && (
        <g
          role="img"
          aria-label={certificationText}
          data-testid="ml-lineage-certification"
          transform={`translate(${badge.x},${badge.y})`}
        >
          <title>{certificationText}</title>
          <rect
            width={badge.width}
            height={badge.height}
            rx={badge.height / 2}
            fill={colours.badge}
          />
          <text
            x={badge.width / 2}
            y={badge.textY - badge.y}
            fontSize={BADGE_FONT.size}
            textAnchor="middle"
            fill={colours.text}
          >
            {badge.text}
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

export const LineageGraphNode = memo(LineageGraphNodeDrawing);
