import { Typography } from '@material-ui/core';
import Rating from '@material-ui/lab/Rating';
import type { RatingSummary as Summary } from '@ml-marketplace/plugin-ml-common';
import { ratingsCount, starsText } from './feedbackText';
import { useStyles } from './styles';

/** The mean stars and how many rated, beside one bar per star count, 5 down to 1. */
export function RatingSummary({ summary }: { summary: Summary }) {
  const classes = useStyles();
  if (!summary.count || summary.average === undefined) {
    return (
      <Typography variant="body2" className={classes.muted}>
        Not rated yet.
      </Typography>
    );
  }
  return (
    <div className={classes.summary} data-testid="feedback-summary">
      <div>
        <Typography className={classes.average} component="p">
          {summary.average.toFixed(1)}
        </Typography>
        <Rating
          value={summary.average}
          precision={0.1}
          readOnly
          size="small"
          getLabelText={() =>
            `Average ${summary.average!.toFixed(1)} out of 5 stars`
          }
        />
        <Typography variant="body2" className={classes.muted}>
          {ratingsCount(summary.count)}
        </Typography>
      </div>
      <ul className={classes.bars} aria-label="Ratings by stars">
        {[5, 4, 3, 2, 1].map(stars => {
          const count = summary.distribution[stars - 1] ?? 0;
          return (
            <li
              key={stars}
              className={classes.bar}
              aria-label={`${starsText(stars)}: ${ratingsCount(count)}`}
            >
              <span aria-hidden>{starsText(stars)}</span>
              <span className={classes.track} aria-hidden>
                <span
                  className={classes.fill}
                  style={{
                    display: 'block',
                    width: `${(count / summary.count) * 100}%`,
                  }}
                />
              </span>
              <span className={classes.count} aria-hidden>
                {count}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
