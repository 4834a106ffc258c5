import { Box, Typography, makeStyles } from '@material-ui/core';
import type { Colours, NodeStyle } from './colours';
import { EDGE_ORIGIN_STYLES, type EdgeOrigin } from './edgeOrigins';

const useStyles = makeStyles(
  theme => ({
    legend: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      gap: theme.spacing(2),
      marginTop: theme.spacing(1),
      padding: 0,
      listStyle: 'none',
    },
    item: {
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
  }),
  { name: 'MlLineageLegend' },
);

const KINDS: Array<[NodeStyle, string]> = [
  ['dataset', 'Dataset'],
  ['feature', 'Feature'],
  ['model', 'Model'],
  ['other', 'Other'],
];
const HEALTH: Array<['pass' | 'warn' | 'fail', string]> = [
  ['pass', 'Checks pass'],
  ['warn', 'Warning'],
  ['fail', 'Failing'],
];

const EDGE_LEGEND: Array<[Exclude<EdgeOrigin, 'catalog'>, string]> = [
  ['registry', 'Read per the registry, not declared'],
  ['user', 'Declared by a person'],
];

/** What the colours, dashes and dots of the lineage graph mean. */
export function Legend({ colours }: { colours: Colours }) {
  const classes = useStyles();
  return (
    <Box component="ul" className={classes.legend} aria-label="Legend">
      {KINDS.map(([key, label]) => (
        <li key={key} className={classes.item}>
          <span
            className={classes.swatch}
            style={{ backgroundColor: colours[key] }}
          />
          <Typography variant="caption">{label}</Typography>
        </li>
      ))}
      <li className={classes.item}>
        <span
          className={classes.swatch}
          style={{ border: `1px dashed ${colours.external}` }}
        />
        <Typography variant="caption">External (OpenLineage)</Typography>
      </li>
      {EDGE_LEGEND.map(([origin, label]) => (
        <li key={origin} className={classes.item}>
          <svg width={24} height={12} aria-hidden>
            <line
              x1={0}
              y1={6}
              x2={24}
              y2={6}
              stroke={colours.edge}
              strokeWidth={1.3}
              strokeDasharray={EDGE_ORIGIN_STYLES[origin].dash}
            />
          </svg>
          <Typography variant="caption">{label}</Typography>
        </li>
      ))}
      {HEALTH.map(([key, label]) => (
        <li key={key} className={classes.item}>
          <span
            className={classes.dot}
            style={{ backgroundColor: colours[key] }}
          />
          <Typography variant="caption">{label}</Typography>
        </li>
      ))}
      <li className={classes.item}>
        <Typography variant="caption" color="textSecondary">
          Drag to pan; Ctrl + wheel or the buttons to zoom
        </Typography>
      </li>
    </Box>
  );
}
