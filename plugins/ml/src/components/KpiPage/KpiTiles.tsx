import { InfoCard, Link } from '@backstage/core-components';
import { Grid, Typography, makeStyles } from '@material-ui/core';
import type { MarketplaceKpis } from '@ml-marketplace/plugin-ml-common';
import { useMarketplaceLink } from '../shared/marketplaceLink';

const useStyles = makeStyles(theme => ({
  value: { fontSize: 36, fontWeight: 'bold' },
  caption: { color: theme.palette.text.secondary },
}));

export const percent = (share: number) => `${Math.round(share * 100)}%`;

/** One figure as a tile; the figure links to the assets behind it. */
export function Stat({
  label,
  value,
  hint,
  to,
}: {
  label: string;
  value: string;
  hint: string;
  to?: string;
}) {
  const classes = useStyles();
  const figure = (
    <Typography className={classes.value} aria-label={`${label}: ${value}`}>
      {value}
    </Typography>
  );
  return (
    <InfoCard title={label} noPadding={false}>
      {to ? (
        <Link to={to} underline="none" title={`The assets behind ${label}`}>
          {figure}
        </Link>
      ) : (
        figure
      )}
      <Typography variant="body2" className={classes.caption}>
        {hint}
      </Typography>
    </InfoCard>
  );
}

/** The marketplace's headline figures, by name. */
export type KpiTile = 'assets' | 'certified' | 'healthy' | 'reuse' | 'stale';

/**
 * Headline figures as a row of tiles (four to a row on wide screens), each
 * leading to the marketplace filtered to the assets it counts.
 */
export function KpiTiles({
  kpis,
  tiles,
}: {
  kpis: MarketplaceKpis;
  tiles: KpiTile[];
}) {
  const link = useMarketplaceLink();
  // Certification levels, lowest first: "certified" means at any of them.
  const levels = Object.keys(kpis.certifiedShare);
  const props: Record<KpiTile, Parameters<typeof Stat>[0]> = {
    assets: {
      label: 'Assets',
      value: String(kpis.assets),
      hint: 'Models, features and datasets you can see',
      to: link({}),
    },
    certified: {
      label: 'Certified',
      value: percent(kpis.certifiedShare[levels[0]] ?? 0),
      hint: 'At any certification level',
      to: link({ certification: levels }),
    },
    healthy: {
      label: 'Healthy',
      value: percent(kpis.healthyShare),
      hint: 'No failing health check',
      to: link({ health: ['pass', 'warn'] }),
    },
    reuse: {
      label: 'Reuse rate',
      value: percent(kpis.reuseRate),
      hint: 'Read by two or more entities; most reused first',
      to: link({ sort: 'reuse' }),
    },
    stale: {
      label: 'Stale',
      value: percent(kpis.staleShare),
      hint: 'No new version or evaluation lately; they show under Warnings',
      to: link({ health: ['warn'] }),
    },
  };
  return (
    <>
      {tiles.map(tile => (
        <Grid item xs={12} sm={6} md={3} key={tile}>
          <Stat {...props[tile]} />
        </Grid>
      ))}
    </>
  );
}
