import {
  Card,
  CardContent,
  Checkbox,
  Chip,
  FormControlLabel,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import { useMarketplaceLink } from '../shared/marketplaceLink';
import { CertificationBadge, HealthBadge, RatingBadge } from './AssetBadges';
import { facetLabel } from './FacetPanel';

const useStyles = makeStyles(theme => ({
  card: { height: '100%', display: 'flex', flexDirection: 'column' },
  head: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
  title: { fontSize: 16, fontWeight: 'bold', flexGrow: 1 },
  deprecated: {
    backgroundColor: theme.palette.warning.light,
    color: theme.palette.getContrastText(theme.palette.warning.light),
    fontWeight: 'bold',
  },
  description: {
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    margin: theme.spacing(1, 0),
  },
  meta: { color: theme.palette.text.secondary, fontSize: 12 },
  chips: { marginTop: theme.spacing(1) },
}));

export interface AssetCardProps {
  asset: MarketplaceAsset;
  /** Offered on Models: pick two to four to compare. */
  compare?: { checked: boolean; disabled: boolean; onChange(): void };
  /** Titles of owners by ref, from the search answer. */
  labels?: Record<string, string>;
}

/** One search result: what it is, who owns it, and whether to trust it. */
export function AssetCard({ asset, compare, labels }: AssetCardProps) {
  const classes = useStyles();
  const marketplaceLink = useMarketplaceLink();
  return (
    <Card className={classes.card} variant="outlined" data-testid="asset-card">
      <CardContent>
        <div className={classes.head}>
          <Typography component="h2" className={classes.title}>
            <EntityRefLink
              entityRef={asset.ref}
              title={asset.title ?? asset.name}
            />
          </Typography>
          {asset.lifecycle === 'deprecated' && (
            <Chip
              size="small"
              label="Deprecated"
              className={classes.deprecated}
              title="Deprecated: its page names the successor to use instead"
            />
          )}
          <CertificationBadge level={asset.certification} />
        </div>
        <Typography className={classes.meta}>
          {asset.kind}
          {asset.task && ` · ${asset.task}`}
          {asset.lifecycle &&
            asset.lifecycle !== 'deprecated' &&
            ` · ${asset.lifecycle}`}
          {asset.owner && (
            <>
              {' · '}
              <Link
                to={marketplaceLink({ owner: [asset.owner] })}
                title="Everything this team owns"
              >
                {facetLabel('owner', asset.owner, labels)}
              </Link>
            </>
          )}
        </Typography>
        {asset.description && (
          <Typography variant="body2" className={classes.description}>
            {asset.description}
          </Typography>
        )}
        <Typography className={classes.meta}>
          <HealthBadge status={asset.health} />
          {asset.health && ' · '}
          {asset.consumers === 1
            ? '1 consumer'
            : `${asset.consumers} consumers`}
          {asset.dataSources.length > 0 &&
            ` · data: ${asset.dataSources.join(', ')}`}
        </Typography>
        {asset.rating && asset.rating.count > 0 && (
          <Typography className={classes.meta} component="div">
            <RatingBadge rating={asset.rating} />
          </Typography>
        )}
        {asset.tags.length > 0 && (
          <div className={classes.chips}>
            {asset.tags.map(tag => (
              <Chip
                key={tag}
                size="small"
                label={tag}
                clickable
                // A link, not the button role a clickable chip takes.
                role="link"
                component={Link}
                to={marketplaceLink({ tag: [tag] })}
                title={`Everything tagged ${tag}`}
              />
            ))}
          </div>
        )}
        {compare && (
          <FormControlLabel
            control={
              <Checkbox
                size="small"
                checked={compare.checked}
                disabled={compare.disabled}
                onChange={compare.onChange}
              />
            }
            label="Compare"
          />
        )}
      </CardContent>
    </Card>
  );
}
