import { Typography } from '@material-ui/core';
import { StatusWarning } from '@backstage/core-components';
import { FeatureStoreDifference } from '@ml-marketplace/plugin-ml-common';
import { Heading } from './Heading';
import { useStyles } from './styles';

/** Where spec.features and the store's view differ, and how to bring them into line. */
export function Differences(props: { differences: FeatureStoreDifference[] }) {
  const classes = useStyles();
  const { differences } = props;
  if (!differences.length) {
    return (
      <Typography
        variant="body2"
        className={`${classes.line} ${classes.muted}`}
      >
        The catalog matches the store.
      </Typography>
    );
  }
  return (
    <section
      className={classes.section}
      aria-label="Where the catalog and the store differ"
    >
      <Heading>Where the catalog and the store differ</Heading>
      <ul className={classes.list}>
        {differences.map((d, i) => (
          <li key={`${d.feature ?? ''}-${i}`} className={classes.item}>
            <Typography variant="body2" component="span">
              <StatusWarning>
                <span>
                  {d.feature && !d.message.includes(d.feature) && (
                    <>
                      <code>{d.feature}</code>:{' '}
                    </>
                  )}
                  {d.message}
                </span>
              </StatusWarning>
            </Typography>
          </li>
        ))}
      </ul>
      <Typography variant="body2" className={classes.muted}>
        Bring <code>spec.features</code> in the catalog-info.yaml and the view
        in Feast into line; the next sync shows the result.
      </Typography>
    </section>
  );
}
