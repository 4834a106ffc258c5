import {
  Checkbox,
  FormControlLabel,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  MARKETPLACE_FACETS,
  type MarketplaceFacet,
  type MarketplaceResults,
} from '@ml-marketplace/plugin-ml-common';

// `| 'rating'` keeps this table compiling against a common package without the facet.
export const FACET_TITLES: Record<MarketplaceFacet | 'rating', string> = {
  kind: 'Kind',
  domain: 'Domain',
  system: 'System',
  owner: 'Owner',
  tag: 'Tags',
  dataSource: 'Data source',
  lifecycle: 'Maturity',
  certification: 'Certification',
  health: 'Health',
  rating: 'Rating',
  license: 'Licence',
  task: 'Task',
};

const REF_FACETS = new Set<MarketplaceFacet>(['domain', 'system', 'owner']);
const HEALTH_LABELS: Record<string, string> = {
  pass: 'Healthy',
  warn: 'Warnings',
  fail: 'Failing',
};
/** Bands of mean stars (an asset is in every band it reaches), best first. */
const RATING_LABELS: Record<string, string> = {
  '4+': '4 stars & up',
  '3+': '3 stars & up',
  '2+': '2 stars & up',
  '1+': '1 star & up',
  unrated: 'Not rated yet',
};
const RATING_ORDER = Object.keys(RATING_LABELS);
/** Long facets show their top values; the rest stay reachable through search. */
const SHOWN = 8;

/** How a facet value reads: entity refs by title (else name), health in words. */
export function facetLabel(
  facet: MarketplaceFacet,
  value: string,
  labels: Record<string, string> = {},
): string {
  if (REF_FACETS.has(facet)) {
    if (labels[value]) return labels[value];
    try {
      return parseEntityRef(value).name;
    } catch {
      return value;
    }
  }
  if (facet === 'health') return HEALTH_LABELS[value] ?? value;
  // A string comparison: compiles against a common package without the facet too.
  if ((facet as string) === 'rating') return RATING_LABELS[value] ?? value;
  return value;
}

/** A facet's values in the order to show them: rating bands best first, others as counted. */
function ordered(
  facet: MarketplaceFacet,
  values: Array<{ value: string; count: number }>,
) {
  if ((facet as string) !== 'rating') return values;
  const rank = (v: string) =>
    RATING_ORDER.includes(v) ? RATING_ORDER.indexOf(v) : RATING_ORDER.length;
  return [...values].sort((a, b) => rank(a.value) - rank(b.value));
}

const useStyles = makeStyles(theme => ({
  facet: { marginBottom: theme.spacing(2) },
  title: {
    fontSize: 12,
    fontWeight: 'bold',
    textTransform: 'uppercase',
    color: theme.palette.text.secondary,
  },
  option: { display: 'flex', marginRight: 0 },
  label: { display: 'flex', justifyContent: 'space-between', width: '100%' },
  count: { color: theme.palette.text.secondary, marginLeft: theme.spacing(1) },
}));

export interface FacetPanelProps {
  facets?: MarketplaceResults['facets'];
  /** Titles of owners, systems and domains by ref. */
  labels?: Record<string, string>;
  selected: Partial<Record<MarketplaceFacet, string[]>>;
  onToggle(facet: MarketplaceFacet, value: string): void;
}

/** Checkbox lists with counts; values already selected stay visible even at zero. */
export function FacetPanel({
  facets,
  labels,
  selected,
  onToggle,
}: FacetPanelProps) {
  const classes = useStyles();
  return (
    <nav aria-label="Filters">
      {MARKETPLACE_FACETS.map(facet => {
        const chosen = selected[facet] ?? [];
        const counts = new Map(
          (facets?.[facet] ?? []).map(f => [f.value, f.count]),
        );
        const values = [
          ...ordered(facet, facets?.[facet] ?? [])
            .slice(0, SHOWN)
            .map(f => f.value),
          ...chosen,
        ].filter((v, i, all) => all.indexOf(v) === i);
        if (!values.length) return null;
        return (
          <fieldset
            key={facet}
            className={classes.facet}
            style={{ border: 0, padding: 0 }}
          >
            <Typography component="legend" className={classes.title}>
              {FACET_TITLES[facet]}
            </Typography>
            {values.map(value => (
              <FormControlLabel
                key={value}
                className={classes.option}
                control={
                  <Checkbox
                    size="small"
                    checked={chosen.includes(value)}
                    onChange={() => onToggle(facet, value)}
                  />
                }
                label={
                  <span className={classes.label}>
                    <span>{facetLabel(facet, value, labels)}</span>
                    <span className={classes.count}>
                      {counts.get(value) ?? 0}
                    </span>
                  </span>
                }
              />
            ))}
          </fieldset>
        );
      })}
    </nav>
  );
}
