import { Button, Grid, Typography, makeStyles } from '@material-ui/core';
import type {
  MarketplaceAsset,
  MarketplaceNearest,
} from '@ml-marketplace/plugin-ml-common';
import { AssetCard } from './AssetCard';

const useStyles = makeStyles(theme => ({
  note: { marginBottom: theme.spacing(2) },
  actions: { marginBottom: theme.spacing(2) },
}));

const quoted = (text?: string) => (text ? `“${text}”` : 'your search');

/** Why the nearest assets are shown, in words. */
function noteOf(
  reason: MarketplaceNearest['reason'],
  query: string | undefined,
  didYouMean: string | undefined,
) {
  switch (reason) {
    case 'withoutFilters':
      return `Nothing matches both ${quoted(
        query,
      )} and the filters you picked. Without the filters, these match:`;
    case 'didYouMean':
      return `Nothing matches ${quoted(query)}. These match ${quoted(
        didYouMean,
      )}:`;
    default:
      return `Nothing is close to ${quoted(
        query,
      )}. Try other words or fewer filters; meanwhile, the most trusted and most reused assets:`;
  }
}

export interface NoMatchesProps {
  query?: string;
  didYouMean?: string;
  nearest?: MarketplaceNearest;
  onClearFilters(): void;
  onSearch(text: string): void;
}

/**
 * An empty result that is not a dead end: what was not found, why the
 * nearest assets are shown, and one click to the search that finds them.
 */
export function NoMatches({
  query,
  didYouMean,
  nearest,
  onClearFilters,
  onSearch,
}: NoMatchesProps) {
  const classes = useStyles();
  const reason = nearest?.reason ?? 'popular';
  const items: MarketplaceAsset[] = nearest?.items ?? [];
  return (
    <section aria-label="No assets match">
      <Typography variant="h6" component="h2">
        No assets match
      </Typography>
      <Typography color="textSecondary">
        {noteOf(reason, query, didYouMean)}
      </Typography>
      <Typography
        className={classes.note}
        variant="caption"
        color="textSecondary"
        component="p"
      >
        Assets you may not read are not listed.
      </Typography>
      <div className={classes.actions}>
        {reason === 'withoutFilters' && (
          <Button variant="outlined" color="primary" onClick={onClearFilters}>
            Clear the filters
          </Button>
        )}
        {reason === 'didYouMean' && didYouMean && (
          <Button
            variant="outlined"
            color="primary"
            onClick={() => onSearch(didYouMean)}
          >
            Search for {quoted(didYouMean)}
          </Button>
        )}
      </div>
      <Grid container spacing={2}>
        {items.map(asset => (
          <Grid item xs={12} sm={6} lg={4} key={asset.ref}>
            <AssetCard asset={asset} />
          </Grid>
        ))}
      </Grid>
    </section>
  );
}
