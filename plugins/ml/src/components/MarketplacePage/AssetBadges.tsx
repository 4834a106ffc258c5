import { Chip, Tooltip, makeStyles } from '@material-ui/core';
import Rating from '@material-ui/lab/Rating';
import { LEVEL_COLOURS } from '../shared/certificationLevels';

const HEALTH: Record<string, { colour: string; label: string }> = {
  pass: { colour: '#2e7d32', label: 'Healthy' },
  warn: { colour: '#ed6c02', label: 'Warnings' },
  fail: { colour: '#d32f2f', label: 'Failing checks' },
};

const useStyles = makeStyles(theme => ({
  level: { fontWeight: 'bold', textTransform: 'capitalize' },
  dot: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: '50%',
    marginRight: theme.spacing(0.5),
  },
  health: { display: 'inline-flex', alignItems: 'center', fontSize: 12 },
  rating: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    fontSize: 12,
    verticalAlign: 'middle',
  },
}));

/** The certification level as a coloured chip; nothing when uncertified. */
export function CertificationBadge({ level }: { level?: string }) {
  const classes = useStyles();
  if (!level) return null;
  return (
    <Chip
      size="small"
      label={level}
      className={classes.level}
      color={LEVEL_COLOURS[level] ? undefined : 'primary'}
      style={
        LEVEL_COLOURS[level] && {
          backgroundColor: LEVEL_COLOURS[level].background,
          color: LEVEL_COLOURS[level].color,
        }
      }
      aria-label={`Certified ${level}`}
    />
  );
}

/** The worst health-check status as a dot with its meaning. */
export function HealthBadge({ status }: { status?: 'pass' | 'warn' | 'fail' }) {
  const classes = useStyles();
  if (!status) return null;
  const { colour, label } = HEALTH[status];
  return (
    <Tooltip title={label}>
      <span className={classes.health} aria-label={`Health: ${label}`}>
        <span className={classes.dot} style={{ backgroundColor: colour }} />
        {label}
      </span>
    </Tooltip>
  );
}

/**
 * Users' mean stars as small stars with the mean and the number of ratings,
 * "★★★★☆ 4.3 (12)"; nothing while nobody rated it, so unrated assets carry
 * no "0 stars" noise.
 */
export function RatingBadge({
  rating,
}: {
  rating?: { average: number; count: number };
}) {
  const classes = useStyles();
  if (!rating || !rating.count) return null;
  const average = rating.average.toFixed(1);
  const label = `Rated ${average} out of 5 stars by ${
    rating.count === 1 ? '1 person' : `${rating.count} people`
  }`;
  return (
    <Tooltip title={label}>
      <span className={classes.rating} role="img" aria-label={label}>
        <Rating
          value={rating.average}
          precision={0.1}
          readOnly
          size="small"
          aria-hidden
        />
        <span aria-hidden>
          {average} ({rating.count})
        </span>
      </span>
    </Tooltip>
  );
}
