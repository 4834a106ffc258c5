import { Box, LinearProgress, Typography, makeStyles } from '@material-ui/core';
import { Entity } from '@backstage/catalog-model';
import { cardCompleteness } from '@ml-marketplace/plugin-ml-common';

/** Same bands as the card-completeness health check's defaults (pass 80, warn from 50). */
const PASS_SCORE = 80;
const WARN_SCORE = 50;

const useStyles = makeStyles(
  theme => ({
    bar: { height: 8, borderRadius: 4, marginBottom: theme.spacing(0.5) },
    pass: { backgroundColor: theme.palette.success.main },
    warn: { backgroundColor: theme.palette.warning.main },
    fail: { backgroundColor: theme.palette.error.main },
    suggestions: {
      margin: theme.spacing(1, 0, 0),
      paddingLeft: theme.spacing(3),
    },
    path: {
      fontFamily: 'monospace',
      fontSize: '0.85em',
      overflowWrap: 'anywhere',
    },
  }),
  { name: 'MlCardCompletenessMeter' },
);

/**
 * How complete the entity's card is (the same score the health check uses), and
 * what the owner could add next, with a hint per missing field.
 */
export function CardCompletenessMeter(props: { entity: Entity }) {
  const classes = useStyles();
  const { score, filled, missing } = cardCompleteness(props.entity);
  const total = filled.length + missing.length;
  let band = classes.fail;
  if (score >= PASS_SCORE) band = classes.pass;
  else if (score >= WARN_SCORE) band = classes.warn;

  return (
    <Box>
      <Typography variant="h6" component="h3">
        Card completeness
      </Typography>
      <LinearProgress
        variant="determinate"
        value={score}
        className={classes.bar}
        classes={{ barColorPrimary: band }}
        aria-label="Card completeness"
      />
      <Typography variant="body2" color="textSecondary">
        {`${score}% complete: ${filled.length} of ${total} recommended fields filled`}
      </Typography>
      {missing.length ? (
        <>
          <Typography variant="body2" component="p" style={{ marginTop: 8 }}>
            Suggestions for the owner:
          </Typography>
          <ul
            className={classes.suggestions}
            aria-label="Suggestions for the owner"
          >
            {missing.map(({ path, hint }) => (
              <li key={path}>
                <Typography variant="body2" component="span">
                  Add <code className={classes.path}>{path}</code>: {hint}
                </Typography>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <Typography variant="body2">
          Every recommended field is filled.
        </Typography>
      )}
    </Box>
  );
}
